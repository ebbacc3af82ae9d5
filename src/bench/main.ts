// `npm run bench [section]`: benchmarks that run as a script, each reporting against a bound
// or an exact figure measured in the same run. Add a section by appending to `sections`.
// Exit code is non-zero when a correctness check fails; speed targets are reported only,
// since they depend on the machine.

import { pathToFileURL } from 'node:url';
import { mmcSection } from './mmc.js';
import { e2eSection } from './e2e.js';
import { Report, type BenchSection } from './section.js';

export const sections: BenchSection[] = [mmcSection, e2eSection];

export function runSections(names: readonly string[], report = new Report()): boolean {
  const chosen = names.length === 0 ? sections : sections.filter((s) => names.includes(s.name));
  const unknown = names.filter((n) => !sections.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown bench section(s): ${unknown.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}`);
  }
  let ok = true;
  for (const section of chosen) {
    report.heading(`${section.name}: ${section.title}`);
    if (!section.run(report)) ok = false;
  }
  return ok;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = runSections(process.argv.slice(2)) ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  }
}
