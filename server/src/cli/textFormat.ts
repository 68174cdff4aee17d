// The text format: `path:line:column severity CODE message` per finding and a summary line. Long messages (an LVT
// finding runs to 500 characters) wrap at the terminal's width, or at 100 columns into a file or a pipe, with
// continuation lines indented; colour only on a terminal.
import type { ReportJson } from '../core';
import type { CellDiagnostic } from './sheets';

export interface TextStyle {
  color: boolean;
  /** Columns a line may take. */
  width: number;
}

/** Width used when the output is not a terminal (a pipe, a file, a CI log). */
export const PLAIN_WIDTH = 100;
/** A terminal narrower than this still gets lines this wide: a message one word a line helps nobody. */
const MIN_WIDTH = 40;
const CONTINUATION_INDENT = '    ';

const ANSI = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
const paint = (on: boolean, style: keyof typeof ANSI, text: string) =>
  on ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
const SEVERITY_STYLE = { error: 'red', warning: 'yellow', information: 'cyan', hint: 'dim' } as const;

export interface SummaryExtras {
  fixedFindings: number;
  fixedFiles: number;
  suppressedByRules: number;
  suppressedByBaseline: number;
  /** Whether ignore rules or a baseline were in effect (then the summary says how many they hid, even 0). */
  suppressing: boolean;
}

export function formatText(report: ReportJson, style: TextStyle, extras: SummaryExtras): string {
  const width = Math.max(style.width, MIN_WIDTH);
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const cell = (d as CellDiagnostic).cell;
      const where = cell
        ? `${file.path}: ${cell}`
        : `${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const plain = `${where} ${d.severity} ${d.code} ${d.message}`;
      const [first, ...rest] = wrap(plain, width);
      // The wrapped first line starts with the same `where severity CODE` as the plain one: paint those words.
      const head = `${where} ${d.severity} ${d.code}`;
      const painted = `${where} ${paint(style.color, SEVERITY_STYLE[d.severity], d.severity)} ${paint(style.color, 'dim', d.code)}`;
      lines.push(
        first.startsWith(head) ? painted + first.slice(head.length) : first,
        ...rest.map((line) => CONTINUATION_INDENT + line),
      );
    }
  }
  lines.push(paint(style.color && report.summary.errors > 0, 'bold', summaryLine(report, extras)));
  return `${lines.join('\n')}\n`;
}

function summaryLine(report: ReportJson, extras: SummaryExtras): string {
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let line = `${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.information} information`;
  if (extras.fixedFiles > 0) line += `, ${extras.fixedFindings} fixed in ${plural(extras.fixedFiles, 'file')}`;
  if (extras.suppressing) {
    const suppressed = extras.suppressedByRules + extras.suppressedByBaseline;
    line += `; ${suppressed} suppressed (${extras.suppressedByRules} by ignore rules, ${extras.suppressedByBaseline} by the baseline)`;
  }
  return line;
}

/**
 * `text` in lines of at most `width` characters, broken at spaces; the first keeps `width`, the others leave room
 * for the continuation indent. A word longer than a line (a path) is not broken.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  let limit = width;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf(' ', limit);
    if (cut <= 0) cut = rest.indexOf(' ', limit);
    if (cut <= 0) break;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1).replace(/^ +/, '');
    limit = width - CONTINUATION_INDENT.length;
  }
  lines.push(rest);
  return lines;
}
