// QPP Lens language server (ARCHITECTURE.md#serversrc--the-language-server-and-the-cli). Speaks LSP over stdio (`--stdio`) or node IPC (`--node-ipc`); all rules live
// in the pure core, this file wires documents, workspace files, settings and requests to it.
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { maskTinShaped, type FileKind } from './core';
import {
  DraftOptInRequest,
  ExplainClinicianRequest,
  FileKindRequest,
  FileStatusRequest,
  ReportRequest,
  SheetCsvRequest,
  ValidateWorkspaceRequest,
  type DraftOptInParams,
  type DraftOptInResult,
  type ExplainClinicianParams,
  type ExplainClinicianResult,
  type FileKindParams,
  type FileKindResult,
  type FileStatusParams,
  type FileStatusResult,
  type SheetCsvParams,
  type SheetCsvResult,
  type ValidateWorkspaceResult,
} from './protocol';
import { DiagnosticsService } from './lsp/diagnostics';
import { Navigation } from './lsp/navigation';
import { FIX_ALL_KIND, LanguageFeatures, SEMANTIC_TOKENS_LEGEND } from './lsp/languageFeatures';
import { CustomRequests } from './lsp/customRequests';
import { JsonEditing } from './lsp/jsonEditing';
import { runSafe, runSafeNotification, describeError, yieldToEventLoop, type Logger } from './lsp/safety';
import { SettingsStore, type WorkspaceFolderInfo } from './lsp/settings';
import { keyOfUri, uriOfPath } from './lsp/uris';
import { DEFAULT_MAX_FILE_SIZE_BYTES, WorkspaceIndex } from './lsp/workspaceIndex';
import { isXlsxPath } from './xlsx';

declare const QPP_LENS_VERSION: string;

const DEBOUNCE_MS = 200;
/** Above this many files the startup scan reports progress. */
const PROGRESS_MIN_FILES = 20;
/** Files the startup scan reads at once: one at a time, a workspace of small files waits on the disk most of the time. */
const CONCURRENT_READS = 16;

/** Messages the connection has handled: it handles one per event-loop turn, so a yield lets at most one through. */
let messagesHandled = 0;
const connection = createConnection(ProposedFeatures.all, {
  messageStrategy: {
    handleMessage: (message, handle) => {
      messagesHandled++;
      return handle(message);
    },
  },
});

/** Yields until no message is waiting: a validation that yielded once per slice would let one message in per slice. */
async function letWaitingMessagesThrough(): Promise<void> {
  let handled: number;
  do {
    handled = messagesHandled;
    await yieldToEventLoop();
  } while (messagesHandled !== handled);
}

const documents = new TextDocuments(TextDocument);

// Log lines name files and quote errors; they pass the same TIN mask as everything else the server says.
const logger: Logger = {
  error: (message) => connection.console.error(maskTinShaped(message)),
  info: (message) => connection.console.info(maskTinShaped(message)),
};

process.on('uncaughtException', (error) => logger.error(`Uncaught: ${describeError(error)}`));
process.on('unhandledRejection', (error) => logger.error(`Unhandled rejection: ${describeError(error)}`));

let index: WorkspaceIndex;
let settings: SettingsStore;
let diagnostics: DiagnosticsService;
let features: LanguageFeatures;
let navigation: Navigation;
let customRequests: CustomRequests;
let clientCanWatchFiles = false;
let clientCanShowProgress = false;
let clientHasWorkspaceFolders = false;
/** Set by `initialize`: before it, the services above do not exist. */
let initialized = false;
/** URIs as the client spelled them, so we answer with the same string. */
const clientUris = new Map<string, string>();

function uriOf(key: string): string {
  return clientUris.get(key) ?? (key.startsWith('/') ? uriOfPath(key) : key);
}

