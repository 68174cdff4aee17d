// The TextMate grammars tokenized by VS Code's own vscode-textmate + vscode-oniguruma (from the pinned
// code-server), on the e2e fixtures. Run: node --test test/e2e/grammar.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { TOOLS } from '../../scripts/ensure-tools.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VSCODE_MODULES = path.join(TOOLS.codeServerDir, 'node_modules/code-server/lib/vscode/node_modules');
const require = createRequire(path.join(VSCODE_MODULES, 'noop.js'));
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMARS = {
  'text.qpp-participation': 'syntaxes/qpp-participation.tmLanguage.json',
  'source.qpp-entity': 'syntaxes/qpp-entity.tmLanguage.json',
};

await oniguruma.loadWASM(fs.readFileSync(path.join(VSCODE_MODULES, 'vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (p) => new oniguruma.OnigScanner(p),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scope) => {
    const file = path.join(ROOT, GRAMMARS[scope]);
    return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
  },
});

/** Tokenizes `text` and returns [token text, innermost scope] pairs, line by line. */
async function tokenize(scope, text) {
  const grammar = await registry.loadGrammar(scope);
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.at(-1)]);
  });
}

const scopeOf = (tokens, text) => tokens.find(([t]) => t === text)?.[1];

test('participation list: header columns, numbers, dates and quoted fields with escaped quotes', async () => {
  const lines = await tokenize(
    'text.qpp-participation',
    fs.readFileSync(path.join(ROOT, 'test/e2e/workspace/aco.participation.csv'), 'utf8'),
  );
  assert.equal(scopeOf(lines[0], 'apm_entity_id'), 'entity.name.tag.column.qpp-participation');
  assert.equal(scopeOf(lines[1], '1234567893'), 'constant.numeric.qpp-participation');
  assert.equal(scopeOf(lines[1], 'SSP'), 'string.unquoted.qpp-participation');
  assert.equal(scopeOf(lines[3], '2024-07-15'), 'constant.other.date.qpp-participation');
  assert.equal(
    scopeOf(lines[3], 'clinician, '),
    'string.quoted.double.qpp-participation',
    'a comma inside quotes is field text',
  );
  assert.equal(scopeOf(lines[3], '""'), 'constant.character.escape.qpp-participation');
  assert.equal(
    scopeOf(lines[3], ' care'),
    'string.quoted.double.qpp-participation',
    'an escaped quote does not end the field',
  );
});

test('participation list: a quoted field may span lines', async () => {
  const lines = await tokenize('text.qpp-participation', 'npi,participant_type\n1234567893,"two\nlines"\n1987654328,x');
  assert.equal(scopeOf(lines[2], 'lines'), 'string.quoted.double.qpp-participation');
  assert.equal(scopeOf(lines[3], '1987654328'), 'constant.numeric.qpp-participation');
});

test('entity file: JSON with comments', async () => {
  const lines = await tokenize(
    'source.qpp-entity',
    '{\n  // note\n  "performanceYear": 2024, /* block */\n  "apm": { "id": "SSP" }\n}',
  );
  assert.equal(scopeOf(lines[1], '// note'), 'comment.line.double-slash.qpp-entity');
  assert.equal(scopeOf(lines[2], 'performanceYear'), 'support.type.property-name.qpp-entity');
  assert.equal(scopeOf(lines[2], '2024'), 'constant.numeric.qpp-entity');
  assert.equal(lines[2].find(([t]) => t.includes('block'))?.[1], 'comment.block.qpp-entity');
  assert.equal(scopeOf(lines[3], 'SSP'), 'string.quoted.double.qpp-entity');
});
