// The entity model's shape check (ENT002 unknown properties, JSON002 duplicates).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeEntity } from '../../server/src/core';

const findings = (text: string) => analyzeEntity(text).findings.items.map((f) => `${f.code} ${f.message}`);

test('keys named like Object.prototype members are unknown properties, not a crash', () => {
  // These names once resolved to Object.prototype members of the shape table: no ENT002, and a TypeError for "length" under "constructor".
  const text =
    '{ "performanceYear": 2024, "apm": { "id": "SSP", "hasOwnProperty": { "name": 1 } }, "entity": { "id": "A1234" }, "constructor": { "length": 1 }, "__proto__": { "x": 1 }, "toString": 1 }';
  const messages = findings(text).filter((m) => m.startsWith('ENT002'));
  assert.deepEqual(
    messages.map((m) => m.slice(0, m.indexOf(';'))),
    [
      'ENT002 Unknown property "apm.hasOwnProperty"',
      'ENT002 Unknown property "constructor"',
      'ENT002 Unknown property "__proto__"',
      'ENT002 Unknown property "toString"',
    ],
  );
});

test('duplicates are JSON002 at every repeat, in small and large objects alike', () => {
  const small =
    '{ "performanceYear": 2024, "performanceYear": 2024, "performanceYear": 2024, "apm": { "id": "SSP" }, "entity": { "id": "A1234" } }';
  assert.equal(findings(small).filter((m) => m.startsWith('JSON002')).length, 2);
  // More properties than the linear duplicate scan handles: the Set path.
  const many = Array.from({ length: 40 }, (_, i) => `"extra${i % 20}": ${i}`).join(', ');
  const large = `{ "performanceYear": 2024, "apm": { "id": "SSP" }, "entity": { "id": "A1234" }, ${many}, "performanceYear": 2024 }`;
  assert.equal(findings(large).filter((m) => m.startsWith('JSON002')).length, 21);
  assert.equal(findings(large).filter((m) => m.startsWith('ENT002')).length, 40);
});
