// qpp-check --fix: every safe fix of a file (fixAllEdits, the editor's source.fixAll.qpp) written back to disk.
// A file is written only when its text changed, atomically (a temporary file renamed over it), never when it has a
// syntax error, and never when rewriting it would change bytes the fixes did not touch (a Windows-1252 list).
import { chmodSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeFileText, fileEncodingOf, type FileEncoding } from '../core/decode';
import { fixAllEdits } from '../core/features';
import type { Finding, QppWorkspace, TextReplacement } from '../core';
import { reasonOf } from './inputs';

export interface FixedFile {
  key: string;
  /** Findings fixed, by code. */
  codes: Record<string, number>;
}

/** Findings that stop a fix: the text is not what its author meant, so no edit can be placed safely. */
const SYNTAX_ERROR_CODES: ReadonlySet<string> = new Set(['JSON001', 'CSV001']);

/** Fixes may overlap (a removed row holds another fix); each pass applies what does not, until nothing is left. */
const MAX_PASSES = 10;

/**
 * Applies the safe fixes of each file in `texts` (read whole) to the workspace and to disk. `visibleFindings` are the
 * findings the user sees (after severity overrides and ignore rules): hidden ones are not fixed. What could not be
 * fixed is added to `notes`, one line each.
 */
export function fixFiles(
  ws: QppWorkspace,
  texts: Map<string, string>,
  visibleFindings: (key: string) => Finding[],
  displayPath: (key: string) => string,
  notes: string[],
): FixedFile[] {
  const fixed: FixedFile[] = [];
  for (const [key, original] of texts) {
    const codes: Record<string, number> = {};
    let text = original;
    let encoding: FileEncoding = 'utf-8';
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const findings = visibleFindings(key);
      const edits = fixAllEdits(findings);
      if (edits.length === 0) break;
      // Every finding counts here: a syntax error turned off in the settings still breaks the text.
      const syntaxError = ws.analyze(key).findings.find((f) => SYNTAX_ERROR_CODES.has(f.code));
      if (syntaxError) {
        notes.push(`not fixed ${displayPath(key)}: it has a syntax error (${syntaxError.code}); fix that first`);
        break;
      }
      if (pass === 0) {
        const found = encodingToWrite(key, original);
        if ('problem' in found) {
          notes.push(`not fixed ${displayPath(key)}: ${found.problem}`);
          break;
        }
        encoding = found.encoding;
      }
      countFixed(findings, edits, codes);
      text = applied(text, edits);
      ws.setFile(key, text);
    }
    if (text === original) continue;
    const writeProblem = writeAtomically(key, encoded(text, encoding));
    if (writeProblem) {
      notes.push(`not fixed ${displayPath(key)}: cannot write it: ${writeProblem}`);
      ws.setFile(key, original);
      continue;
    }
    texts.set(key, text);
    fixed.push({ key, codes: Object.fromEntries(Object.entries(codes).sort(([a], [b]) => a.localeCompare(b))) });
  }
  return fixed;
}

/** Counts, by code, the findings whose fix is among the applied edits. */
function countFixed(findings: readonly Finding[], edits: readonly TextReplacement[], codes: Record<string, number>) {
  const applied = new Set(edits);
  for (const finding of findings) {
    const fixes = finding.data?.fixes;
    if (fixes?.length === 1 && fixes[0].edits.length > 0 && fixes[0].edits.every((e) => applied.has(e)))
      codes[finding.code] = (codes[finding.code] ?? 0) + 1;
  }
}

function applied(text: string, edits: readonly TextReplacement[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * The encoding to write the file in, or why it cannot be rewritten from `text`: it changed since it was read, or
 * encoding `text` again would not give its bytes back (bytes that are not UTF-8 were read as U+FFFD, and writing
 * them would destroy the characters they were).
 */
function encodingToWrite(file: string, text: string): { encoding: FileEncoding } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { problem: `cannot read it again: ${reasonOf(e)}` };
  }
  if (decodeFileText(bytes) !== text) return { problem: 'it changed while it was being checked' };
  const encoding = fileEncodingOf(bytes);
  if (!encoded(text, encoding).equals(bytes))
    return {
      problem:
        encoding === 'utf-8'
          ? 'it is not valid UTF-8 (Excel saves "CSV" in the Windows code page; save it as "CSV UTF-8"), and rewriting it would change its other characters'
          : `it is not valid ${encoding.toUpperCase()}, and rewriting it would change its other characters`,
    };
  return { encoding };
}

function encoded(text: string, encoding: FileEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16le' ? bytes : bytes.swap16();
}

/** Writes `bytes` to a temporary file beside the file, then renames it over the file (or over its link's target). */
function writeAtomically(file: string, bytes: Buffer): string | null {
  let target: string;
  let mode: number;
  try {
    target = realpathSync(file);
    mode = statSync(target).mode & 0o7777;
  } catch (e) {
    return reasonOf(e);
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.qpp-fix-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    chmodSync(temporary, mode);
    renameSync(temporary, target);
    return null;
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // It was never created.
    }
    return reasonOf(e);
  }
}
