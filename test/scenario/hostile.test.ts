// Hostile and careless input, as a new user or a fuzzer writes it: each gets one clear line
// naming the field (or the file) and what is allowed, never a library's advice, a stack trace or
// a generic summary. Expected messages are the ones capsim promises, written out here.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { GOOD, edit, scenarioError as problems } from '../fixtures/bad-scenario.js';

/** The one message line of `path` (after "file:line:col: "). */
function line(err: ScenarioError, path: string): string {
  const found = err.message.split('\n').find((l) => l.includes(`: ${path}: `));
  expect(found, `no line for ${path} in\n${err.message}`).toBeDefined();
  return found!.trim();
}

describe('NaN, infinity and out-of-range numbers are named as such', () => {
  it('rps: .nan', () => {
    const err = problems(edit('rps: 100 }', 'rps: .nan }'));
    expect(line(err, 'workload.rps.rps')).toBe(
      'bad.yaml:3:41: workload.rps.rps: NaN (.nan) is not a number (got NaN); allowed: a request rate: requests/s, or e.g. "400 rps", "24000 rpm"',
    );
  });

  it('rps: .inf inside a list of curves', () => {
    const err = problems(edit('rps: { type: constant, rps: 100 } }', 'rps: [{ type: constant, rps: .inf }] }'));
    expect(line(err, 'workload.rps[0].rps')).toContain('workload.rps[0].rps: infinity (.inf) is not a number (got Infinity)');
  });

  it('a plain number field (noise) set to -.inf', () => {
    const err = problems(edit('rps: 100 } }', 'rps: 100 }, noise: -.inf }'));
    expect(line(err, 'workload.noise')).toContain('workload.noise: minus infinity (.inf) is not a number (got -Infinity)');
  });

  it('rps: 1e300 is out of range (at most a billion requests per second)', () => {
    const err = problems(edit('rps: 100 }', 'rps: 1e300 }'));
    expect(line(err, 'workload.rps.rps')).toContain('a request rate of 1e+300 is out of range (at most a billion requests per second)');
  });

  it('horizon: 1e20 seconds is out of range (at most 1000 years)', () => {
    const err = problems(edit('horizon: 1h', 'horizon: 1e20'));
    expect(line(err, 'horizon')).toContain('horizon: a duration of 100000000000000000000 is out of range (at most 1000 years)');
  });

  it('desiredCount: 1e300 is out of range', () => {
    const err = problems(edit('desiredCount: 2', 'desiredCount: 1e300'));
    expect(line(err, 'service.desiredCount')).toContain('desiredCount is out of range (at most 1,000,000,000)');
  });

  it('a seed of -1 or 1.5 is refused, like --seed', () => {
    expect(line(problems(`${GOOD}seed: -1\n`), 'seed')).toContain('(got -1)');
    expect(line(problems(`${GOOD}seed: 1.5\n`), 'seed')).toContain('(got 1.5)');
  });
});

describe('typos get "did you mean"', () => {
  it('a curve type: diurnl → diurnal, at the type field', () => {
    const err = problems(edit('{ type: constant, rps: 100 }', '{ type: diurnl, base: 10, peak: 20 }'));
    expect(line(err, 'workload.rps.type')).toBe(
      'bad.yaml:3:26: workload.rps.type: unknown rps curve type; allowed types: constant, diurnal, steps, spike, expression, trace; did you mean "diurnal"? (got "diurnl")',
    );
  });

  it('a unit: 100 rsp → rps', () => {
    const err = problems(edit('rps: 100 }', 'rps: 100 rsp }'));
    expect(line(err, 'workload.rps.rps')).toContain('unknown unit "rsp" for a request rate; did you mean "rps"? (got "100 rsp")');
  });

  it('an enum value: os: linx → linux', () => {
    const err = problems(edit('memory: 1 GB }', 'memory: 1 GB, os: linx }'));
    expect(line(err, 'service.task.os')).toContain('allowed: "linux", "windows"; did you mean "linux"?');
  });

  it('a capacity type: fargte → fargate', () => {
    const err = problems(edit('{ type: fargate }', '{ type: fargte }'));
    expect(line(err, 'alternatives[0].capacity.type')).toContain('did you mean "fargate"?');
  });
});