/** A request handler: before `initialize` it answers the protocol's ServerNotInitialized error, after it runs safely. */
function serve<T>(
  name: string,
  fallback: T,
  token: CancellationToken | undefined,
  work: () => T | ResponseError<never> | Promise<T | ResponseError<never>>,
): Promise<T | ResponseError<never>> | ResponseError<never> {
  if (!initialized)
    return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server has not been initialized`);
  return runSafe(logger, name, fallback, token, work);
}

/** Our languages: a document the editor gives one of them is that kind of file, whatever its name. */
const LANGUAGE_KINDS: Readonly<Record<string, FileKind>> = {
  'qpp-participation': 'participation',
  'qpp-entity': 'entity',
};

/**
 * Only entity files and lists are ours (an open document by its language or the globs, any other file by the
 * globs); anything else a client sends is ignored.
 */
function keyIfOurs(uri: string): string | null {
  const key = keyOfUri(uri);
  return index.isOpen(key) || index.kindOf(key) ? key : null;
}

/** The watched-file globs: the default names and the settings' `files` globs, in any folder. */
const DEFAULT_WATCHED = '**/*.{entity.json,participation.csv,participation.json,participation.xlsx,eligibility.json}';
let watchedGlobs: string | null = null;
let watcherRegistration: { dispose(): void } | null = null;

/** Watches the files the settings' globs name; returns whether the globs changed since the last call. */
async function watchFiles(): Promise<boolean> {
  const globs = settings.fileGlobs().map((glob) => `**/${glob.trim().replace(/^(\.\/|\*\*\/)/, '')}`);
  const key = globs.join('\n');
  if (key === watchedGlobs) return false;
  const first = watchedGlobs === null;
  watchedGlobs = key;
  if (clientCanWatchFiles) {
    watcherRegistration?.dispose();
    watcherRegistration = await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [DEFAULT_WATCHED, ...globs, '**/.qpp-lens.json'].map((globPattern) => ({ globPattern })),
    });
  }
  return !first;
}

function workspaceFoldersOf(params: InitializeParams): WorkspaceFolderInfo[] {
  if (params.workspaceFolders && params.workspaceFolders.length > 0) {
    return params.workspaceFolders
      .filter((f) => f.uri.startsWith('file:'))
      .map((f) => ({ uri: f.uri, path: keyOfUri(f.uri) }));
  }
  const rootUri = params.rootUri ?? (params.rootPath ? uriOfPath(params.rootPath) : null);
  return rootUri?.startsWith('file:') ? [{ uri: rootUri, path: keyOfUri(rootUri) }] : [];
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  const options = (params.initializationOptions ?? {}) as {
    maxFileSizeBytes?: unknown;
    debounceMs?: unknown;
    workspaceTrusted?: unknown;
    /** Sent by a client whose own JSON language service edits entity files. */
    jsonServiceInClient?: unknown;
  };
  const maxFileSizeBytes =
    typeof options.maxFileSizeBytes === 'number' && options.maxFileSizeBytes > 0
      ? options.maxFileSizeBytes
      : DEFAULT_MAX_FILE_SIZE_BYTES;
  const debounceMs =
    typeof options.debounceMs === 'number' && options.debounceMs >= 0 ? options.debounceMs : DEBOUNCE_MS;
  const pull = capabilities.textDocument?.diagnostic !== undefined;
  clientCanWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  clientCanShowProgress = capabilities.window?.workDoneProgress === true;

  index = new WorkspaceIndex(
    logger,
    maxFileSizeBytes,
    {
      columnNames: (key) => settings.settingsFor(key).columns,
      kindOf: (key) => settings.fileKindOf(key),
    },
    (key) => settings.settingsFor(key),
  );
  // Only VS Code says whether the workspace is trusted; other editors have no such notion.
  settings = new SettingsStore(
    connection,
    logger,
    capabilities.workspace?.configuration === true,
    options.workspaceTrusted !== false,
  );
  settings.setFolders(workspaceFoldersOf(params));
  diagnostics = new DiagnosticsService(connection, index, (key) => settings.settingsFor(key), uriOf, logger, {
    debounceMs,
    pull,
    refreshSupport: capabilities.workspace?.diagnostics?.refreshSupport === true,
    letWaitingMessagesThrough,
  });
  const jsonEditing = new JsonEditing(
    options.jsonServiceInClient !== true,
    capabilities.textDocument?.completion?.completionItem?.snippetSupport === true,
  );
  features = new LanguageFeatures(
    index,
    (key) => settings.settingsFor(key),
    uriOf,
    () => diagnostics.workspaceIsLoaded,
    jsonEditing,
    {
      fileFor: (key) => settings.configFileFor(key),
      canCreate:
        capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true &&
        capabilities.workspace?.workspaceEdit?.documentChanges === true,
    },
  );
  navigation = new Navigation(index, uriOf);
  customRequests = new CustomRequests(index, diagnostics, (key) => settings.settingsFor(key), settings);

  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      completionProvider: { triggerCharacters: ['"', ','] },
      documentSymbolProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      workspaceSymbolProvider: true,
      documentLinkProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'qpp-lens', version: typeof QPP_LENS_VERSION === 'string' ? QPP_LENS_VERSION : 'dev' },
  };
  clientHasWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
  initialized = true;
  if (jsonEditing.enabled) {
    result.capabilities.documentFormattingProvider = true;
    result.capabilities.documentRangeFormattingProvider = true;
    result.capabilities.foldingRangeProvider = true;
    result.capabilities.selectionRangeProvider = true;
  }
  if (clientHasWorkspaceFolders) {
    result.capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  }
  if (pull) {
    result.capabilities.diagnosticProvider = {
      identifier: 'qpp',
      interFileDependencies: true,
      workspaceDiagnostics: false,
    };
  }
  return result;
});

connection.onInitialized(() => {
  if (!initialized) return; // the protocol drops notifications that come before `initialize`, as every handler does
  // The connection only offers this event once the client has said it sends folder changes.
  if (clientHasWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(onWorkspaceFoldersChanged);
  const loaded = (async () => {
    await settings.refresh();
    await watchFiles();
    await loadWorkspaceFiles();
  })();
  diagnostics.deferUntil(loaded);
  runSafeNotification(logger, 'initialized', async () => {
    await loaded;
    await diagnostics.revalidate([...index.openKeys(), ...closedKeysToValidate()]);
  });
});

/** Reads every entity file and list of the workspace folders, with progress when there are many. */
async function loadWorkspaceFiles(): Promise<void> {
  const keys = await index.findWorkspaceFiles(settings.workspaceFolders().map((f) => f.path));
  const progress =
    clientCanShowProgress && keys.length >= PROGRESS_MIN_FILES
      ? await connection.window.createWorkDoneProgress()
      : null;
  progress?.begin('QPP Lens: reading workspace files', 0, `0/${keys.length}`, false);
  let next = 0;
  let loaded = 0;
  const reader = async (): Promise<void> => {
    while (next < keys.length) {
      await index.loadFromDisk(keys[next++]);
      loaded++;
      if (progress && loaded % 10 === 0)
        progress.report(Math.round((loaded * 100) / keys.length), `${loaded}/${keys.length}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, reader));
  progress?.done();
  logger.info(`QPP Lens: ${keys.length} entity files and lists in the workspace.`);
}

