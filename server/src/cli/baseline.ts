// Fingerprints of findings, and the baseline file of --write-baseline / --baseline: the findings a team accepted
// once, not reported again while they stay the same. A fingerprint does not depend on line numbers, so rows added
// or removed elsewhere in the file do not change it (SARIF's partialFingerprints carry the same value).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { maskTinShaped } from '../core';
import { UsageError } from './args';
import { reasonOf } from './inputs';

/** Where a finding is: the text of its line and the text it points at (a row's cells, an entity file's key). */
export interface FindingContext {
  code: string;
  line: string;
  pointed: string;
}

/**
 * One fingerprint per finding: a hash of its code, its line's text and the text it points at (TIN-shaped values
 * masked first: a hash of a nine-digit number can be reversed by trying them all), then `:n` for the n-th finding
 * with the same hash in the file. Whitespace and a JSON line's trailing comma do not count.
 */
export function fingerprints(contexts: readonly FindingContext[]): string[] {
  const seen = new Map<string, number>();
  return contexts.map(({ code, line, pointed }) => {
    const normalized = (text: string) => maskTinShaped(text.replace(/\s+/g, ' ').trim().replace(/,$/, ''));
    const hash = createHash('sha256')
      .update(`${code}\0${normalized(line)}\0${normalized(pointed)}`)
      .digest('hex')
      .slice(0, 16);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

/** path (relative to the baseline file's folder, '/'-separated) → code → fingerprints. */
type BaselineFindings = Record<string, Record<string, string[]>>;

const BASELINE_VERSION = 1;

export class Baseline {
  private constructor(
    private readonly folder: string,
    private readonly findings: BaselineFindings,
  ) {}

  static read(file: string): Baseline {
    let value: { version?: unknown; findings?: unknown };
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read baseline ${file}: ${e instanceof SyntaxError ? e.message : reasonOf(e)}`);
    }
    if (value?.version !== BASELINE_VERSION || typeof value.findings !== 'object' || value.findings === null)
      throw new UsageError(`${file} is not a qpp-check baseline (write one with --write-baseline ${file})`);
    return new Baseline(path.dirname(path.resolve(file)), value.findings as BaselineFindings);
  }

  static empty(file: string): Baseline {
    return new Baseline(path.dirname(path.resolve(file)), {});
  }

  /** Whether the baseline holds this finding of the file at `key` (absolute). */
  has(key: string, code: string, fingerprint: string): boolean {
    const where = `${this.relative(key)}\0${code}`;
    let held = this.lookup.get(where);
    if (!held) {
      held = new Set(this.findings[this.relative(key)]?.[code] ?? []);
      this.lookup.set(where, held);
    }
    return held.has(fingerprint);
  }

  private readonly lookup = new Map<string, Set<string>>();

  add(key: string, code: string, fingerprint: string): void {
    const file = this.relative(key);
    this.findings[file] ??= {};
    this.findings[file][code] ??= [];
    this.findings[file][code].push(fingerprint);
  }

  write(file: string): void {
    const sorted = Object.fromEntries(
      Object.keys(this.findings)
        .sort()
        .map((p) => [p, Object.fromEntries(Object.entries(this.findings[p]).sort(([a], [b]) => a.localeCompare(b)))]),
    );
    const text = `${JSON.stringify({ version: BASELINE_VERSION, findings: sorted }, null, 2)}\n`;
    try {
      writeFileSync(file, text);
    } catch (e) {
      throw new UsageError(`cannot write baseline ${file}: ${reasonOf(e)}`);
    }
  }

  private relative(key: string): string {
    return path.relative(this.folder, key).split(path.sep).join('/');
  }
}
