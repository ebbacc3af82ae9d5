// `npm run bench [section]`: benchmarks that run as a script, each reporting against a bound
// or an exact figure measured in the same run. Add a section by appending to `sections`.
// Exit code is non-zero when a correctness check fails; speed targets are reported only,
// since they depend on the machine.

import { pathToFileURL } from 'node:url';
import { mmcSection } from './mmc.js';
import { e2eSection } from './e2e.js';

export interface BenchSection {
  name: string;
  title: string;
  /** Prints through `report`; returns false if a correctness check failed. */
  run(report: Report): boolean;
}

export const sections: BenchSection[] = [mmcSection, e2eSection];

const LABEL_WIDTH = 34;
const VALUE_WIDTH = 12;

/** Aligned lines: label, value, unit, optional note. */
export class Report {
  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  heading(text: string): void {
    this.write(`\n${text}\n${'-'.repeat(text.length)}`);
  }

  note(text: string): void {
    this.write(`  ${text}`);
  }

  row(label: string, value: number, unit: string, digits: number, note = ''): void {
    const shown = value.toFixed(digits).padStart(VALUE_WIDTH);
    this.write(`  ${label.padEnd(LABEL_WIDTH)}${shown} ${unit.padEnd(4)}${note ? ' ' + note : ''}`.trimEnd());
  }

  check(label: string, ok: boolean): void {
    this.write(`  ${label.padEnd(LABEL_WIDTH)}${(ok ? 'PASS' : 'FAIL').padStart(VALUE_WIDTH)}`);
  }

  target(label: string, met: boolean): void {
    this.write(`  ${('target ' + label).padEnd(LABEL_WIDTH)}${(met ? 'met' : 'missed').padStart(VALUE_WIDTH)}`);
  }
}

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