function closedKeysToValidate(): string[] {
  return index.allKeys().filter((key) => !index.isOpen(key) && diagnostics.publishesClosed(key));
}

function onWorkspaceFoldersChanged(event: WorkspaceFoldersChangeEvent): void {
  runSafeNotification(logger, 'didChangeWorkspaceFolders', async () => {
    const toInfo = (f: { uri: string }): WorkspaceFolderInfo => ({ uri: f.uri, path: keyOfUri(f.uri) });
    const removed = event.removed.filter((f) => f.uri.startsWith('file:')).map(toInfo);
    const added = event.added.filter((f) => f.uri.startsWith('file:')).map(toInfo);
    const remaining = settings.workspaceFolders().filter((f) => !removed.some((r) => r.path === f.path));
    settings.setFolders([...remaining, ...added]);
    const inside = (key: string, folder: WorkspaceFolderInfo): boolean => key.startsWith(`${folder.path}/`);
    const dropped = index
      .allKeys()
      .filter((key) => removed.some((f) => inside(key, f)) && !remaining.some((f) => inside(key, f)));
    for (const key of dropped) index.removeFromDisk(key);
    const found = await index.findWorkspaceFiles(added.map((f) => f.path));
    for (const key of found) await index.loadFromDisk(key);
    await settings.refresh();
    await diagnostics.revalidate([...dropped, ...found, ...index.openKeys()]);
  });
}

connection.onDidChangeConfiguration((change) => {
  if (!initialized) return;
  runSafeNotification(logger, 'didChangeConfiguration', async () => {
    settings.setPushedSettings(change.settings);
    await settings.refresh();
    await revalidateAfterSettingsChange();
  });
});

