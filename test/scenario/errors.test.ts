// Malformed scenarios and the messages a user gets: each must name the file (with the line),
// the field path, the bad value and what is allowed, so the fix needs no look at capsim's source.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { GOOD, edit, scenarioError } from '../fixtures/bad-scenario.js';
import { thrown } from '../support/thrown.js';

interface Expected {
  /** Field path as the message prints it. */
  path: string;
  /** 1-based line of the field in the YAML text. */
  line?: number;
  /** What the message says is wrong. */
  says: RegExp | string;
  /** The bad value as printed after "got". */
  got?: string;
  /** What is allowed (after "allowed:", or in the message itself where noted). */
  allowed?: RegExp | string;
}

/** Finds the message line for `path` and checks file:line, value and allowed part. */
function expectProblem(err: ScenarioError, e: Expected, file = 'bad.yaml'): string {
  expect(err.file).toBe(file);
  expect(err.issues.map((i) => i.path)).toContain(e.path);
  const line = err.message.split('\n').find((l) => l.includes(`: ${e.path}: `));
  expect(line, `no message line for ${e.path} in:\n${err.message}`).toBeDefined();
  const text = line!.trim();
  expect(text.startsWith(e.line ? `${file}:${e.line}:` : file)).toBe(true);
  if (typeof e.says === 'string') expect(text).toContain(e.says);
  else expect(text).toMatch(e.says);
  if (e.got !== undefined) expect(text).toContain(`(got ${e.got})`);
  if (e.allowed !== undefined) {
    if (typeof e.allowed === 'string') expect(text).toContain(e.allowed);
    else expect(text).toMatch(e.allowed);
  }
  return text;
}

