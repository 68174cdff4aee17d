#!/usr/bin/env node
// The QPP Lens server under Emacs in batch mode with eglot: diagnostics (through flymake) and hover over the
// fixtures, compared with test/clients/expected/emacs-*.txt. Installs Emacs and eglot when they are missing (as
// root), or fails.
import * as path from 'node:path';
import { here, runClientChecks } from './compare.mjs';

await runClientChecks({
  client: 'emacs',
  toolSet: 'emacs',
  executable: 'emacs',
  argsFor: (file, line, col) => ['--batch', '-l', path.join(here, 'eglot_check.el'), file, String(line), String(col)],
  expectedPrefix: 'emacs-',
});
