// The Inputs rows as terminal text, for `capsim validate`: the same rows report.md's and
// report.html's Inputs section show, one label and value a line, long values word-wrapped to the
// terminal's width with a hanging indent (no line wider).

import { LIFECYCLE_HEADERS, lifecycleCells, type InputRows } from './inputs.js';
import { wrapText } from './table.js';

/** `label: value`, wrapped to `width` columns; lines after the first indented two more. */
function labelled(label: string, value: string, indent: string, width: number | undefined): string[] {
  const text = `${label}: ${value}`;
  if (width === undefined) return [indent + text];
  const [first, ...rest] = wrapText(text, width, indent);
  return [first, ...(rest.length > 0 ? wrapText(rest.map((l) => l.trim()).join(' '), width, `${indent}  `) : [])];
}

/** The Inputs section as plain text lines; `width` undefined: no wrapping. */
export function inputsText(rows: InputRows, width?: number): string[] {
  const out: string[] = [];
  for (const [label, value] of rows.run) out.push(...labelled(label, value, '  ', width));
  out.push('  Alternatives:');
  for (const a of rows.alternatives) {
    out.push(...labelled(`- ${a.name}`, a.capacity, '    ', width));
    out.push(...labelled('task', a.task, '        ', width), ...labelled('scaling', a.scaling, '        ', width));
    const cells = lifecycleCells(a.lifecycle);
    LIFECYCLE_HEADERS.forEach((header, i) => out.push(...labelled(header, cells[i], '        ', width)));
  }
  return out;
}
