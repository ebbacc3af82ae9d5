// Drives `ClusterCapacity` directly with random place/release sequences (no service, no clock
// advancing) and checks its bookkeeping after every step: each instance's CPU, memory, GPUs and
// task count are exactly the sums over the tasks placed on it and never above what it offers;
// every subnet's free IPs are its initial IPs less the instances and the ENI-holding tasks; a
// release gives back exactly what the place took, twice-released tasks change nothing, and
// once every task is released the cluster is as empty as it started.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterCapacity } from '../../src/capacity/cluster.js';
import { instanceType } from '../../src/catalog/index.js';
import type { ContainerInstance } from '../../src/domain/instance.js';
import { RngStreams, Simulation } from '../../src/engine/index.js';
import { parseScenario } from '../../src/index.js';
import type { ClusterSpec, TaskSize } from '../../src/domain/scenario.js';
import { Signals } from '../../src/domain/signals.js';
import { TaskState, type Task } from '../../src/domain/task.js';

const SIZES: [number, number][] = [
  [256, 512],
  [512, 1024],
  [1024, 2048],
  [2048, 4096],
  [1024, 7168],
];

function clusterSpec(capacity: string): ClusterSpec {
  const scenario = parseScenario(
    [
      'name: capacity-fuzz',
      'horizon: 1h',
      'workload: { rps: { type: constant, rps: 1 } }',
      'service: { task: { cpu: 256, memory: 512 }, desiredCount: 0, taskCapacity: 1 }',
      `alternatives: [{ name: a, capacity: ${capacity} }]`,
    ].join('\n'),
  );
  return scenario.alternatives[0].capacity as ClusterSpec;
}

const CLUSTERS = [
  '{ type: cluster, networkMode: awsvpc, subnets: [{ az: us-east-1a, ips: 5 }, { az: us-east-1b, ips: 3 }], providers: [{ name: od, asg: { instanceTypes: [m5.large], min: 3, max: 3, managedScaling: false } }] }',
  '{ type: cluster, networkMode: awsvpc, trunking: true, providers: [{ name: od, asg: { instanceTypes: [c5.xlarge], min: 2, max: 2, managedScaling: false } }], placement: [random] }',
  '{ type: cluster, networkMode: bridge, constraints: [distinctInstance], providers: [{ name: od, asg: { instanceTypes: [t3.medium], min: 3, max: 3, managedScaling: false } }] }',
  '{ type: cluster, networkMode: host, providers: [{ name: a, asg: { instanceTypes: [m5.large], min: 2, max: 2, managedScaling: false } }, { name: b, asg: { instanceTypes: [r5.large], min: 1, max: 1, managedScaling: false, reservedMemory: 1 GB } }], strategy: [{ provider: a, weight: 1 }, { provider: b, base: 1, weight: 2 }] }',
  '{ type: cluster, orchestrator: eks, providers: [{ name: nodes, asg: { instanceTypes: [m5.large], min: 2, max: 2, managedScaling: false } }], placement: [kube:MostAllocated] }',
  '{ type: cluster, subnets: [{ az: us-east-1a, ips: 2 }], providers: [{ name: FARGATE }, { name: FARGATE_SPOT, spot: { interruptionsPerHour: 0 } }], strategy: [{ provider: FARGATE, weight: 1 }, { provider: FARGATE_SPOT, weight: 1 }] }',
];

type Op = { kind: 'place'; size: number; service: number } | { kind: 'release'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), size: fc.integer({ min: 0, max: SIZES.length - 1 }), service: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
);

function newTask(id: number, size: TaskSize, service: string): Task {
  return { id, service, size, state: TaskState.STOPPED, launchedAt: 0, servingSince: NaN, stoppedAt: NaN, instanceId: -1, capacityProvider: '', az: '', warm: false, revision: 0, inService: false, timer: -1 };
}

function freeIps(cluster: ClusterCapacity): Map<string, number> {
  return (cluster as unknown as { subnets: { free: Map<string, number> } }).subnets.free;
}

