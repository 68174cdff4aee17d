// A small LSP client for the protocol tests: spawns the real dist/server.js over stdio, answers the server's
// requests (configuration, registration, progress), records every publishDiagnostics, and waits on messages with a
// deadline (never a sleep).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** dist/test/protocol/x.test.js → dist/server.js */
export const SERVER_PATH = path.resolve(__dirname, '..', '..', 'server.js');
const DEFAULT_DEADLINE_MS = 15_000;

/** What the test client announces unless a test adds to it (StartOptions.capabilities, merged per top-level key). */
export const DEFAULT_CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
    },
  },
  window: { workDoneProgress: true },
} satisfies ClientCapabilities;

export interface StartOptions {
  rootDir: string;
  /** Client capabilities beyond the defaults (merged shallowly per top-level key). */
  capabilities?: ClientCapabilities;
  initializationOptions?: Record<string, unknown>;
  /** Answer to workspace/configuration for section "qpp". */
  settings?: Record<string, unknown>;
}

export class LspTestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly serverRequests: string[] = [];
  readonly logMessages: string[] = [];
  initializeResult!: InitializeResult;
  settings: Record<string, unknown>;
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null = null;
  private exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    child.on('exit', (code) => {
      this.exitCode = code;
      this.exited = true;
      this.notifyWaiters();
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.notifyWaiters();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
      if (process.env.QPP_TEST_SERVER_STDERR) process.stderr.write(`[server log] ${params.message}\n`);
      this.notifyWaiters();
    });
    connection.onNotification('window/showMessage', () => undefined);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      this.serverRequests.push('workspace/configuration');
      return params.items.map(() => this.settings);
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      for (const registration of params.registrations) this.serverRequests.push(`register:${registration.method}`);
      this.notifyWaiters();
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.serverRequests.push('workspace/diagnostic/refresh');
      this.notifyWaiters();
      return null;
    });
    connection.onNotification('$/progress', () => undefined);
    connection.listen();
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    if (!fs.existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run npm run build first`);
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // QPP_TEST_SERVER_STDERR=1 shows the server's stderr when debugging a test.
    child.stderr!.on('data', (chunk) => {
      if (process.env.QPP_TEST_SERVER_STDERR) process.stderr.write(chunk);
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new LspTestClient(child, connection, options.settings ?? {});
    const rootUri = pathToFileURL(options.rootDir).href;
    const capabilities: ClientCapabilities = { ...DEFAULT_CAPABILITIES, ...options.capabilities };
    client.initializeResult = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(options.rootDir) }],
      capabilities,
      initializationOptions: options.initializationOptions,
    })) as InitializeResult;
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first truthy value of `probe`, checked now and after every message; rejects at the deadline. */
  waitFor<T>(what: string, probe: () => T | undefined | null | false, deadlineMs = DEFAULT_DEADLINE_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${deadlineMs} ms waiting for ${what}`));
      }, deadlineMs);
      const waiter = (): void => void check();
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      check();
    });
  }

  /** The first publish for `uri` after `fromIndex` that satisfies `accept`. */
  waitForDiagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    fromIndex = 0,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${path.basename(uri)}`, () =>
      this.published.slice(fromIndex).find((p) => p.uri === uri && accept(p)),
    );
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** Opens a document; the language id is ours by its name (plain text for other names) unless `languageId` is given. */
  open(uri: string, text: string, version = 1, languageId = languageOfName(uri)): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    if (!this.exited) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
      await this.waitFor('server exit', () => this.exited);
    }
    this.connection.dispose();
    return this.exitCode;
  }

  /** For cleanup after a failed test: ends the server if it is still running. */
  kill(): void {
    if (!this.exited) this.child.kill();
  }
}

export function makeWorkspace(files: Record<string, string | Uint8Array>): {
  dir: string;
  uri: (name: string) => string;
  file: (name: string) => string;
} {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-protocol-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, uri: (name) => pathToFileURL(path.join(dir, name)).href, file: (name) => path.join(dir, name) };
}

/** LSP 3.18 allows Markdown messages; the server sends plain strings. */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export function codesOf(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

/** Position (line, character) of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in the text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted)
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}

/** The language VS Code gives a file by the extension's default names. */
function languageOfName(uri: string): string {
  if (/\.(csv|participation\.json)$/.test(uri)) return 'qpp-participation';
  // A saved CMS record is plain JSON to an editor.
  if (uri.endsWith('.eligibility.json')) return 'json';
  return uri.endsWith('.json') ? 'qpp-entity' : 'plaintext';
}

/** Runs `run` against a fresh server over a temp workspace of `files`, then checks a clean shutdown and removes the workspace. */
export async function withClient(
  files: Record<string, string | Uint8Array>,
  run: (client: LspTestClient, ws: ReturnType<typeof makeWorkspace>) => Promise<void>,
  options: Partial<Parameters<typeof LspTestClient.start>[0]> = {},
): Promise<void> {
  const ws = makeWorkspace(files);
  const client = await LspTestClient.start({ rootDir: ws.dir, ...options });
  try {
    await run(client, ws);
    assert.equal(await client.stop(), 0, 'server exit code after shutdown/exit');
  } finally {
    client.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}
