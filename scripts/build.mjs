// One esbuild script for every bundle the product and its tests run from (ARCHITECTURE.md#birds-eye-view).
import * as esbuild from 'esbuild';
import { globSync } from 'tinyglobby';
import { readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// `--production` (vsce runs it before packaging, as vscode:prepublish): the product bundles only, minified and
// without source maps, since the .vsix ships no maps and the client bundle is about 1 MB unminified. Names are
// kept so stack traces in a user's output channel still name functions.
const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  keepNames: production,
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  define: { QPP_LENS_VERSION: JSON.stringify(version) },
};

const builds = [
  // The client runs inside VS Code's extension host, which provides `vscode`.
  // Its first line times the loading of its code, which activate() reports (client/src/extension.ts).
  {
    ...common,
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    banner: { js: 'var __qppBundleLoadStarted = performance.now();' },
  },
  // The report view's page script runs in the webview (a browser), loaded under a nonce'd CSP.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { 'report-webview': 'client/src/report/webview.ts' }, outdir: 'dist' },
  // The server and the CLI must run from an installed .vsix with no node_modules: bundle everything.
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
  // tinyglobby is ESM and reads import.meta.url; give the CommonJS bundle a real value for it.
  {
    ...common,
    entryPoints: { cli: 'server/src/cli.ts' },
    outdir: 'dist',
    banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { ...common.define, 'import.meta.url': '__importMetaUrl' },
  },
  // Tests run from dist/test with their dependencies resolved from node_modules; never packaged.
  !production && {
    ...common,
    entryPoints: globSync(['test/**/*.test.ts', 'test/**/*.suite.ts'], { ignore: ['test/e2e/**'] }),
    outbase: 'test',
    outdir: 'dist/test',
    packages: 'external',
  },
];

for (const options of builds.filter(Boolean)) {
  if (Array.isArray(options.entryPoints) && options.entryPoints.length === 0) continue;
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