describe('YAML that is not one plain document: one line, no library advice', () => {
  it('two documents', () => {
    const err = problems(`${GOOD}---\nname: second\n`);
    expect(err.issues).toHaveLength(1);
    expect(err.message).toContain('bad.yaml:11:1: (syntax): the file holds more than one YAML document');
    expect(err.message).not.toContain('parseAllDocuments');
  });

  it('100,000 levels of nesting', () => {
    const err = problems(`${GOOD}description: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(err.issues).toHaveLength(1);
    // the 65th "[" is column 13 + 64 of line 11
    expect(err.message).toContain('bad.yaml:11:78: (syntax): lists and mappings nest more than 64 levels deep');
  });

  it('deep block nesting (indentation, no brackets)', () => {
    const deep = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    const err = problems(`${GOOD}${deep} 1\n`);
    expect(err.issues).toHaveLength(1);
    expect(err.message).toContain('(syntax): lists and mappings nest more than 64 levels deep');
  });

  it('an alias bomb (a billion laughs)', () => {
    const lol = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lol.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const err = problems(`${lol.join('\n')}\n${GOOD}`);
    expect(err.issues).toHaveLength(1);
    expect(err.message).toContain('(syntax): YAML aliases (*name) expand to too many values, as in an "alias bomb"');
    expect(err.message).not.toContain('resource exhaustion');
  });

  it('an alias with no anchor', () => {
    expect(problems(edit('name: t', 'name: *nothing')).message).toContain('a YAML alias has no anchor');
  });

  it('a YAML tag', () => {
    expect(problems(edit('name: t', 'name: !secret t')).message).toContain('unsupported YAML tag: !secret; a scenario uses plain values, no tags');
  });

  describe('a file too large to be a scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-hostile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('is refused before it is read', () => {
      const file = join(dir, 'huge.yaml');
      writeFileSync(file, `${GOOD}description: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
      expect(() => loadScenario(file)).toThrow(/the file is 5\.0 MiB, too large for a scenario; allowed: at most 4\.0 MiB/);
    });
  });
});

describe('values that made NaN or nonsense further on', () => {
  it('taskCapacity: 0 (the table printed NaN)', () => {
    const err = problems(edit('taskCapacity: 60', 'taskCapacity: 0'));
    expect(line(err, 'alternatives[0].service.taskCapacity')).toContain('a task must serve some requests');
  });

  it('an ec2 fleet larger than its subnets\' IPs (it was cut to what fits while the header showed the asked size)', () => {
    // three default /20 subnets of 4,091 free IPs: 12,273 instances at most
    const err = problems(edit('{ type: fargate }', '{ type: ec2, instanceType: m5.large, instances: 12274, networkMode: bridge }'));
    expect(line(err, 'alternatives[0].capacity.instances')).toContain(
      "not enough IP addresses: the fleet's 12,274 instances need one each, and its subnets (three /20, 4,091 free IPs each) have 12,273 (got 12274); allowed: at most 12,273 instances",
    );
    expect(() => parseScenario(edit('{ type: fargate }', '{ type: ec2, instanceType: m5.large, instances: 12273, networkMode: bridge }'))).not.toThrow();
  });

  const cluster = (extra: string) =>
    edit(
      '{ type: fargate }',
      `{ type: cluster, providers: [{ name: od, asg: { instanceTypes: [m5.large, c5.large], max: 4, desired: 1 } }], subnets: [{ az: us-east-1a, ips: 100 }, { az: us-east-1b, ips: 100 }], ${extra} }`,
    );

  it('a memberOf that matches no instance the cluster can launch (it dropped all traffic silently)', () => {
    const err = problems(cluster('constraints: ["memberOf(attribute:ecs.instance-type =~ r5.*)"]'));
    expect(line(err, 'alternatives[0].capacity.constraints[0]')).toContain(
      'matches no instance the cluster can launch, so no task could ever be placed; it can launch types m5.large, c5.large in us-east-1a, us-east-1b (providers od)',
    );
  });

  it('memberOf constraints that each match something but nothing together', () => {
    const err = problems(cluster('constraints: ["memberOf(attribute:ecs.instance-type == m5.large)", "memberOf(attribute:ecs.instance-family == c5)"]'));
    expect(line(err, 'alternatives[0].capacity.constraints')).toContain('no instance the cluster can launch meets all the memberOf constraints together');
  });

  it('a memberOf that some instance meets is fine', () => {
    expect(() => parseScenario(cluster('constraints: ["memberOf(attribute:ecs.availability-zone == us-east-1b and attribute:ecs.instance-family == c5)"]'))).not.toThrow();
  });

  it('a subnet with 0 IPs (it dropped all traffic silently)', () => {
    const err = problems(edit('ips: 100 }]', 'ips: 0 }]', cluster('')));
    expect(line(err, 'alternatives[0].capacity.subnets[1].ips')).toContain('a subnet with no free IP can hold no instance or task (got 0)');
  });

  it('a default concurrency beyond the latency model (taskCapacity 1e6 rps × 50 ms = 50,000)', () => {
    const err = problems(edit('taskCapacity: 60', 'taskCapacity: 1000000'));
    expect(line(err, 'alternatives[0].service.taskCapacity')).toContain('gives a concurrency of 50000 requests per task');
  });
});

