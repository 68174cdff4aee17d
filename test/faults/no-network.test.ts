// The shipped bundles make no network calls and evaluate no code: a static scan of dist/server.js, dist/cli.js and
// dist/extension.js for network primitives and eval. The only allowed matches are the local-socket transports of
// vscode-jsonrpc / vscode-languageclient and @vscode/l10n's bundle loader, each listed below with the reason it is
// not reachable as a network call.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = process.cwd();
const BUNDLES = ['dist/server.js', 'dist/cli.js', 'dist/extension.js'];

const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'fetch(', pattern: /(?<![\w$.])fetch\s*\(|\b(?:globalThis|window|self|global)\.fetch\b/g },
  {
    what: 'http.request / https.request / http.get',
    pattern: /\b(?:import_)?https?(?:_\d+|\d+)?\.(?:request|get)\s*\(/g,
  },
  { what: 'require of a network module', pattern: /require\(["'](?:node:)?(?:https?|http2|tls|dgram|net)["']\)/g },
  {
    what: 'net.connect / net.createConnection',
    pattern: /\b(?:import_)?net(?:_\d+|\d+)?\.(?:connect|createConnection)\b/g,
  },
  { what: 'new WebSocket', pattern: /new\s+WebSocket\b/g },
  { what: 'eval(', pattern: /(?<![\w$.])eval\s*\(/g },
  { what: 'new Function(', pattern: /new\s+Function\s*\(/g },
];

/**
 * Known library code that mentions a network primitive but never reaches the network in QPP Lens. A match is
 * allowed when the bundle text before it (within `within` characters) contains `marker`.
 */
const ALLOWED: { bundle: string; what: string; marker: string; within: number; why: string }[] = [
  // vscode-jsonrpc/node is bundled in the server (vscode-languageserver) and the client (vscode-languageclient).
  // Its pipe and socket transports are chosen by command-line flags (--pipe, --socket) or TransportKind; QPP Lens
  // starts the server with TransportKind.ipc (client/src/languageClient.ts) and editors start it with --stdio.
  ...['dist/server.js', 'dist/extension.js'].flatMap((bundle) => [
    {
      bundle,
      what: 'require of a network module',
      marker: 'exports2.createServerSocketTransport = createServerSocketTransport',
      within: 2000,
      why: 'vscode-jsonrpc/node loads `net` at module load for the transports it may be asked for; loading is not connecting.',
    },
    {
      bundle,
      what: 'net.connect / net.createConnection',
      marker: 'function createServerPipeTransport(',
      within: 1000,
      why: 'vscode-jsonrpc: connects to a local named pipe (not a network), only for the --pipe transport, which QPP Lens does not use.',
    },
    {
      bundle,
      what: 'net.connect / net.createConnection',
      marker: 'function createServerSocketTransport(',
      within: 1000,
      why: 'vscode-jsonrpc: connects to 127.0.0.1 only, only for the --socket transport, which QPP Lens does not use.',
    },
  ]),
  {
    bundle: 'dist/server.js',
    what: 'fetch(',
    marker: 'async function readFileFromUri(uri)',
    within: 500,
    why: '@vscode/l10n (under vscode-json-languageservice) fetches a translation bundle only from `l10n.config({ uri })`, which nothing in QPP Lens calls; the JSON service gets no schema request service, so a `$schema` URL is never fetched.',
  },
];

interface Match {
  bundle: string;
  what: string;
  offset: number;
  line: number;
  excerpt: string;
}

function scan(bundle: string, text: string): Match[] {
  const matches: Match[] = [];
  for (const { what, pattern } of FORBIDDEN) {
    for (const m of text.matchAll(pattern)) {
      const offset = m.index!;
      const line = text.slice(0, offset).split('\n').length;
      matches.push({
        bundle,
        what,
        offset,
        line,
        excerpt: text.slice(Math.max(0, offset - 60), offset + 60).replace(/\s+/g, ' '),
      });
    }
  }
  return matches;
}

const allowance = (m: Match, text: string) =>
  ALLOWED.find(
    (a) =>
      a.bundle === m.bundle &&
      a.what === m.what &&
      text.slice(Math.max(0, m.offset - a.within), m.offset).includes(a.marker),
  );

test('the bundles contain no network call and no eval / new Function, except the documented library transports', () => {
  const unexpected: string[] = [];
  const used = new Set<(typeof ALLOWED)[number]>();
  for (const bundle of BUNDLES) {
    const text = readFileSync(path.join(ROOT, bundle), 'utf8');
    assert.ok(text.length > 10_000, `${bundle} looks empty: run npm run build`);
    for (const m of scan(bundle, text)) {
      const allowed = allowance(m, text);
      if (allowed) used.add(allowed);
      else unexpected.push(`${m.bundle}:${m.line} ${m.what}: …${m.excerpt}…`);
    }
  }
  assert.deepEqual(unexpected, [], 'network or eval calls in the shipped bundles');
  // An entry nothing matches any more is stale documentation: remove it.
  const stale = ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.bundle} ${a.what} near "${a.marker}"`);
  assert.deepEqual(stale, [], 'allowlist entries that no longer match anything');
});

test('the scanner finds each forbidden call in a sample text (it can fail)', () => {
  const sample = [
    'await fetch(url)',
    'globalThis.fetch',
    'https.request(o)',
    'import_http.get(u)',
    'require("node:tls")',
    'net.connect(80)',
    'new WebSocket(u)',
    'eval(code)',
    'new Function("return 1")',
  ].join(';\n');
  const found = new Set(scan('sample', sample).map((m) => m.what));
  assert.deepEqual([...found].sort(), FORBIDDEN.map((f) => f.what).sort());
  assert.deepEqual(scan('sample', 'this.prefetch(x); obj.evaluate(y); retrieval(z)'), []);
});
