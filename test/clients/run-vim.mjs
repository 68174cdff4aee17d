#!/usr/bin/env node
// The QPP Lens server under Vim 9 + ALE (apt vim-ale), headless: diagnostics of the fixtures, compared with
// test/clients/expected/vim-ale-*.txt. Fails (exit 1) when vim or ALE is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASES, here, runClientChecks } from './compare.mjs';

if (!fs.existsSync('/usr/share/vim-ale/plugin/ale.vim')) {
  console.error('vim-ale: /usr/share/vim-ale is missing (apt-get install vim-ale)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const oneCasePerFile = CASES.filter((c, i) => CASES.findIndex((other) => other.file === c.file) === i).map((c) => ({ ...c, name: c.file.replace(/\.[a-z]+$/, '') }));
runClientChecks({
  client: 'vim-ale',
  executable: 'vim',
  argsFor: (file) => ['-Nu', 'NONE', '-i', 'NONE', '-Es', '-S', path.join(here, 'ale_check.vim'), file],
  expectedPrefix: 'vim-ale-',
  cases: oneCasePerFile,
  outputFileName: 'ale-out.txt',
});
