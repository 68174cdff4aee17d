// The Markdown documents the server hands the editor, read as a user reads them: as source they edit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeEntity, parseEntityFile } from '../../server/src/core';
import { draftOptInElection } from '../../server/src/core/features';

const SAMPLE = readFileSync('samples/bpci-advanced/bpcia-2024.entity.json', 'utf8');

test('the opt-in draft reads as written: no backslash before parentheses, dots or hyphens', () => {
  const { markdown } = draftOptInElection(parseEntityFile(SAMPLE).model, analyzeEntity(SAMPLE).determination);
  assert.ok(markdown, 'the sample is opt-in eligible');
  assert.match(markdown, /^# MIPS opt-in election: Lakeshore Episode Convener \(synthetic\)$/m);
  assert.match(markdown, /\| APM Entity ID \| BPC0042 \|/);
  assert.doesNotMatch(markdown, /\\[().\-#+!{}]/, 'stray escapes in the draft');
});

test('the opt-in draft still escapes what would make markup, HTML or a new line in a value', () => {
  const hostile = SAMPLE.replace('Lakeshore Episode Convener (synthetic)', 'A *bold* [link](x) <b>|\\nline');
  const { markdown } = draftOptInElection(parseEntityFile(hostile).model, analyzeEntity(hostile).determination);
  assert.match(markdown!, /^# MIPS opt-in election: A \\\*bold\\\* \\\[link\\\]\(x\) &lt;b&gt;\\\| line$/m);
});