describe('Fargate task sizes', () => {
  it('0.25 vCPU with 3 GB is not a Fargate size: lists the nearest valid sizes', () => {
    const err = scenarioError(edit('cpu: 0.5 vCPU, memory: 1 GB', 'cpu: 0.25 vCPU, memory: 3 GB'));
    // 0.25 vCPU allows 0.5, 1, 2 GB. Nearest sizes covering 256 units / 3072 MiB, by relative
    // distance: 0.5 vCPU/3 GB (cpu +100%) = 1, 0.5 vCPU/4 GB √(1² + ⅓²) ≈ 1.05, 1 vCPU/3 GB (+300%) = 3.
    expectProblem(err, {
      path: 'alternatives[0].service.task',
      says: '0.25 vCPU / 3 GB is not a valid Fargate CPU/memory combination',
      got: '{"cpu":256,"memory":3072}',
      allowed: 'allowed: nearest valid sizes: 0.5 vCPU / 3 GB, 0.5 vCPU / 4 GB, 1 vCPU / 3 GB',
    });
  });

  it('a Windows task with 0.5 vCPU: Windows needs at least 1 vCPU', () => {
    const err = scenarioError(edit('memory: 1 GB }', 'memory: 1 GB, os: windows }'));
    expectProblem(err, {
      path: 'alternatives[0].service.task',
      says: 'Windows tasks on Fargate need at least 1 vCPU',
      got: '{"cpu":512,"memory":1024}',
      allowed: /allowed: nearest valid sizes: .*1 vCPU \/ 2 GB/,
    });
  });

  // Was a bug, fixed (src/scenario/resolve-capacity.ts checkFargateTask): the reason is glued after "is", so the message
  // reads "0.5 vCPU / 1 GB is Windows tasks on Fargate need at least 1 vCPU".
  it('the Windows-size message is a sentence ("… is Windows tasks …" is not)', () => {
    const err = scenarioError(edit('memory: 1 GB }', 'memory: 1 GB, os: windows }'));
    expect(err.message).not.toContain('1 GB is Windows tasks');
  });

  it('ephemeral storage above 200 GiB', () => {
    const err = scenarioError(edit('memory: 1 GB }', 'memory: 1 GB, ephemeralStorage: 250 GB }'));
    expectProblem(err, { path: 'alternatives[0].service.task.ephemeralStorage', says: 'out of range', got: '250', allowed: 'allowed: a whole number of GiB from 20 to 200' });
  });

  // Was a bug: 25.5 GB passed validation and the run died in the Fargate meter (BigInt of 5.5).
  // ECS takes ephemeralStorage.sizeInGiB as an integer (API_EphemeralStorage, "Type: Integer").
  it('ephemeral storage in a fraction of a GiB is refused at load', () => {
    const err = scenarioError(edit('memory: 1 GB }', 'memory: 1 GB, ephemeralStorage: 25.5 GB }'));
    expectProblem(err, { path: 'alternatives[0].service.task.ephemeralStorage', says: 'whole GiB', got: '25.5', allowed: 'allowed: a whole number of GiB from 20 to 200' });
  });

  // ECS's size table gives 8 and 16 vCPU as "Linux" only; 1, 2 and 4 vCPU as "Linux, Windows"
  // (task-cpu-memory-error.html).
  it('a Windows task of 8 vCPU is not a Fargate size', () => {
    const err = scenarioError(edit('cpu: 0.5 vCPU, memory: 1 GB', 'cpu: 8 vCPU, memory: 16 GB, os: windows'));
    expectProblem(err, { path: 'alternatives[0].service.task', says: '8 vCPU / 16 GB is not a valid Fargate CPU/memory combination for Windows, which runs at 1, 2 and 4 vCPU', allowed: /nearest valid sizes: 4 vCPU/ });
    expect(() => parseScenario(edit('cpu: 0.5 vCPU, memory: 1 GB', 'cpu: 4 vCPU, memory: 30 GB, os: windows'), 'ok.yaml')).not.toThrow();
    expect(() => parseScenario(edit('cpu: 0.5 vCPU, memory: 1 GB', 'cpu: 8 vCPU, memory: 16 GB'), 'ok.yaml')).not.toThrow();
  });

  it('Windows on Fargate Spot', () => {
    const text = edit('{ type: fargate }', '{ type: fargate-spot }', edit('cpu: 0.5 vCPU, memory: 1 GB', 'cpu: 1 vCPU, memory: 2 GB, os: windows'));
    expectProblem(scenarioError(text), { path: 'alternatives[0].service.task.os', says: 'Fargate Spot does not run Windows tasks', got: '"windows"', allowed: 'allowed: linux' });
  });
});