async function revalidateAfterSettingsChange(): Promise<void> {
  const changed = await rescanAfterGlobsChange();
  // The sheet a workbook is checked in depends on the settings (its name, the header names): read them again.
  const workbooks = index.workbookKeys().filter((key) => !changed.includes(key));
  for (const key of workbooks) await index.loadFromDisk(key);
  changed.push(...workbooks);
  // Lists checked with other header names than the settings now give are checked again.
  index.flush();
  index.core.columnNamesChanged();
  // Files we pushed while closed are cleared if the scope went back to open files (publish() decides per file).
  const keys = new Set([
    ...changed,
    ...index.openKeys(),
    ...closedKeysToValidate(),
    ...diagnostics.pushedClosedFiles(),
  ]);
  await diagnostics.revalidate([...keys]);
}

/**
 * The `files` globs may have changed: files that are no longer ours are dropped, files that now are are read.
 * Returns the keys dropped or read.
 */
async function rescanAfterGlobsChange(): Promise<string[]> {
  if (!(await watchFiles())) return [];
  const dropped = index.allKeys().filter((key) => !index.kindOf(key));
  for (const key of dropped) index.removeFromDisk(key);
  const found = await index.findWorkspaceFiles(settings.workspaceFolders().map((f) => f.path));
  const added = found.filter((key) => !index.core.has(key) && !index.isOpen(key));
  for (const key of added) await index.loadFromDisk(key);
  return [...dropped, ...added];
}

documents.onDidOpen((event) => {
  if (!initialized) return;
  const uri = event.document.uri;
  const key = keyOfUri(uri);
  // A workbook is binary: an editor that opens it as text has no list in hand. It is read from disk.
  if (isXlsxPath(key)) return;
  const kind = LANGUAGE_KINDS[event.document.languageId];
  if (kind) opened(key, event.document, kind);
  // Whether a document of another language is ours is for the globs to say, once the settings are read.
  else
    runSafeNotification(logger, 'didOpen', async () => {
      await diagnostics.whenWorkspaceLoaded();
      const document = documents.get(uri);
      if (!document || index.isOpen(key) || !index.kindOf(key)) return;
      opened(key, document);
      diagnostics.schedule(key);
    });
});

function opened(key: string, document: TextDocument, kind?: FileKind): void {
  clientUris.set(key, document.uri);
  index.open(key, document, kind);
  diagnostics.opened(key);
}

documents.onDidChangeContent((event) => {
  if (!initialized) return;
  const key = keyOfUri(event.document.uri);
  if (!index.isOpen(key)) return;
  index.changed(key, event.document);
  diagnostics.schedule(key);
});

documents.onDidClose((event) => {
  if (!initialized) return;
  const key = keyOfUri(event.document.uri);
  if (!index.isOpen(key)) return;
  runSafeNotification(logger, 'didClose', async () => {
    await index.close(
      key,
      settings.workspaceFolders().map((f) => f.path),
    );
    diagnostics.closed(key);
    clientUris.delete(key);
    // Files that depend on this one now see its disk content (or its absence).
    await diagnostics.revalidate(index.core.dependants(key).filter((k) => k !== key));
  });
});

connection.onDidChangeWatchedFiles((params) => {
  if (!initialized) return;
  runSafeNotification(logger, 'didChangeWatchedFiles', async () => {
    const changedKeys: string[] = [];
    let configChanged = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const key = keyOfUri(change.uri);
      if (settings.isConfigFile(key)) {
        configChanged = true;
        continue;
      }
      if (!index.kindOf(key) && !index.core.has(key)) continue;
      // A change may name any path, such as a link to a list outside the workspace: the startup scan's rule decides.
      const folders = settings.workspaceFolders().map((f) => f.path);
      if (change.type !== FileChangeType.Deleted && (await index.isWorkspaceFile(key, folders)))
        await index.loadFromDisk(key);
      else index.removeFromDisk(key);
      changedKeys.push(key);
    }
    if (configChanged) {
      await settings.refresh();
      await revalidateAfterSettingsChange();
    }
    if (changedKeys.length > 0) await diagnostics.revalidate(changedKeys);
  });
});

connection.languages.diagnostics.on((params, token) =>
  serve<DocumentDiagnosticReport>('pull diagnostics', { kind: 'full', items: [] }, token, async () => {
    await diagnostics.whenWorkspaceLoaded();
    const key = keyIfOurs(params.textDocument.uri);
    if (!key) return { kind: 'full', items: [] };
    return diagnostics.pull(key, params.previousResultId);
  }),
);

