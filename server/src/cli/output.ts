// Where qpp-check writes its output: stdout (a reader that goes away, as `| head -1` does, ends the run quietly) or
// the file of -o. Large outputs are written in pieces, never held as one string.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './args';
import { reasonOf } from './inputs';

export interface Output {
  write(text: string): void;
  /** Whether the output is a terminal a person reads (colour, wrapping at its width). */
  readonly isTerminal: boolean;
  /** The terminal's width, or undefined. */
  readonly columns: number | undefined;
  close(): void;
}

/**
 * stdout. A pipe closed early (EPIPE) ends the process with `exitCode()` and without a word: the reader has what it
 * wanted, as with grep or ESLint.
 */
export function stdoutOutput(exitCode: () => number): Output {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(exitCode());
    process.stderr.write(`qpp-check: cannot write the output: ${reasonOf(e)}\n`);
    process.exit(2);
  });
  return {
    write: (text) => {
      for (let i = 0; i < text.length; i += OUTPUT_PIECE) process.stdout.write(text.slice(i, i + OUTPUT_PIECE));
    },
    isTerminal: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    close: () => {},
  };
}

/** The file of -o, created with its folder; never a terminal. */
export function fileOutput(file: string): Output {
  let fd: number;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fd = openSync(file, 'w');
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${reasonOf(e)}`);
  }
  return {
    write: (text) => {
      writeSync(fd, text);
    },
    isTerminal: false,
    columns: undefined,
    close: () => closeSync(fd),
  };
}

const OUTPUT_PIECE = 1 << 20;

/**
 * Writes JSON.stringify(value, null, 2) and a line break, the same text, without holding all of it: the outer
 * STREAMED_LEVELS of objects and arrays are written member by member and what is below (a diagnostic, a SARIF
 * result) stringified alone, so the output of a list with a hundred thousand findings never sits in memory whole
 * next to the report it was made from (that string was most of qpp-check's peak memory on a 10-million-row list).
 */
export function writeJson(out: Output, value: unknown): void {
  const pending: string[] = [];
  let pendingLength = 0;
  const write = (text: string) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= OUTPUT_PIECE) flush();
  };
  const flush = () => {
    out.write(pending.join(''));
    pending.length = 0;
    pendingLength = 0;
  };
  const writeValue = (v: unknown, indent: string, level: number): void => {
    const inner = `${indent}  `;
    if (level < STREAMED_LEVELS && Array.isArray(v) && v.length > 0) {
      write('[');
      v.forEach((item, i) => {
        write(i === 0 ? `\n${inner}` : `,\n${inner}`);
        // JSON.stringify writes null for array members it cannot represent.
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') write('null');
        else writeValue(item, inner, level + 1);
      });
      write(`\n${indent}]`);
    } else if (level < STREAMED_LEVELS && isPlainObject(v) && Object.values(v).some(isWritten)) {
      write('{');
      let first = true;
      for (const [key, member] of Object.entries(v)) {
        if (!isWritten(member)) continue;
        write(`${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
        writeValue(member, inner, level + 1);
        first = false;
      }
      write(`\n${indent}}`);
    } else {
      // Nested values' lines take this value's indent (JSON strings hold no raw line breaks).
      write(JSON.stringify(v, null, 2).replace(/\n/g, `\n${indent}`));
    }
  };
  writeValue(value, '', 0);
  write('\n');
  flush();
}

/** report → files → file → diagnostics, or SARIF log → runs → run → results: below them one item is small. */
const STREAMED_LEVELS = 4;

/** Object members JSON.stringify writes (it leaves out undefined, functions and symbols). */
const isWritten = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