describe('EC2 capacity', () => {
  const ec2 = (capacity: string, task?: string) => {
    const text = edit('{ type: fargate }', capacity);
    return task ? edit('cpu: 0.5 vCPU, memory: 1 GB', task, text) : text;
  };

  it('unknown instance type "m5.lrage" suggests m5.large, with the line of the field', () => {
    const text = expectProblem(scenarioError(ec2('{ type: ec2, instanceType: m5.lrage, instances: 2 }')), {
      path: 'alternatives[0].capacity.instanceType',
      line: 10,
      says: 'Unknown instance type "m5.lrage"',
      got: '"m5.lrage"',
    });
    // the first suggestion is the one-transposition fix
    expect(text).toMatch(/allowed: did you mean m5\.large/);
    // Said once, not in the message and again in what is allowed (an audit found it twice).
    expect(text.match(/did you mean/gi)).toHaveLength(1);
  });

  // Was a bug, fixed (src/scenario/resolve-capacity.ts checkInstanceType, catch block): `allowed` is built from
  // CatalogError.allowed, which instanceType() fills with EVERY type in the catalog, so the
  // message ends "allowed: did you mean c5.2xlarge, c5.4xlarge, …, t4g.medium?" (26 names).
  it('"did you mean" offers only near names, not the whole catalog', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: m5.lrage, instances: 2 }'));
    const allowed = err.issues[0].allowed ?? '';
    expect(allowed).not.toContain('r6i.large'); // 3+ edits away from "m5.lrage"
  });

  // Was a bug, fixed (src/scenario/resolve-billing.ts checkEc2Prices): it calls
  // instanceTypePrice() for every EC2 alternative, and that also throws for an UNKNOWN type, so
  // "m5.lrage" in us-east-1 gets a second, wrong problem: "no on-demand price for m5.lrage in
  // us-east-1 in the catalog … allowed: a region with EC2 prices (us-east-1)".
  it('an unknown instance type is one problem, not also a missing price', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: m5.lrage, instances: 2 }'));
    expect(err.issues).toHaveLength(1);
  });

  it('an arm64 task on an x86_64 instance type', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: m5.large, instances: 1 }', 'cpu: 0.5 vCPU, memory: 1 GB, arch: arm64'));
    expectProblem(err, {
      path: 'alternatives[0].capacity.instanceType',
      says: 'm5.large is x86_64 but the task is built for arm64',
      got: '"m5.large"',
      allowed: 'allowed: an arm64 instance type',
    });
  });

  it('a task larger than the instance (4 vCPU / 8 GB on a 2 vCPU / 4 GiB t3.medium)', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: t3.medium, instances: 1 }', 'cpu: 4 vCPU, memory: 8 GB'));
    expectProblem(err, {
      path: 'alternatives[0].capacity.instanceType',
      says: 'the task (4 vCPU / 8 GB) does not fit on t3.medium (2 vCPU / 4 GiB installed, 3992 MiB registered for tasks)',
      got: '"t3.medium"',
      allowed: 'allowed: an instance type at least as large as the task',
    });
  });

  it('a broken placement step', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: m5.large, instances: 1, placement: [binpack:disk] }'));
    expectProblem(err, {
      path: 'alternatives[0].capacity.placement[0]',
      line: 10,
      says: 'a placement step: binpack:cpu, binpack:memory, spread:instanceId, spread:az, spread:instanceType, random, kube:LeastAllocated or kube:MostAllocated',
      got: '"binpack:disk"',
    });
  });

  it('zero instances', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: m5.large, instances: 0 }'));
    expectProblem(err, { path: 'alternatives[0].capacity.instances', says: 'instances must be at least 1', got: '0' });
  });

  it('trunking on a type that does not support it (t3 family)', () => {
    const err = scenarioError(ec2('{ type: ec2, instanceType: t3.medium, instances: 1, trunking: true }'));
    expectProblem(err, {
      path: 'alternatives[0].capacity.trunking',
      says: 't3.medium does not support ENI trunking',
      got: 'true',
      allowed: 'allowed: false, or an instance type that supports awsvpcTrunking',
    });
  });

  it('an unknown capacity type lists the known ones', () => {
    const err = scenarioError(edit('{ type: fargate }', '{ type: batch }'));
    expectProblem(err, { path: 'alternatives[0].capacity.type', says: 'allowed types: fargate, fargate-spot, ec2', got: '"batch"' });
  });
});