function check(cluster: ClusterCapacity, spec: ClusterSpec, placed: Set<Task>): string[] {
  const out: string[] = [];
  const byInstance = new Map<number, Task[]>();
  for (const t of placed) if (t.instanceId >= 0) byInstance.set(t.instanceId, [...(byInstance.get(t.instanceId) ?? []), t]);
  for (const i of cluster.instances as ContainerInstance[]) {
    const tasks = byInstance.get(i.id) ?? [];
    const cpu = tasks.reduce((n, t) => n + t.size.cpuUnits, 0);
    const mem = tasks.reduce((n, t) => n + t.size.memoryMiB, 0);
    if (i.cpuUsed !== cpu || i.memoryUsed !== mem || i.tasks !== tasks.length || i.gpusUsed !== 0) out.push(`instance ${i.id}: uses ${i.cpuUsed}/${i.memoryUsed}/${i.tasks}, its tasks add up to ${cpu}/${mem}/${tasks.length}`);
    if (i.cpuUsed > i.cpuUnits || i.memoryUsed > i.memoryMiB || i.tasks > i.taskSlots) out.push(`instance ${i.id} over capacity: ${i.cpuUsed}/${i.cpuUnits} CPU, ${i.memoryUsed}/${i.memoryMiB} MiB, ${i.tasks}/${i.taskSlots} tasks`);
    for (const service of new Set(tasks.map((t) => t.service))) {
      if ((i.byService.get(service) ?? 0) !== tasks.filter((t) => t.service === service).length) out.push(`instance ${i.id}: byService ${service} is off`);
      if (spec.constraints.some((c) => c.type === 'distinctInstance') && tasks.filter((t) => t.service === service).length > 1) out.push(`instance ${i.id}: two tasks of ${service} despite distinctInstance`);
    }
  }
  const taskIp = spec.networkMode === 'awsvpc' && spec.orchestrator === 'ecs';
  for (const s of spec.subnets) {
    const held = cluster.instances.filter((i) => i.az === s.az).length + [...placed].filter((t) => t.az === s.az && (t.instanceId < 0 || taskIp)).length + (cluster.cni?.addressesIn(s.az) ?? 0);
    const free = freeIps(cluster).get(s.az);
    if (free !== s.ips - held) out.push(`subnet ${s.az}: ${free} free, expected ${s.ips} − ${held}`);
  }
  for (const p of cluster.providers) {
    const assigned = [...placed].filter((t) => t.capacityProvider === p.spec.name).length;
    if (p.assigned < assigned) out.push(`provider ${p.spec.name}: ${p.assigned} assigned < ${assigned} placed`);
  }
  return out;
}

describe('ClusterCapacity bookkeeping under random place/release sequences', () => {
  it.each(CLUSTERS.map((c, k) => [k, c]))('cluster %i', (_k, capacity) => {
    const spec = clusterSpec(capacity as string);
    let placements = 0;
    let failures = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const sim = new Simulation();
        const rng = new RngStreams(7);
        const cluster = new ClusterCapacity(sim, spec, new Signals(), (name) => rng.stream(name), (type) => Number(instanceType(type).onDemandUsdPerHour) / 3600);
        cluster.start();
        const placed = new Set<Task>();
        const unplaced = new Set<Task>();
        let id = 0;
        for (const o of ops) {
          if (o.kind === 'place') {
            const [cpuUnits, memoryMiB] = SIZES[o.size];
            const task = newTask(id++, { cpuUnits, memoryMiB, gpus: 0, ephemeralStorageGiB: 20, os: 'linux', arch: 'x86_64' }, `svc${o.service}`);
            if (cluster.place(task)) {
              placed.add(task);
              placements++;
            } else {
              failures++;
              unplaced.add(task);
              expect(task.az, 'a task that fits nowhere holds nothing').toBe('');
            }
          } else {
            const all = [...placed, ...unplaced];
            if (all.length === 0) continue;
            const task = all[o.pick % all.length];
            cluster.release(task);
            cluster.release(task); // a second release must change nothing
            placed.delete(task);
            unplaced.delete(task);
          }
          const problems = check(cluster, spec, placed);
          if (problems.length > 0) throw new Error(problems.join('\n'));
        }
        for (const t of [...placed, ...unplaced]) cluster.release(t);
        placed.clear();
        expect(check(cluster, spec, placed)).toEqual([]);
        for (const p of cluster.providers) {
          expect(p.assigned, `provider ${p.spec.name} assigned after releasing everything`).toBe(0);
          expect(p.waiting.size, `provider ${p.spec.name} waiting after releasing everything`).toBe(0);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
    // The sequences reach both outcomes: tasks placed, and tasks that fit nowhere.
    expect(placements).toBeGreaterThan(0);
    expect(failures).toBeGreaterThan(0);
  });
});
