#!/usr/bin/env node
// The QPP Lens server under headless Neovim (built-in LSP client): diagnostics, hover, code actions, completion,
// references and rename over the fixtures, compared with test/clients/expected/*.txt. Installs Neovim when it is missing (as root), or
// fails.
import * as path from 'node:path';
import { CASES, here, runClientChecks } from './compare.mjs';

await runClientChecks({
  client: 'neovim',
  toolSet: 'neovim',
  executable: 'nvim',
  argsFor: (file, line, col) => [
    '--headless',
    '-n',
    '-u',
    'NONE',
    '-i',
    'NONE',
    '-c',
    `luafile ${path.join(here, 'lsp_check.lua')}`,
    '--',
    file,
    String(line),
    String(col),
  ],
  expectedPrefix: '',
  // References and rename of an entity id, across the list and its entity file on disk.
  // Completion of the top-level keys an entity file does not have yet, from the schema (on the key "app").
  cases: [
    ...CASES,
    { name: 'list-entity-navigation', file: 'a2345-2024.participation.csv', line: 2, col: 5 },
    { name: 'entity-key-completion', file: 'a2345-2024.entity.json', line: 17, col: 3 },
  ],
});
