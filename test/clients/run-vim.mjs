#!/usr/bin/env node
// The QPP Lens server under Vim 9 + ALE (apt vim-ale), headless: diagnostics of the fixtures, compared with
// test/clients/expected/vim-ale-*.txt. Installs Vim and ALE when they are missing (as root), or fails.
import * as path from 'node:path';
import { CASES, here, runClientChecks } from './compare.mjs';

const oneCasePerFile = CASES.filter((c, i) => CASES.findIndex((other) => other.file === c.file) === i).map((c) => ({
  ...c,
  name: c.file.replace(/\.[a-z]+$/, ''),
}));
await runClientChecks({
  client: 'vim-ale',
  toolSet: 'vim',
  executable: 'vim',
  argsFor: (file) => ['-Nu', 'NONE', '-i', 'NONE', '-Es', '-S', path.join(here, 'ale_check.vim'), file],
  expectedPrefix: 'vim-ale-',
  cases: oneCasePerFile,
  outputFileName: 'ale-out.txt',
});
