#!/usr/bin/env node
// The QPP Lens server under headless Neovim (built-in LSP client): diagnostics, hover and code actions over the
// fixtures, compared with test/clients/expected/*.txt. Installs Neovim when it is missing (as root), or fails.
import * as path from 'node:path';
import { here, runClientChecks } from './compare.mjs';

await runClientChecks({
  client: 'neovim',
  toolSet: 'neovim',
  executable: 'nvim',
  argsFor: (file, line, col) => ['--headless', '-n', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(here, 'lsp_check.lua')}`, '--', file, String(line), String(col)],
  expectedPrefix: '',
});