// Each found by the fuzzer (test/fuzz), pinned here so it stays fixed whatever the fuzzer draws.
describe('found by the fuzzer', () => {
  it('a missing field says what it takes, not "expected string, received undefined"', () => {
    const err = problems('{}\n');
    expect(err.message).toContain('bad.yaml:1:1: name: missing required field (text)');
    expect(err.message).toContain('alternatives: missing required field (a list)');
    expect(err.message).not.toContain('undefined');
  });

  it('a price or managedScaling of the wrong shape names what it takes, not "Invalid input"', () => {
    const price = problems(`${GOOD}rates: { other: { natGatewayUsdPerHour: { x: 1 } } }\n`);
    expect(line(price, 'rates.other.natGatewayUsdPerHour')).toContain('US dollars: a number or a string such as "0.04048"');
    const ms = problems(edit('{ type: fargate }', '{ type: cluster, providers: [{ name: od, asg: { instanceTypes: [m5.large], max: 2, managedScaling: true } }] }'));
    expect(line(ms, 'alternatives[0].capacity.providers[0].asg.managedScaling')).toContain('ECS managed scaling: false, or { targetCapacity');
  });

  it('a key that is a list, spanning lines: one line, and no warning from the YAML library on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const err = problems(`${GOOD}? [a,\n   b]\n: 1\n`);
    expect(err.message.split('\n')).toHaveLength(2);
    expect(err.message).toContain('(top level): unknown field "[ a, b ]"; allowed fields: $schema, name');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('text that is not a string (library callers) is a ScenarioError', () => {
    expect(() => parseScenario(undefined as unknown as string, 'x.yaml')).toThrow(ScenarioError);
  });

  it('an alternatives list holding a number and an empty slot does not crash the second pass', () => {
    const err = problems(edit('  - name: a\n    capacity: { type: fargate }\n', '  - 0\n  - ~\n'));
    expect(err.issues.map((i) => i.path)).toEqual(['alternatives[0]', 'alternatives[1]']);
  });

  it('an empty rps expression (";") says so', () => {
    const err = problems(edit('{ type: constant, rps: 100 }', '{ type: expression, expr: ";" }'));
    expect(line(err, 'workload.rps.expr')).toContain('the expression has nothing to evaluate');
  });

  it('Poisson jobs at rate 0 are a load error (the run stopped with "exponential: mean must be a finite number")', () => {
    const err = problems(`name: j
horizon: 1h
jobs: { task: { cpu: 0.5 vCPU, memory: 1 GB }, arrivals: { type: poisson, rate: 0 rph }, duration: 5m }
alternatives: [{ name: a, capacity: { type: fargate } }]
`);
    expect(line(err, 'alternatives[0].jobs.arrivals.rate')).toContain('a Poisson rate of 0 brings no jobs');
  });
});
