// Offsets to lines and columns, for callers that report positions (CLI, report).
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export interface Position {
  line: number;
  character: number;
}

export function positionAt(starts: readonly number[], offset: number): Position {
  const line = Math.max(0, lastAtOrBefore(starts, offset));
  return { line, character: offset - starts[line] };
}

/** Index of the last value at or below `x` in ascending `values`, or -1. */
export function lastAtOrBefore(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function positionsInText(text: string, offsets: readonly number[]): Position[] {
  const starts = lineStarts(text);
  return offsets.map((offset) => positionAt(starts, offset));
}

/**
 * positionAt for text that arrives in chunks and is never held whole: give it the offsets first, push the
 * chunks, and read the positions at the end. Lines break as in lineStarts (LF, CRLF, lone CR).
 */
export class OffsetLocator {
  private readonly wanted: number[];
  private next = 0;
  private readonly found = new Map<number, Position>();
  private offset = 0;
  private line = 0;
  private lineStart = 0;
  /** A CR was the last character: whether it ends a line depends on the next one (CRLF is one break). */
  private pendingCr = false;

  constructor(offsets: Iterable<number>) {
    this.wanted = [...new Set(offsets)].sort((a, b) => a - b);
  }

  push(chunk: string): void {
    const base = this.offset;
    const n = chunk.length;
    let nextLf = -1;
    let nextCr = -1;
    let i = 0;
    while (i < n) {
      if (this.pendingCr) {
        if (chunk.charCodeAt(i) === 10) {
          this.resolveUpTo(base + i);
          this.breakLine(base + i + 1);
          i++;
          continue;
        }
        this.breakLine(base + i);
      }
      if (nextLf < i) nextLf = indexOrEnd(chunk, '\n', i);
      if (nextCr < i) nextCr = indexOrEnd(chunk, '\r', i);
      const lineBreak = Math.min(nextLf, nextCr);
      if (lineBreak === n) {
        this.resolveUpTo(base + n - 1);
        break;
      }
      // An offset on the break character itself still belongs to the line it ends.
      this.resolveUpTo(base + lineBreak);
      if (lineBreak === nextLf) this.breakLine(base + lineBreak + 1);
      else this.pendingCr = true;
      i = lineBreak + 1;
    }
    this.offset = base + n;
  }

  /** Positions of every offset given to the constructor. */
  finish(): Map<number, Position> {
    if (this.pendingCr) this.breakLine(this.offset);
    this.pendingCr = false;
    for (; this.next < this.wanted.length; this.next++) this.found.set(this.wanted[this.next], { line: this.line, character: this.wanted[this.next] - this.lineStart });
    return this.found;
  }

  private breakLine(nextLineStart: number): void {
    this.line++;
    this.lineStart = nextLineStart;
    this.pendingCr = false;
  }

  private resolveUpTo(offset: number): void {
    for (; this.next < this.wanted.length && this.wanted[this.next] <= offset; this.next++) {
      this.found.set(this.wanted[this.next], { line: this.line, character: this.wanted[this.next] - this.lineStart });
    }
  }
}

/**
 * A copy of a slice that does not keep the text it was sliced from alive: V8 shares a slice's parent, so a
 * finding quoting one cell of a streamed chunk would otherwise hold the whole chunk (' ' + s forces a flat copy).
 */
export function detachedSlice(text: string, start: number, end: number): string {
  return end - start < 13 ? text.slice(start, end) : (` ${text.slice(start, end)}`).slice(1);
}

/** Where `char` next occurs at or after `from`, or text.length. */
function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/** Escapes text for rendered Markdown (hovers) so data from files cannot inject links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/**
 * Escapes a value placed mid-line in a Markdown document the user reads and edits as source (the opt-in draft):
 * only what starts inline markup, HTML or a table cell there, and line breaks, so "Valley ACO (synthetic)" stays
 * as written.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\`*_[\]|<>&~\r\n]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '\r' || c === '\n' ? ' ' : `\\${c}`));
}

export function formatPercent(numerator: number, denominator: number): string {
  return `${((numerator * 100) / denominator).toFixed(2)}%`;
}

export function formatDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = groupThousands(Math.floor(abs / 100));
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** A whole number with en-US thousands separators (1234567 → "1,234,567"), as toLocaleString('en-US') but without Intl, which is slow per call. */
function groupThousands(n: number): string {
  // Exponent notation (1e21 and up) and non-finite values: Intl's own spelling.
  if (!(n < 1e21)) return n.toLocaleString('en-US');
  const digits = String(n);
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return grouped;
}