describe('fields, units and values', () => {
  it('a typo in a field name (desiredCont) lists the allowed fields', () => {
    const err = scenarioError(edit('desiredCount: 2', 'desiredCont: 2'));
    // At the misspelt key's own line (6), not the service map's first key (line 5).
    expectProblem(err, { path: 'service', line: 6, says: 'unknown field "desiredCont"', allowed: /allowed fields: name, task, desiredCount, /u });
    // …and the real field is then missing, reported at the same time
    expectProblem(err, { path: 'service.desiredCount', says: 'missing required field' });
    expect(err.message.split('\n')[0]).toBe('invalid scenario (2 problems)');
  });

  it('a bad unit ("5 parsecs")', () => {
    const err = scenarioError(edit('horizon: 1h', 'horizon: 5 parsecs'));
    expectProblem(err, {
      path: 'horizon',
      line: 2,
      says: 'unknown unit "parsecs" for a duration',
      got: '"5 parsecs"',
      allowed: 'allowed: a number of seconds or e.g. "500ms", "30s", "5m", "2h", "7d", "1w"',
    });
  });

  it('a duration that is not one ("fast")', () => {
    const err = scenarioError(edit('taskCapacity: 60', 'taskCapacity: 60\n  baseLatency: fast'));
    expectProblem(err, { path: 'service.baseLatency', line: 8, says: 'cannot read a duration "fast"', got: '"fast"', allowed: /allowed: a number of seconds/ });
  });

  // Was a bug, fixed (src/scenario/schema.ts `distribution`): the union of a duration and the distribution
  // types has no error message, so a bad start latency reads only
  // "service.startLatency: Invalid input (got "soon")": neither a duration format nor the
  // distribution types are named.
  it('a bad start latency says which durations or distribution types are allowed', () => {
    const err = scenarioError(edit('taskCapacity: 60', 'taskCapacity: 60\n  startLatency: soon'));
    expectProblem(err, { path: 'service.startLatency', says: /duration/, got: '"soon"', allowed: /lognormal/ });
  });

  it('an unknown distribution type ("gamma") lists the known ones, at the type field', () => {
    const err = scenarioError(edit('taskCapacity: 60', 'taskCapacity: 60\n  startLatency: { type: gamma, mean: 3s }'));
    expectProblem(err, { path: 'service.startLatency.type', says: /constant.*uniform.*exponential.*normal.*lognormal.*empirical/, got: '"gamma"' });
  });

  it('an unknown curve type lists the curve types, at the type field', () => {
    const err = scenarioError(edit('{ type: constant, rps: 100 }', '{ type: sinus, rps: 100 }'));
    expectProblem(err, {
      path: 'workload.rps.type',
      line: 3,
      says: 'unknown rps curve type; allowed types: constant, diurnal, steps, spike, expression, trace',
      got: '"sinus"',
    });
  });

  it('a missing required field (horizon)', () => {
    const err = scenarioError(edit('horizon: 1h\n', ''));
    // the message says the field is missing and what a horizon looks like
    expectProblem(err, { path: 'horizon', says: /missing required field \(a duration: .*"30s", "5m", "2h", "7d"\)/ });
  });

  it('a negative count', () => {
    const err = scenarioError(edit('desiredCount: 2', 'desiredCount: -2'));
    expectProblem(err, { path: 'service.desiredCount', line: 6, says: 'desiredCount cannot be negative', got: '-2' });
  });

  it('a fractional count', () => {
    const err = scenarioError(edit('desiredCount: 2', 'desiredCount: 2.5'));
    expectProblem(err, { path: 'service.desiredCount', says: 'desiredCount must be a whole number', got: '2.5' });
  });

  it('an enum value that does not exist (os: macos)', () => {
    const err = scenarioError(edit('memory: 1 GB }', 'memory: 1 GB, os: macos }'));
    expectProblem(err, { path: 'service.task.os', got: '"macos"', says: 'expected one of', allowed: 'allowed: "linux", "windows"' });
  });

  it('a price that is not a number', () => {
    const err = scenarioError(`${GOOD}rates: { fargate: { linuxX86: { vcpu: cheap } } }\n`);
    expectProblem(err, { path: 'rates.fargate.linuxX86.vcpu', line: 11, says: 'a rate: a number (per hour), or { usdPerHour: n } or { usdPerSecond: n }', got: '"cheap"' });
  });

  it('a YAML syntax error gives the line', () => {
    const err = scenarioError(edit('desiredCount: 2', 'desiredCount: [2'));
    // the unclosed "[" on line 6 is detected where the next key starts, line 7
    expectProblem(err, { path: '(syntax)', line: 7, says: 'YAML syntax error' });
  });

  it('a key given twice is a YAML error, not a silent override', () => {
    const err = scenarioError(edit('desiredCount: 2', 'desiredCount: 2\n  desiredCount: 3'));
    expectProblem(err, { path: '(syntax)', line: 7, says: 'Map keys must be unique' });
  });

  it('a file that is a list, not a mapping', () => {
    const err = scenarioError('- a\n- b\n');
    expectProblem(err, { path: '(top level)', says: 'a scenario must be a mapping of fields', got: '["a","b"]', allowed: 'allowed: name, horizon, workload, service, alternatives' });
  });
});

