// The rules core is a pure library: only relative imports and jsonc-parser (ARCHITECTURE.md#serversrccore--the-rules-core).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('server/src/core imports nothing but itself and jsonc-parser', () => {
  const files = tsFiles(path.join(process.cwd(), 'server/src/core'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      assert.ok(spec.startsWith('.') || spec === 'jsonc-parser', `${path.relative(process.cwd(), file)} imports "${spec}"`);
    }
    assert.doesNotMatch(text, /\bprocess\.|\bconsole\./, `${file} uses process or console`);
  }
});
