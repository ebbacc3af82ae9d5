// Overrides of a scenario document and the sweep parameters built from them (src/scenario/override.ts).

import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/domain/errors.js';
import { applyOverride, expandRange, gridPoints, oneAtATimePoints, parsePath, parseSetFlag, parseSweepParameters, pointSets } from '../../src/scenario/override.js';

function caught(fn: () => unknown): FieldError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FieldError) return err;
    throw err;
  }
  throw new Error('expected a FieldError');
}

const doc = {
  service: { task: { cpu: '1 vCPU' }, autoscaling: { targetTracking: [{ metric: 'cpu', target: 60 }] } },
  alternatives: [{ name: 'a', capacity: { type: 'fargate' } }, { name: 'b', capacity: { type: 'ec2', instanceType: 'c5.large' } }],
};

describe('paths', () => {
  it('reads dotted paths with list indexes, in both spellings', () => {
    expect(parsePath('service.autoscaling.targetTracking.0.target')).toEqual(['service', 'autoscaling', 'targetTracking', 0, 'target']);
    expect(parsePath('alternatives[1].capacity.instanceType')).toEqual(['alternatives', 1, 'capacity', 'instanceType']);
    expect(() => parsePath('service..task')).toThrow(FieldError);
    expect(() => parsePath('')).toThrow(/not a scenario path/);
  });

  it('sets a value deep in lists and mappings without touching the original', () => {
    const out = applyOverride(doc, 'service.autoscaling.targetTracking.0.target', 45) as typeof doc;
    expect(out.service.autoscaling.targetTracking[0]).toEqual({ metric: 'cpu', target: 45 });
    expect(doc.service.autoscaling.targetTracking[0].target).toBe(60);
    const alt = applyOverride(doc, 'alternatives.1.capacity.instanceType', 'm5.large') as typeof doc;
    expect(alt.alternatives[1].capacity).toEqual({ type: 'ec2', instanceType: 'm5.large' });
    expect(alt.alternatives[0]).toBe(doc.alternatives[0]);
  });

  it('refuses a path that does not exist, naming it and what is there', () => {
    expect(() => applyOverride(doc, 'service.autoscalng.targetTracking.0.target', 1)).toThrow(/service.autoscalng.targetTracking.0.target: service has no field "autoscalng"/);
    const past = caught(() => applyOverride(doc, 'alternatives.2.capacity.instanceType', 'x'));
    expect(past.message).toMatch(/alternatives has no item 2/);
    expect(past.allowed).toBe('an index from 0 to 1');
    const scalar = caught(() => applyOverride(doc, 'service.task.cpu.units', 1));
    expect(scalar.message).toMatch(/service.task.cpu has no field "units"/);
    expect(scalar.allowed).toMatch(/single value \("1 vCPU"\)/);
  });
});

describe('values', () => {
  it('expands a range with both ends, without float noise', () => {
    expect(expandRange({ from: 40, to: 70, step: 10 }, 'x')).toEqual([40, 50, 60, 70]);
    // 0.1 + 0.1 + 0.1 is 0.30000000000000004 in floating point: the range says 0.3.
    expect(expandRange({ from: 0.1, to: 0.4, step: 0.1 }, 'x')).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(expandRange({ from: 1, to: 2, step: 0.75 }, 'x')).toEqual([1, 1.75]);
    expect(() => expandRange({ from: 5, to: 1, step: 1 }, 'x')).toThrow(/goes up/);
    expect(() => expandRange({ from: 0, to: 1, step: 0 }, 'x')).toThrow(/above 0/);
    expect(() => expandRange({ from: 0, to: 1e6, step: 1 }, 'x')).toThrow(/more than a sweep runs/);
  });

  it('reads --set lists as YAML scalars and ranges as numbers', () => {
    const list = parseSetFlag('service.task.cpu=0.5 vCPU,1 vCPU');
    expect(list.values.map((v) => v.sets[0].value)).toEqual(['0.5 vCPU', '1 vCPU']);
    expect(parseSetFlag('service.desiredCount=2,3').values.map((v) => v.sets[0].value)).toEqual([2, 3]);
    expect(parseSetFlag('x.target=40..60:10').values.map((v) => v.label)).toEqual(['40', '50', '60']);
    expect(parseSetFlag('x.n=1..3').values.map((v) => v.sets[0].value)).toEqual([1, 2, 3]);
    expect(() => parseSetFlag('1,2')).toThrow(/no "path="/);
    expect(() => parseSetFlag('a.b=1,,2')).toThrow(/empty value/);
  });

  it('reads the sweep block: lists, ranges and linked paths', () => {
    const params = parseSweepParameters({
      'service.desiredCount': [1, 2],
      'workload.rps.peak': { from: 400, to: 800, step: 200 },
      taskSize: { linked: [{ label: 'small', 'service.task.cpu': '0.5 vCPU', 'service.taskCapacity': '40 rps' }, { 'service.task.cpu': '1 vCPU', 'service.taskCapacity': '80 rps' }] },
    });
    expect(params.map((p) => p.values.length)).toEqual([2, 3, 2]);
    expect(params[2].values[0]).toEqual({ label: 'small', sets: [{ path: 'service.task.cpu', value: '0.5 vCPU' }, { path: 'service.taskCapacity', value: '40 rps' }] });
    expect(params[2].values[1].label).toBe('1 vCPU 80 rps');
  });
});

describe('points', () => {
  const params = [parseSetFlag('a=1,2'), parseSetFlag('b=x,y,z')];

  it('takes the cartesian product, the first parameter slowest', () => {
    // 2 × 3 = 6 points.
    expect(gridPoints(params)).toEqual([
      [0, 0], [0, 1], [0, 2],
      [1, 0], [1, 1], [1, 2],
    ]);
    expect(pointSets(params, [1, 2])).toEqual([{ path: 'a', value: 2 }, { path: 'b', value: 'z' }]);
  });

  it('one at a time: the base, then each parameter alone', () => {
    // 1 base + 2 + 3 = 6 points.
    expect(oneAtATimePoints(params)).toEqual([
      [-1, -1],
      [0, -1], [1, -1],
      [-1, 0], [-1, 1], [-1, 2],
    ]);
    expect(pointSets(params, [-1, 1])).toEqual([{ path: 'b', value: 'y' }]);
  });
});
