// "Every problem at once", as the README promises, across both passes: a file with a unit typo
// (first pass) and max < min or a bad Fargate size (second pass) gets all of them in one go; and
// a problem the second pass would only invent because a refused field was taken out is not shown.

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { scenarioError } from '../fixtures/bad-scenario.js';

const problems = (text: string): ScenarioError => scenarioError(text, 'x.yaml');

const lines = (err: ScenarioError) => err.message.split('\n').slice(1).map((l) => l.trim());

describe('second-pass problems come with the first pass', () => {
  it('a unit typo and max < min: both, each at its own line', () => {
    const err = problems(`name: t
horizon: 1h
workload: { rps: { type: constant, rps: 100 } }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 2
  taskCapacity: 60
  baseLatency: 50 msec
  autoscaling: { minCapacity: 20, maxCapacity: 10 }
alternatives:
  - name: a
    capacity: { type: fargate }
`);
    expect(lines(err)).toEqual([
      expect.stringMatching(/^x\.yaml:8:16: service\.baseLatency: unknown unit "msec" for a duration/),
      // inherited from the top-level service: the position is the top-level field's (line 9, column 48)
      'x.yaml:9:48: alternatives[0].service.autoscaling.maxCapacity: maxCapacity is below minCapacity (got 10); allowed: at least 20',
    ]);
  });

  it('an unreadable alternative is set aside; the others are still checked, under their own index', () => {
    const err = problems(`name: t
horizon: 1h
workload: { rps: { type: constant, rps: 100 } }
service: { task: { cpu: 0.5 vCPU, memory: 6 GB }, desiredCount: 2, taskCapacity: 60 }
alternatives:
  - { name: a, capacity: { type: fargate-spt } }
  - { name: b, capacity: { type: fargate } }
`);
    expect(err.issues.map((i) => i.path)).toEqual(['alternatives[0].capacity.type', 'alternatives[1].service.task']);
    expect(err.message).toContain('alternatives[1].service.task: 0.5 vCPU / 6 GB is not a valid Fargate CPU/memory combination');
  });

  it('a bad horizon and an unknown region', () => {
    const err = problems(`name: t
horizon: 2 dys
region: mars-1
workload: { rps: { type: constant, rps: 100 } }
service: { task: { cpu: 0.5 vCPU, memory: 1 GB }, desiredCount: 2, taskCapacity: 60 }
alternatives:
  - { name: a, capacity: { type: fargate } }
`);
    expect(err.issues.map((i) => i.path)).toEqual(['horizon', 'region']);
    expect(err.message).toContain('did you mean "days"?');
    expect(err.message).toContain('region: no Fargate rates for region mars-1');
  });

  it('with the only alternative unreadable, service checks still run (at the service\'s own path)', () => {
    const err = problems(`name: t
horizon: 1h
workload: { rps: { type: constant, rps: 100 } }
service:
  task: { cpu: 0.5 vCPU, memory: 6 GB }
  desiredCount: 2
  taskCapacity: 60
  autoscaling: { minCapacity: 20, maxCapacity: 10 }
alternatives:
  - { name: a, capacity: { type: batch } }
`);
    // 0.5 vCPU / 6 GB is a bad Fargate size, but the alternative's capacity is unknown: not shown.
    expect(err.issues.map((i) => i.path)).toEqual(['alternatives[0].capacity.type', 'service.autoscaling.maxCapacity']);
    expect(lines(err)[1]).toBe('x.yaml:8:48: service.autoscaling.maxCapacity: maxCapacity is below minCapacity (got 10); allowed: at least 20');
  });

  it('no problem is invented by a field taken out: a bad arch does not become an "x86_64 task on a Graviton type" error', () => {
    const err = problems(`name: t
horizon: 1h
workload: { rps: { type: constant, rps: 100 } }
service: { task: { cpu: 0.5 vCPU, memory: 1 GB, arch: arm }, desiredCount: 2, taskCapacity: 60 }
alternatives:
  - { name: a, capacity: { type: ec2, instanceType: m6g.large, instances: 1 } }
`);
    // without the refused arch the task would default to x86_64, which m6g.large (arm64) cannot run
    expect(err.issues.map((i) => i.path)).toEqual(['service.task.arch']);
  });
});
