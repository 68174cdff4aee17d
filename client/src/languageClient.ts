import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export type QppClient = LanguageClient;

export const QPP_LANGUAGES = ['qpp-participation', 'qpp-entity'] as const;

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): QppClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...QPP_LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // Saved CMS eligibility records are plain JSON to the editor: selected by name, not by a language of their own.
      { scheme: 'file', pattern: '**/*.eligibility.json' },
    ],
    synchronize: {
      configurationSection: 'qpp',
      // Lists and entity files that are not open still take part in cross-file rules.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/*.{entity.json,participation.csv,participation.json,eligibility.json}',
      ),
    },
    outputChannel: output,
    // In an untrusted workspace the server ignores a .qpp-lens.json that would reveal TINs (the extension
    // restarts the server when trust is granted).
    // JSON editing of entity files (schema completion, formatting, folding) comes from the server, not from VS Code's
    // JSON service: that one would add its own schema diagnostics beside QPP Lens's and flag every comment.
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    // The trace channel is chosen by the `qpp.trace.server` setting (the client reads `<id>.trace.server`).
  };
  return new LanguageClient('qpp', 'QPP Lens', serverOptions, clientOptions);
}
