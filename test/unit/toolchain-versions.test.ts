// The versions the extension is built, typed and tested against agree (issue 23): engines.vscode, @types/vscode,
// the VS Code in the pinned code-server, and the node versions of engines.node and of every locked package.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(process.cwd(), file), 'utf8'));
const pkg = readJson('package.json');
const lock = readJson('package-lock.json');
const codeServerLock = readJson('.ci/tools/code-server/package-lock.json');

/** [major, minor, patch] of the first version in a range such as ^1.100.0 or >=20.19. */
function lowestVersion(range: string): number[] {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(range);
  assert.ok(match, `no version in "${range}"`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: number[], b: number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

test('@types/vscode is the lowest VS Code that engines.vscode accepts (vsce refuses newer types)', () => {
  assert.deepEqual(lowestVersion(pkg.devDependencies['@types/vscode']), lowestVersion(pkg.engines.vscode));
});

test('the pinned code-server runs a VS Code that engines.vscode accepts', () => {
  // code-server 4.X.Y ships VS Code 1.X.Y.
  const [, minor, patch] = lowestVersion(codeServerLock.packages['node_modules/code-server'].version);
  const vscodeInCodeServer = [1, minor, patch];
  assert.ok(
    compare(vscodeInCodeServer, lowestVersion(pkg.engines.vscode)) >= 0,
    `VS Code ${vscodeInCodeServer.join('.')} < engines.vscode ${pkg.engines.vscode}`,
  );
  assert.ok(pkg.engines.vscode.startsWith('^1.'), 'engines.vscode accepts every later 1.x');
});

test('every locked package that asks for a minimum node accepts the lowest node of engines.node (no EBADENGINE)', () => {
  const lowestNode = lowestVersion(pkg.engines.node);
  const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
    .filter(([, entry]) => /^>=\s*\d+(\.\d+){0,2}$/.test(entry.engines?.node ?? ''))
    .filter(([, entry]) => compare(lowestVersion(entry.engines!.node!), lowestNode) > 0)
    .map(([name, entry]) => `${name} wants node ${entry.engines!.node}`);
  assert.deepEqual(refusing, [], `engines.node is ${pkg.engines.node}`);
});