describe('whole-scenario checks', () => {
  it('two alternatives with the same name', () => {
    const err = scenarioError(`${GOOD}  - name: a\n    capacity: { type: fargate-spot }\n`);
    expectProblem(err, { path: 'alternatives[1].name', line: 11, says: 'two alternatives have the same name', got: '"a"', allowed: 'allowed: a unique name per alternative' });
  });

  it('no alternatives', () => {
    const err = scenarioError(edit(/alternatives:[\s\S]*/, 'alternatives: []\n'));
    expectProblem(err, { path: 'alternatives', says: 'at least one alternative is needed', got: '[]' });
  });

  it('an unknown region lists the regions with Fargate rates, and the rates it would need', () => {
    const err = scenarioError(edit('horizon: 1h', 'horizon: 1h\nregion: us-est-1'));
    const text = expectProblem(err, {
      path: 'region',
      line: 3,
      says: 'no Fargate rates for region us-est-1',
      got: '"us-est-1"',
      allowed: 'allowed: a region with a Fargate rate card (ap-northeast-1, eu-west-1, sa-east-1, us-east-1), or add rates: { fargate: { linuxX86: { vcpu: <USD per vCPU-hour>, memoryGb: <USD per GB-hour> } } }',
    });
    expect(text).toContain('did you mean us-east-1?');
    expect(text).toContain('linux/x86_64 tasks in us-est-1 need rates.fargate.linuxX86.vcpu, rates.fargate.linuxX86.memoryGb');
  });

  // A region without a card runs on rates.fargate alone (test/billing/runs.test.ts); a rate left out
  // is named by its path under rates.fargate, with the region and what to add.
  it('a region without a Fargate card and a rate missing from rates.fargate names the field to add', () => {
    const err = scenarioError(edit('horizon: 1h', 'horizon: 1h\nregion: us-west-2\nrates: { fargate: { linuxX86: { vcpu: 0.04048 } } }'));
    expectProblem(err, {
      path: 'rates.fargate.linuxX86.memoryGb',
      line: 4, // the nearest field that is there: rates.fargate.linuxX86
      says: 'no Fargate rates for region us-west-2: capsim has no rate card for it',
      got: '"us-west-2"',
      allowed: 'allowed: add rates: { fargate: { linuxX86: { memoryGb: <USD per GB-hour> } } }',
    });
    expect(err.message).toContain('linux/x86_64 tasks in us-west-2 need rates.fargate.linuxX86.memoryGb');
    expect(err.issues).toHaveLength(1);
  });

  it('Fargate Spot in a region without a card needs a Spot table or spotFraction', () => {
    const text = edit('horizon: 1h', 'horizon: 1h\nregion: us-west-2\nrates: { fargate: { linuxX86: { vcpu: 0.04048, memoryGb: 0.004445 } } }', edit('{ type: fargate }', '{ type: fargate-spot }'));
    expectProblem(scenarioError(text), {
      path: 'rates.fargate.spotLinuxX86.vcpu',
      says: 'linux/x86_64 tasks on Fargate Spot in us-west-2 need rates.fargate.spotLinuxX86.vcpu, rates.fargate.spotLinuxX86.memoryGb',
      allowed: 'add rates: { fargate: { spotLinuxX86: { vcpu: <USD per vCPU-hour>, memoryGb: <USD per GB-hour> } } } (for Spot, spotFraction: <share of on-demand> instead of the Spot table)',
    });
  });

  it('a card without arm64 rates and a half-given linuxArm names the missing field (was a crash on the undefined memory rate)', () => {
    const text = edit('horizon: 1h', 'horizon: 1h\nregion: eu-west-1\nrates: { fargate: { linuxArm: { vcpu: 0.03238 } } }', edit('memory: 1 GB }', 'memory: 1 GB, arch: arm64 }'));
    expectProblem(scenarioError(text), {
      path: 'rates.fargate.linuxArm.memoryGb',
      says: 'the eu-west-1 Fargate rate card has no linuxArm.memoryGb, and the scenario does not give it',
      allowed: 'add rates: { fargate: { linuxArm: { memoryGb: <USD per GB-hour> } } }',
    });
  });

  // Was a bug, fixed (src/scenario/resolve.ts resolveScenario): the region is checked only when some
  // alternative uses Fargate. An EC2-only scenario in a region without EC2 prices (the catalog
  // has us-east-1 only) and without `rates.ec2` validates, then fails at run time inside
  // instanceTypePrice() with a message that names no file, field or line.
  it('an EC2-only scenario in a region with no EC2 prices is rejected at validation', () => {
    const text = edit('{ type: fargate }', '{ type: ec2, instanceType: m5.large, instances: 1 }', edit('horizon: 1h', 'horizon: 1h\nregion: eu-west-1'));
    const err = scenarioError(text);
    expect(err.message).toMatch(/m5\.large|region/);
  });

  it('a tick that does not divide a minute', () => {
    const err = scenarioError(edit('horizon: 1h', 'horizon: 1h\ntick: 7s'));
    expectProblem(err, { path: 'tick', line: 3, says: 'the tick must divide a minute evenly', got: '7', allowed: 'allowed: 1s, 2s, 5s, 10s, 15s, 20s, 30s, 60s' });
  });

  it('ticks that divide a minute are accepted: 1s, 15s, 60s, 500ms, 250ms', () => {
    for (const tick of ['1s', '15s', '60s', '500ms', '250ms']) {
      expect(parseScenario(edit('horizon: 1h', `horizon: 1h\ntick: ${tick}`)).tickSeconds).toBeGreaterThan(0);
    }
  });

  // Was a bug, fixed (src/scenario/resolve.ts, tick check `60 % tickSeconds !== 0`): floating-point modulo
  // rejects 100 ms (60 % 0.1 = 0.0999…), although the message itself allows "fractions of a
  // second that divide 1s" and 0.1 s divides 1 s ten times.
  it('a 100 ms tick (divides 1 s) is accepted', () => {
    expect(parseScenario(edit('horizon: 1h', 'horizon: 1h\ntick: 100ms')).tickSeconds).toBeCloseTo(0.1, 12);
  });

  it('a horizon under one minute', () => {
    const err = scenarioError(edit('horizon: 1h', 'horizon: 30s'));
    expectProblem(err, { path: 'horizon', says: 'the horizon is shorter than one minute', got: '30', allowed: 'allowed: at least 60s' });
  });

  it('reports every problem of a stage at once, each on its own line', () => {
    const err = scenarioError(edit('horizon: 1h', 'horizon: 5 parsecs', edit('desiredCount: 2', 'desiredCount: -1')));
    expect(err.issues.map((i) => i.path).sort()).toEqual(['horizon', 'service.desiredCount']);
    // a head line and one line per problem
    expect(err.message.split('\n')).toHaveLength(3);
    expect(err.message.split('\n')[0]).toBe('invalid scenario (2 problems)');
  });
});

describe('loadScenario names the file it read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a file with a bad field: path:line:column in the message', () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, edit('{ type: fargate }', '{ type: ec2, instanceType: m5.lrage, instances: 2 }'));
    const err = thrown(() => loadScenario(file));
    expect(err).toBeInstanceOf(ScenarioError);
    // "capacity: { type: ec2, instanceType: m5.lrage" — the value starts at column 42 of line 10
    expect((err as Error).message).toContain(`${file}:10:42: alternatives[0].capacity.instanceType`);
  });

  it('a missing file', () => {
    const file = join(dir, 'nope.yaml');
    expect(() => loadScenario(file)).toThrow(/cannot read the scenario file/);
    try {
      loadScenario(file);
    } catch (e) {
      expect((e as ScenarioError).file).toBe(file);
      expect((e as Error).message).toContain(file);
    }
  });
});
