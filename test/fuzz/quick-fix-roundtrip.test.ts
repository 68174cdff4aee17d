// Round-trips of the quick fixes: applying a fix's edits to a sample gives text that still parses and no longer
// has the finding the fix was offered for, at that place. Every sample is loaded together so cross-file context
// (the lists an entity names) stays as it is in the sample workspace.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { globSync } from 'tinyglobby';
import { QppWorkspace, type Finding, type TextReplacement } from '../../server/src/core';

const ROOT = process.cwd();
const FIXED_CODES = ['ID012', 'LVT001', 'QP004', 'CSV003', 'CSV005', 'CSV006', 'ENT002', 'XL001', 'XL003', 'XL004'];
const SAMPLES = new Map(
  globSync(['samples/**/*.entity.json', 'samples/**/*.participation.csv'], { cwd: ROOT })
    .sort()
    .map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]),
);

function workspaceWith(replaced?: { key: string; text: string }): QppWorkspace {
  const ws = new QppWorkspace({ maxFindingsPerFile: Number.MAX_SAFE_INTEGER });
  for (const [key, text] of SAMPLES) ws.setFile(key, key === replaced?.key ? replaced.text : text);
  return ws;
}

function applyEdits(text: string, edits: readonly TextReplacement[]): string {
  const ordered = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < ordered.length; i++)
    assert.ok(ordered[i].end <= ordered[i - 1].start, 'a fix has overlapping edits');
  return ordered.reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** Same finding: code and start; CSV003 findings all start at the header, so the missing column tells them apart. */
const sameFinding = (a: Finding, b: Finding) =>
  a.code === b.code && a.start === b.start && a.data?.column === b.data?.column;
const syntaxErrors = (findings: Finding[]) =>
  findings.filter((f) => f.code === 'JSON001' || f.code === 'CSV001').length;

test('applying each quick fix on the samples removes its finding and keeps the file parseable', () => {
  const before = workspaceWith();
  const applied = new Map<string, number>();
  for (const [key, text] of SAMPLES) {
    const findings = before.analyze(key).findings;
    for (const finding of findings) {
      for (const fix of finding.data?.fixes ?? []) {
        const fixedText = applyEdits(text, fix.edits);
        const after = workspaceWith({ key, text: fixedText }).analyze(key).findings;
        const where = `${key}: ${finding.code} at ${finding.start} ("${fix.title}")`;
        assert.ok(syntaxErrors(after) <= syntaxErrors(findings), `${where}: the fixed text has new syntax errors`);
        assert.ok(!after.some((f) => sameFinding(f, finding)), `${where}: the finding is still there after the fix`);
        applied.set(finding.code, (applied.get(finding.code) ?? 0) + 1);
      }
    }
  }
  console.log(`quick fixes applied: ${[...applied].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  // The samples are the fixtures: each fixable code must have been exercised, or this test proves nothing for it.
  for (const code of FIXED_CODES) assert.ok(applied.has(code), `no sample offers a ${code} quick fix`);
});
