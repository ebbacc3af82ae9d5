// The resolved scenario: every unit converted to base units (seconds, CPU units, MiB, GiB, rps,
// USD decimal strings), every catalog reference checked, every alternative's service fully
// merged. Models read only this; they never see YAML or unit strings.

import type { DistributionSpec } from '../engine/index.js';
import type { Arch, Rate } from '../catalog/index.js';

export type Os = 'linux' | 'windows';

export type Curve =
  | { type: 'constant'; rps: number }
  | { type: 'diurnal'; baseRps: number; peakRps: number; peakHour: number; weekendFactor: number }
  | { type: 'steps'; initialRps: number; steps: { atSeconds: number; rps: number }[] }
  | { type: 'spike'; baseRps: number; peakRps: number; atSeconds: number; rampUpSeconds: number; holdSeconds: number; rampDownSeconds: number }
  | { type: 'expression'; expr: string; sampleSeconds: number }
  | { type: 'sum'; terms: Curve[] };

export interface Workload {
  curve: Curve;
  /** Multiplicative noise: each minute's rps is scaled by a lognormal factor with mean 1 and this sigma. */
  noiseSigma: number;
}

export interface TaskSize {
  cpuUnits: number;
  memoryMiB: number;
  ephemeralStorageGiB: number;
  os: Os;
  arch: Arch;
}

export interface ServiceModel {
  name: string;
  task: TaskSize;
  desiredCount: number;
  /** The initial tasks are already RUNNING at t = 0 (a service that existed before the window). */
  warmStart: boolean;
  /** Requests per second one task serves at 100% CPU. */
  taskCapacityRps: number;
  /** Latency of a request on an idle task. */
  baseLatencySeconds: number;
  /** Time from launch until a task serves load; billing starts at launch. */
  startLatency: DistributionSpec;
  /** Share of the task's memory its containers use while running (an assumption; default 50%). */
  memoryUtilization: number;
}

export type PlacementField = 'cpu' | 'memory';
export type PlacementStep =
  | { type: 'binpack'; field: PlacementField }
  | { type: 'spread'; field: 'instanceId' }
  | { type: 'random' };

export type Capacity =
  | { type: 'fargate'; spot: boolean }
  | {
      type: 'ec2';
      instanceType: string;
      instances: number;
      placement: PlacementStep[];
      networkMode: 'awsvpc' | 'bridge' | 'host';
      trunking: boolean;
    };

export interface Alternative {
  name: string;
  capacity: Capacity;
  service: ServiceModel;
}

/** Fargate rates after scenario overrides; per-dimension decimal rates. */
export interface FargateRates {
  source: string;
  vcpu: Rate;
  memoryGb: Rate;
  osLicenseVcpu?: Rate;
  ephemeralStorageGbAbove20: Rate;
  minimumBilledSeconds: number;
  freeEphemeralStorageGb: number;
}

export interface Ec2Rates {
  source: string;
  instance: Rate;
}

export interface RateOverrides {
  fargate: Partial<Record<'linuxX86' | 'linuxArm' | 'windowsX86' | 'spotLinuxX86' | 'spotLinuxArm', Partial<Record<'vcpu' | 'memoryGb' | 'osLicenseVcpu', Rate>>>>;
  fargateSpotFraction?: number;
  fargateEphemeralGbAbove20?: Rate;
  ec2: Record<string, Rate>;
}

export interface Slo {
  latencyP95Seconds: number;
}

export interface Scenario {
  /** Path the scenario came from (for messages), or '<inline>'. */
  file: string;
  name: string;
  description: string;
  seed: number;
  region: string;
  horizonSeconds: number;
  tickSeconds: number;
  workload: Workload;
  slo: Slo;
  rates: RateOverrides;
  alternatives: Alternative[];
}
