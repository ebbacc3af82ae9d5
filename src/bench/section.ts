// What a bench section is, and the aligned report every section prints through. A row given a
// key is also kept as a figure, so a run can be saved (`--json`) and compared (`--compare`).

export interface BenchSection {
  name: string;
  title: string;
  /** Prints through `report`; returns false if a correctness check failed. */
  run(report: Report): boolean;
}

/** Which way a figure improves: wall seconds go down, throughputs go up. */
export type Better = 'lower' | 'higher';

export interface Figure {
  value: number;
  unit: string;
  better: Better;
  /** Scaled by the bare-loop bound measured in the same run, so two machines (or two noisy runs) compare. */
  normalised: boolean;
}

const LABEL_WIDTH = 40;
const VALUE_WIDTH = 12;

/** Aligned lines: label, value, unit, optional note. */
export class Report {
  readonly figures: Record<string, Figure> = {};

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

  /** A row that is also a figure for `--json` / `--compare`. */
  figure(key: string, label: string, value: number, unit: string, digits: number, better: Better, opts: { note?: string; normalised?: boolean } = {}): void {
    this.figures[key] = { value, unit, better, normalised: opts.normalised ?? false };
    this.row(label, value, unit, digits, opts.note);
  }

  check(label: string, ok: boolean): void {
    this.write(`  ${label.padEnd(LABEL_WIDTH)}${(ok ? 'PASS' : 'FAIL').padStart(VALUE_WIDTH)}`);
  }

  target(label: string, met: boolean): void {
    this.write(`  ${('target ' + label).padEnd(LABEL_WIDTH)}${(met ? 'met' : 'missed').padStart(VALUE_WIDTH)}`);
  }
}
