// Entry point the extension host loads (extensionTestsPath): runs the mocha suites and records the counts
// for test/e2e/run.mjs (the mocha output itself reaches the terminal through the smoke-test driver's log).
// QPP_E2E_SUITE=untrusted runs the restricted-mode suite instead (run.mjs's second session).
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { defineExtensionTests } from './extension.e2e';
import { defineUntrustedTests } from './untrusted.e2e';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The suites are bundled into this file, so install mocha's globals before defining them.
  mocha.suite.emit('pre-require', globalThis, 'extension.e2e', mocha);
  if (process.env.QPP_E2E_SUITE === 'untrusted') defineUntrustedTests();
  else defineExtensionTests();
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    mocha
      .run(() => {
        const resultsFile = process.env.QPP_E2E_RESULTS;
        if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed, failed }));
        if (failed > 0) reject(new Error(`${failed} end-to-end tests failed`));
        else resolve();
      })
      .on('pass', () => passed++)
      .on('fail', () => failed++);
  });
}
