// What a bench section is, and the aligned report every section prints through.

export interface BenchSection {
  name: string;
  title: string;
  /** Prints through `report`; returns false if a correctness check failed. */
  run(report: Report): boolean;
}

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
