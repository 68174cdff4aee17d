// What `npm start` shows first: the samples folder with one entity file open (its code lens, findings and the
// report button in the editor's title); the extension opens its walkthrough beside it on first start. VS Code for
// the Web opens one file from the URL's payload. test/e2e/first-screen.mjs checks this screen.
import path from 'node:path';

export const FIRST_FILE = 'bpci-advanced/bpcia-2024.entity.json';

/** `extraPayload`: more [key, value] entries, e.g. the end-to-end test's extensionDevelopmentPath. */
export function firstScreenUrl(url, port, samples, extraPayload = []) {
  const entity = `vscode-remote://127.0.0.1:${port}${path.join(samples, FIRST_FILE)}`;
  return `${url}/?folder=${encodeURIComponent(samples)}&payload=${encodeURIComponent(JSON.stringify([...extraPayload, ['openFile', entity]]))}`;
}
