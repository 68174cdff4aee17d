#!/usr/bin/env node
// The QPP Lens server under Emacs in batch mode with eglot: diagnostics (through flymake) and hover over the
// fixtures, compared with test/clients/expected/emacs-*.txt. Fails (exit 1) when emacs is missing.
import * as path from 'node:path';
import { here, runClientChecks } from './compare.mjs';

runClientChecks({
  client: 'emacs',
  executable: 'emacs',
  argsFor: (file, line, col) => ['--batch', '-l', path.join(here, 'eglot_check.el'), file, String(line), String(col)],
  expectedPrefix: 'emacs-',
});