connection.onHover((params, token) => serve('hover', null, token, () => features.hover(params)));
connection.onCompletion((params, token) => serve('completion', [], token, () => features.completion(params)));
connection.onCodeAction((params, token) => serve('codeAction', [], token, () => features.codeActions(params)));
connection.onDocumentFormatting((params, token) => serve('formatting', [], token, () => features.formatting(params)));
connection.onDocumentRangeFormatting((params, token) =>
  serve('rangeFormatting', [], token, () => features.formatting(params)),
);
connection.onFoldingRanges((params, token) => serve('foldingRange', [], token, () => features.foldingRanges(params)));
connection.onSelectionRanges((params, token) =>
  serve('selectionRange', [], token, () => features.selectionRanges(params)),
);
connection.onDocumentSymbol((params, token) =>
  serve('documentSymbol', [], token, () => features.documentSymbols(params)),
);
connection.languages.inlayHint.on((params, token) => serve('inlayHint', [], token, () => features.inlayHints(params)));
connection.onCodeLens((params, token) => serve('codeLens', [], token, () => features.codeLenses(params)));
connection.onDefinition((params, token) => serve('definition', null, token, () => navigation.definition(params)));
connection.onReferences((params, token) => serve('references', null, token, () => navigation.references(params)));
connection.onDocumentHighlight((params, token) =>
  serve('documentHighlight', null, token, () => navigation.documentHighlight(params)),
);
connection.onPrepareRename((params, token) =>
  serve('prepareRename', null, token, () => navigation.prepareRename(params)),
);
connection.onRenameRequest((params, token) => serve('rename', null, token, () => navigation.rename(params)));
connection.onDocumentLinks((params, token) =>
  serve('documentLinks', [], token, () => navigation.documentLinks(params)),
);
connection.onWorkspaceSymbol((params, token) =>
  serve('workspaceSymbol', [], token, () => navigation.workspaceSymbols(params)),
);
connection.languages.semanticTokens.on((params, token) =>
  serve('semanticTokens', { data: [] }, token, () => features.semanticTokens(params)),
);
connection.languages.semanticTokens.onRange((params, token) =>
  serve('semanticTokens/range', { data: [] }, token, () => features.semanticTokens(params)),
);

connection.onRequest(ReportRequest, (_params: unknown, token: CancellationToken) =>
  serve('report', null, token, async () => {
    // Workspace-wide answers wait for the startup scan, like pulled diagnostics.
    await diagnostics.whenWorkspaceLoaded();
    return customRequests.report();
  }),
);
connection.onRequest(ExplainClinicianRequest, (params: ExplainClinicianParams, token: CancellationToken) =>
  serve<ExplainClinicianResult>('explainClinician', { markdown: null }, token, () =>
    customRequests.explainClinician(params),
  ),
);
connection.onRequest(ValidateWorkspaceRequest, (_params: unknown, token: CancellationToken) =>
  serve<ValidateWorkspaceResult>(
    'validateWorkspace',
    { files: 0, errors: 0, warnings: 0, information: 0 },
    token,
    async () => {
      await diagnostics.whenWorkspaceLoaded();
      return customRequests.validateWorkspace(token);
    },
  ),
);
connection.onRequest(DraftOptInRequest, (params: DraftOptInParams, token: CancellationToken) =>
  serve<DraftOptInResult>(
    'draftOptIn',
    { markdown: null, reason: 'The server could not draft the form; see its log.' },
    token,
    () => customRequests.draftOptIn(params),
  ),
);
connection.onRequest(FileKindRequest, (params: FileKindParams, token: CancellationToken) =>
  serve<FileKindResult>('fileKind', { kind: null }, token, async () => {
    await diagnostics.whenWorkspaceLoaded();
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    return { kind: uri.startsWith('file:') ? settings.fileKindOf(keyOfUri(uri)) : null };
  }),
);
connection.onRequest(SheetCsvRequest, (params: SheetCsvParams, token: CancellationToken) =>
  serve<SheetCsvResult>('sheetCsv', { problem: 'The server could not read the workbook; see its log.' }, token, () =>
    customRequests.sheetCsv(params),
  ),
);
connection.onRequest(FileStatusRequest, (params: FileStatusParams, token: CancellationToken) =>
  serve<FileStatusResult | null>('fileStatus', null, token, () => customRequests.fileStatus(params)),
);

documents.listen(connection);
connection.listen();
