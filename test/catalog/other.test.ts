import { describe, expect, it } from 'vitest';
import { CATALOG_TABLES, OTHER_RATES, closestNames, editDistance } from '../../src/catalog/index.js';

describe('other rates (us-east-1)', () => {
  it('carry the aws-facts and looked-up figures', () => {
    expect(OTHER_RATES.publicIpv4UsdPerAddressHour.rate.usd).toBe('0.005'); // aws-facts §3.6
    expect(OTHER_RATES.natGatewayUsdPerHour.rate.usd).toBe('0.045'); // §3.7
    expect(OTHER_RATES.natGatewayUsdPerHour.partialHourBilledAsFullHour).toBe(true);
    expect(OTHER_RATES.natGatewayUsdPerGbProcessed.rate.usd).toBe('0.045');
    expect(OTHER_RATES.interfaceEndpointUsdPerAzHour.rate.usd).toBe('0.01');
    expect(OTHER_RATES.interfaceEndpointUsdPerGbProcessed.rate.usd).toBe('0.01');
    expect(OTHER_RATES.crossAzUsdPerGbEachWay.rate.usd).toBe('0.01');
    expect(OTHER_RATES.eksControlPlaneUsdPerClusterHour.rate.usd).toBe('0.10');
    expect(OTHER_RATES.eksExtendedSupportUsdPerClusterHour.rate.usd).toBe('0.60');
    expect(OTHER_RATES.cloudwatchLogsIngestionUsdPerGb.rate.usd).toBe('0.50');
    expect(OTHER_RATES.ebsGp3UsdPerGbMonth.rate.usd).toBe('0.08');
    expect(OTHER_RATES.albUsdPerHour.rate.usd).toBe('0.0225');
  });

  it('every rate names its region and unit, source and date', () => {
    for (const [key, r] of Object.entries(OTHER_RATES)) {
      expect(r.region, key).toBe('us-east-1');
      expect(r.rate.unit.length, key).toBeGreaterThan(0);
      expect(r.rate.usd, key).toMatch(/^\d+\.\d+$/);
      expect(r.source.length, key).toBeGreaterThan(0);
      expect(r.asOf.length, key).toBeGreaterThan(0);
    }
  });
});

describe('catalog tables', () => {
  it('every table has a source and an as-of date', () => {
    expect(CATALOG_TABLES.length).toBeGreaterThan(0);
    for (const t of CATALOG_TABLES) {
      expect(t.source.trim().length, t.name).toBeGreaterThan(0);
      expect(t.asOf, t.name).toMatch(/^(\d{4}-\d{2}(-\d{2})?|undated)$/);
      if (t.asOf === 'undated') expect(t.note, t.name).toMatch(/undated/);
    }
    const names = CATALOG_TABLES.map((t) => t.name);
    for (const n of ['fargate rate card us-east-1', 'fargate task sizes', 'ec2 instance types', 'ri normalization factors']) {
      expect(names).toContain(n);
    }
  });
});

describe('closestNames', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('m5.lrage', 'm5.large')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('returns up to n nearest names, nearest first, ties by name', () => {
    const names = ['m5.large', 'm5.xlarge', 'm6i.large', 'c5.large', 'r5.large'];
    expect(closestNames('m5.lrage', names)[0]).toBe('m5.large');
    expect(closestNames('m5.large', names, 3)).toEqual(['m5.large', 'c5.large', 'm5.xlarge']);
    expect(closestNames('M5.LARGE', names, 1)).toEqual(['m5.large']);
    expect(closestNames('zzzzzzzz', names)).toEqual([]);
    expect(closestNames('m5.large', names, 0)).toEqual([]);
  });
});
