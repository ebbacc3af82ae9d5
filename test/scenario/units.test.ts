// The unit parsers behind every scenario field: a table of inputs and the base units they
// must resolve to, each worked out by hand (seconds, ECS CPU units with 1024 per vCPU, MiB with
// AWS's "GB" = GiB, GiB of storage, requests per second, dollars as written).

import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/domain/errors.js';
import {
  formatDuration,
  parseCpu,
  parseDuration,
  parseFraction,
  parseMemory,
  parseRate,
  parseStorage,
  parseUsd,
} from '../../src/scenario/units.js';

describe('parseDuration → seconds', () => {
  it.each([
    [90, 90], // a bare number is seconds
    ['90', 90],
    ['500ms', 0.5], // 500 × 0.001
    ['30s', 30],
    ['30 sec', 30],
    ['5m', 300], // 5 × 60 (m is minutes, not months)
    ['5 min', 300],
    ['1.5h', 5400], // 1.5 × 3600
    ['2 hours', 7200],
    ['730h', 2_628_000], // 730 × 3600
    ['7d', 604_800], // 7 × 86,400
    ['14d', 1_209_600], // 14 × 86,400
    ['2 days', 172_800],
    ['1w', 604_800], // 7 × 86,400
    ['1y', 31_536_000], // 365 × 86,400, the RI year
    [' 10 S ', 10], // case and surrounding blanks do not matter
    ['.5h', 1800],
  ])('%j → %d s', (input, seconds) => {
    expect(parseDuration(input)).toBeCloseTo(seconds, 9);
  });

  it.each([
    ['5 parsecs', /unknown unit "parsecs" for a duration/],
    ['soon', /cannot read a duration "soon"/],
    ['-5s', /a duration cannot be negative/],
    [true, /must be a number or a string with a unit/],
    [Infinity, /must be a finite number/],
  ])('rejects %j', (input, message) => {
    expect(() => parseDuration(input)).toThrow(message);
    try {
      parseDuration(input);
    } catch (err) {
      // every unit error says what is allowed
      expect(err).toBeInstanceOf(FieldError);
      expect((err as FieldError).allowed).toContain('"30s"');
    }
  });
});

describe('parseCpu → ECS CPU units (1024 per vCPU)', () => {
  it.each([
    [512, 512], // a bare number is CPU units, as in a task definition
    ['256', 256],
    ['0.25 vCPU', 256], // 0.25 × 1024
    ['0.5 vCPU', 512],
    ['1 vCPU', 1024],
    ['2 vcpus', 2048],
    ['16 vCPU', 16_384],
    ['4 cpu', 4096],
    ['512 cpu units', 512],
    ['1024 units', 1024],
  ])('%j → %d units', (input, units) => {
    expect(parseCpu(input)).toBe(units);
  });

  it.each([
    ['0.3 vCPU', /307.2 CPU units is not a whole number/], // 0.3 × 1024 = 307.2
    ['0 vCPU', /must be positive/],
    ['2 cores', /unknown unit "cores"/],
  ])('rejects %j', (input, message) => {
    expect(() => parseCpu(input)).toThrow(message);
  });
});

describe('parseMemory → MiB (GB means GiB, as in ECS)', () => {
  it.each([
    [2048, 2048], // a bare number is MiB
    ['512 MiB', 512],
    ['512 MB', 512],
    ['0.5 GB', 512], // 0.5 × 1024
    ['1 GB', 1024],
    ['2 GB', 2048],
    ['3 GiB', 3072],
    ['30 GB', 30_720],
    ['120 GB', 122_880], // 120 × 1024
    ['1 TB', 1_048_576], // 1024 × 1024
  ])('%j → %d MiB', (input, mib) => {
    expect(parseMemory(input)).toBe(mib);
  });

  it.each([
    ['0.1 GB', /102.4 MiB is not a whole number/], // 0.1 × 1024 = 102.4
    ['0 GB', /must be positive/],
    ['2 gigs', /unknown unit "gigs"/],
  ])('rejects %j', (input, message) => {
    expect(() => parseMemory(input)).toThrow(message);
  });
});

describe('parseStorage → GiB', () => {
  it.each([
    [50, 50],
    ['21 GB', 21],
    ['200 GiB', 200],
    ['1 TB', 1024],
  ])('%j → %d GiB', (input, gib) => {
    expect(parseStorage(input)).toBe(gib);
  });

  it('rejects a negative size', () => {
    expect(() => parseStorage('-1 GB')).toThrow(/cannot be negative/);
  });
});

describe('parseRate → requests per second', () => {
  it.each([
    [400, 400],
    ['400 rps', 400],
    ['400/s', 400],
    ['400 req/s', 400],
    ['24000 rpm', 400], // 24,000 / 60
    ['6000/min', 100], // 6,000 / 60
    ['3600 rph', 1], // 3,600 / 3,600
    ['7200/h', 2],
  ])('%j → %d rps', (input, rps) => {
    expect(parseRate(input)).toBeCloseTo(rps, 9);
  });

  it('rejects an unknown unit and says what is allowed', () => {
    expect(() => parseRate('400 qps')).toThrow(/unknown unit "qps" for a request rate/);
  });
});

describe('parseUsd → the decimal string as written', () => {
  it.each([
    [0.04048, '0.04048'],
    ['0.04048', '0.04048'],
    ['$0.096', '0.096'],
    [' $12 ', '12'],
    ['0.0000000308', '0.0000000308'], // no float round trip, no exponent added
  ])('%j → %j', (input, text) => {
    expect(parseUsd(input)).toBe(text);
  });

  it.each([['-0.1'], ['cheap'], ['$'], [null]])('rejects %j', (input) => {
    expect(() => parseUsd(input)).toThrow(/cannot read a price/);
  });
});

describe('parseFraction', () => {
  it.each([
    [0.3, 0.3],
    ['30%', 0.3],
    ['55 %', 0.55],
    ['0.7', 0.7],
    ['100%', 1],
    [0, 0],
  ])('%j → %d', (input, value) => {
    expect(parseFraction(input)).toBeCloseTo(value, 12);
  });

  it.each([
    ['130%', /1.3 is not between 0 and 1/],
    [2, /2 is not between 0 and 1/],
    ['half', /cannot read a fraction/],
  ])('rejects %j', (input, message) => {
    expect(() => parseFraction(input)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [1_209_600, '14d'],
    [7200, '2h'],
    [300, '5m'],
    [90, '90s'], // not a whole minute
    [3660, '61m'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
