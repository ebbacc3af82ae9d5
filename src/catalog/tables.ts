// The catalog's table of tables: every data table with its provenance, for the README,
// reports ("prices as of …") and `capsim catalog`. Adding a table means adding it here.

import { FARGATE_RATE_CARDS, FARGATE_SIZES_SOURCE } from './fargate-data.js';
import { INSTANCE_TABLE_SOURCE, INSTANCE_TYPE_ROWS, NORMALIZATION_FACTORS_SOURCE } from './ec2-data.js';
import { LB_CAPACITY_UNITS, MANAGED_INSTANCES_FEE, OTHER_RATES } from './other.js';
import { EC2_REGION_PRICES_SOURCE } from './ec2-regions.js';
import { COMMITMENT_CARDS } from './commitments.js';
import { EC2_WINDOWS_BILLING_SOURCE, EC2_WINDOWS_BURSTABLE_SOURCE, EC2_WINDOWS_LICENSE_SOURCE, WINDOWS_TASK_DEFAULTS_SOURCE } from './windows.js';
import { APP_RUNNER_LIMITS, APP_RUNNER_RATE_CARDS, LAMBDA_LIMITS, LAMBDA_RATE_CARDS } from './functions.js';
import type { CatalogTable, Sourced } from './types.js';

function table(name: string, s: Sourced): CatalogTable {
  return { name, source: s.source, asOf: s.asOf, ...(s.note !== undefined ? { note: s.note } : {}) };
}

export const CATALOG_TABLES: readonly CatalogTable[] = Object.freeze([
  ...Object.keys(FARGATE_RATE_CARDS)
    .sort()
    .map((region) => table(`fargate rate card ${region}`, FARGATE_RATE_CARDS[region])),
  table('fargate task sizes', FARGATE_SIZES_SOURCE),
  table('ec2 instance types', INSTANCE_TABLE_SOURCE),
  ...INSTANCE_TYPE_ROWS.filter((t) => t.source !== INSTANCE_TABLE_SOURCE.source).map((t) =>
    table(`ec2 instance type ${t.name}`, t),
  ),
  table('ec2 on-demand prices us-gov-east-1, us-gov-west-1', EC2_REGION_PRICES_SOURCE),
  table('ec2 windows licence per vCPU-hour', EC2_WINDOWS_LICENSE_SOURCE),
  table('ec2 windows licence on burstable types (per baseline vCPU)', EC2_WINDOWS_BURSTABLE_SOURCE),
  table('ec2 windows per-second billing', EC2_WINDOWS_BILLING_SOURCE),
  table('windows task start defaults', WINDOWS_TASK_DEFAULTS_SOURCE),
  ...Object.keys(COMMITMENT_CARDS)
    .sort()
    .map((family) => table(`commitment card ${family} (${COMMITMENT_CARDS[family].instanceType} ${COMMITMENT_CARDS[family].region})`, COMMITMENT_CARDS[family])),
  table('ri normalization factors', NORMALIZATION_FACTORS_SOURCE),
  ...Object.entries(OTHER_RATES)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, rate]) => table(`other rate ${name}`, rate)),
  ...Object.keys(LAMBDA_RATE_CARDS)
    .sort()
    .map((region) => table(`lambda rate card ${region}`, LAMBDA_RATE_CARDS[region])),
  table('lambda limits', LAMBDA_LIMITS),
  ...Object.keys(APP_RUNNER_RATE_CARDS)
    .sort()
    .map((region) => table(`app runner rate card ${region}`, APP_RUNNER_RATE_CARDS[region])),
  table('app runner limits', APP_RUNNER_LIMITS),
  table('load balancer capacity units', LB_CAPACITY_UNITS),
  table('ecs managed instances fee', MANAGED_INSTANCES_FEE),
]);

/** The catalog's date: the newest as-of date of its tables (a run records it, to tell when prices moved). */
export const CATALOG_AS_OF: string = CATALOG_TABLES.map((t) => t.asOf)
  .filter((d) => /^\d{4}-\d{2}/.test(d))
  .reduce((a, b) => (b > a ? b : a), '');
