import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadScenario } from '../scenario/load.js';
import { formatDuration } from '../scenario/units.js';
import { describePlatform } from '../run/assemble.js';
import { loadSweep } from '../scenario/sweep-load.js';

export function validateCommand(file: string): void {
  const s = loadScenario(file);
  const lines = [
    `${file}: valid`,
    `  ${s.name}: ${formatDuration(s.horizonSeconds)} in ${s.region}, tick ${s.tickSeconds}s, seed ${s.seed}`,
    ...s.alternatives.map((a) => {
      const c = a.capacity;
      const where = c.type === 'fargate' ? (c.spot ? 'Fargate Spot' : 'Fargate') : c.type === 'ec2' ? `EC2 ${c.instances} × ${c.instanceType}` : describePlatform(a).replace(/, tasks .*$/, '');
      const size = (t: { cpuUnits: number; memoryMiB: number; os: string; arch: string }) => `${t.cpuUnits} CPU units / ${t.memoryMiB} MiB (${t.os}/${t.arch})`;
      const parts = [
        ...(a.service ? [`${a.service.desiredCount} task${a.service.desiredCount === 1 ? '' : 's'} of ${size(a.service.task)}`] : []),
        ...(a.jobs ? [`jobs "${a.jobs.name}" as tasks of ${size(a.jobs.task)}`] : []),
      ];
      return `  - ${a.name}: ${where}; ${parts.join('; ')}`;
    }),
  ];
  // A sweep: block is checked too, every point built and validated as capsim sweep would.
  if ((parseYaml(readFileSync(file, 'utf8')) as { sweep?: unknown }).sweep !== undefined) {
    const sweep = loadSweep(file);
    lines.push(`  sweep (${sweep.mode}): ${sweep.points.length} points, every one valid: ${sweep.parameters.map((p) => `${p.name} (${p.values.length})`).join(' × ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
