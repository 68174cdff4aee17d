// The entity model reads valid files with its own one-pass JSONC reader (server/src/core/entity/jsonTree.ts) and
// everything else with jsonc-parser. The reader must build exactly parseTree's tree, and must give up wherever
// parseTree reports an error (otherwise a broken file would lose its JSON001).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { globSync } from 'tinyglobby';
import { knownNames, parseValidJsonc, type KnownNames } from '../../server/src/core/entity/jsonTree';

const MAX_NESTING = 64;
const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** Every field of every node in key order, with parent links checked instead of followed. */
function describe(node: JsonNode, parent: JsonNode | undefined): unknown {
  if (parent === undefined) assert.ok(!('parent' in node), 'the root has no parent property');
  else assert.equal(node.parent, parent, 'parent link');
  const fields: Record<string, unknown> = { keys: Object.keys(node) };
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'parent' && key !== 'children') fields[key] = Object.is(value, -0) ? '-0' : value;
  }
  if (node.children) fields.children = node.children.map((child) => describe(child, node));
  return fields;
}

/** Asserts the fast reader agrees with parseTree on one text; returns whether it took the text. */
function agrees(text: string, names?: KnownNames): boolean {
  const errors: ParseError[] = [];
  const expected = parseTree(text, errors, OPTIONS);
  const actual = parseValidJsonc(text, MAX_NESTING, names);
  if (!actual) return false;
  assert.deepEqual(errors, [], `accepted a text parseTree rejects: ${JSON.stringify(text)}`);
  assert.deepEqual(describe(actual, undefined), describe(expected!, undefined), `different tree for ${JSON.stringify(text)}`);
  return true;
}

test('valid JSONC (comments, trailing commas, escapes, every number form) gets parseTree\'s tree', () => {
  const valid = [
    '{}', '[]', '1', '-0', '"x"', 'true', 'false', 'null', ' \t\r\n{ } \n', '// c\n{"a":1}// end', '/* a */{/**/"a"/*b*/:/*c*/1/*d*/,}/* e */',
    '{"a":[1,2,3,],"b":{"c":null,},}', '[0, -1, 1.5, -0.25, 1e5, 1E+5, 2e-3, 12345678901234567890, 1e999, 0.1]',
    '{"a":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\ude00x","b\\u0041":"é😀\u2028"}', '{"a":1,"a":2}', '{"":""}',
    '[true,false,null,{"x":[[]]}]', '{"a":1}\r\n// trailing\r\n/* block */ \t', '{"a":{"b":{"c":[{"d":"e"}]}}}',
  ];
  for (const text of valid) assert.ok(agrees(text), `the fast reader gave up on valid ${JSON.stringify(text)}`);
});

test('keys that are known names are returned as those strings; near misses are read as usual', () => {
  const names = knownNames(['performanceYear', 'services', 'segments', 'id', 'a']);
  const text = '{"performanceYear":1,"performanceYearX":2,"performance":3,"services":[],"segments":{},"servicez":4,"id":"id","i":5,"a":6,"\\u0061":7,"":8}';
  assert.ok(agrees(text, names));
  const keys = parseValidJsonc(text, MAX_NESTING, names)!.children!.map((p) => p.children![0].value);
  assert.deepEqual(keys, ['performanceYear', 'performanceYearX', 'performance', 'services', 'segments', 'servicez', 'id', 'i', 'a', 'a', '']);
  assert.throws(() => knownNames(['a"b']), /not a plain property name/);
});

test('a text cut short after a longer one was read: what the longer one left in the reader\'s buffer is never read as its end', () => {
  const names = knownNames(['performanceYear']);
  for (const [longer, cut] of [['{"performanceYear":12345}', '{"performanceYe'], ['[1234,true]', '[12'], ['{"a":"bcd"}', '{"a":"b'], ['[true]', '[tru']]) {
    assert.ok(parseValidJsonc(longer, MAX_NESTING, names), longer);
    assert.equal(parseValidJsonc(cut, MAX_NESTING, names), undefined, cut);
  }
  assert.deepEqual(parseValidJsonc('[12', MAX_NESTING, names), undefined);
  assert.equal(parseValidJsonc('12', MAX_NESTING, names)!.value, 12);
  assert.equal(parseValidJsonc('true', MAX_NESTING, names)!.value, true);
});

test('it gives up on every kind of error parseTree reports, and on nesting past the limit', () => {
  const invalid = [
    '', ' ', '// only a comment', '{', '}', '[1,,2]', '[,1]', '{,}', '{"a" 1}', '{"a":}', '{"a":1 "b":2}', '{a:1}', '01', '-', '1.', '1e', '1e+',
    '.5', '+1', 'tru', 'truex', 'nulls', '"abc', '"a\nb"', '"a\u0001b"', '"\\x"', '"\\u12"', '"\\u12G4"', '"\\', '/* open', '{} x', '{}{}',
    '{"a":1}/', '[1 2]', '\uFEFF{}', '{"a":1,,}', '{"a":1}\f', 'NaN', '[1]]', '{"a":[}',
    `${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}`, `${'{"a":'.repeat(MAX_NESTING + 1)}1${'}'.repeat(MAX_NESTING + 1)}`,
  ];
  for (const text of invalid) assert.equal(agrees(text), false, `the fast reader took ${JSON.stringify(text)}`);
  assert.ok(agrees(`${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`), 'exactly the limit is allowed');
});

test('sample entity files and thousands of small edits of them: same tree, or the fast reader gives up', () => {
  const files = globSync(['samples/**/*.entity.json'], { cwd: process.cwd() });
  assert.ok(files.length >= 15, `expected the sample workspace, found ${files.length} entity files`);
  const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '\n', ' ', '0', '-', '.', 'e', 'true', 'x', '\u0001', '//', '/*', '*/', ',}', '\\u00e9'];
  let seed = 1;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let taken = 0;
  let edits = 0;
  for (const file of files) {
    const text = readFileSync(join(process.cwd(), file), 'utf8');
    if (agrees(text)) taken++;
    for (let i = 0; i < 200; i++, edits++) {
      const at = random(text.length + 1);
      const kind = random(3);
      const edited = kind === 0 ? text.slice(0, at) + text.slice(at + 1)
        : kind === 1 ? text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at)
          : text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at + 1);
      if (agrees(edited)) taken++;
    }
  }
  // Both branches must have been exercised for the comparison to mean anything.
  assert.ok(taken > files.length && taken < files.length + edits, `fast reader took ${taken} of ${files.length + edits} texts`);
});
