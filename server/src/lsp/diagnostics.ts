// Diagnostics: findings of the core turned into LSP diagnostics, debounced per file, published for the changed file
// and every file whose cross-file findings depend on it. One validation runs at a time, in slices that yield to the
// event loop so requests are answered meanwhile; changes that arrive during it join it rather than start another, and
// a file is sent only when its version or diagnostics differ from what was last sent for it. In pull mode an open
// file's report names its diagnostics by a resultId (the same diagnostics again answer `unchanged`), and a refresh
// is asked for only when an open file's diagnostics differ from what the client last pulled.
import * as path from 'node:path';
import type {
  Connection,
  Diagnostic,
  DiagnosticRelatedInformation,
  PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { applySeverityOverrides, capFindings, CODES, isCode, maskTinShaped, type Finding } from '../core';
import { isXlsxPath } from '../xlsx';
import { shownFindings, underIgnoredPath } from '../suppression';
import type { QppSettings } from '../config';
import type { WorkspaceIndex } from './workspaceIndex';
import { describeError, type Logger } from './safety';
import { uriOfPath, isDiskKey } from './uris';

/** The folder the server is installed in: dist/server.js lives one level below it. */
export const PRODUCT_ROOT = path.resolve(__dirname, '..');

export function rulePageUri(code: string): string {
  return uriOfPath(path.join(PRODUCT_ROOT, 'docs', 'rules', `${code}.md`));
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A validation runs this long before it lets requests in: well under the 100 ms an interactive answer may take. */
const SLICE_MS = 10;
/** The longest a stream of changes puts a validation off, in debounce periods. */
const MAX_DEBOUNCES = 5;

/** Keys in the order they were added, each at most once. */
class KeyQueue {
  private keys: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.keys.push(key);
  }

  take(): string | undefined {
    if (this.head === this.keys.length) return undefined;
    const key = this.keys[this.head++];
    this.queued.delete(key);
    if (this.head === this.keys.length) {
      this.keys = [];
      this.head = 0;
    }
    return key;
  }
}

export interface DiagnosticsOptions {
  debounceMs: number;
  /** Pull mode: the client asks for open files' diagnostics; the server only pushes closed files. */
  pull: boolean;
  refreshSupport: boolean;
  /** Between slices of a validation: resolves once the requests and notifications waiting have been handled. */
  letWaitingMessagesThrough: () => Promise<void>;
}

export class DiagnosticsService {
  /** Files changed since the last validation was scheduled to start; one debounce for all of them. */
  private readonly scheduled = new Set<string>();
  private debounce: NodeJS.Timeout | undefined;
  /** When the first of the scheduled changes arrived: a stream of changes does not put the validation off for ever. */
  private firstScheduledAt = 0;
  /** Closed files we published diagnostics for, so a scope change or an open can clear them. */
  private readonly pushedClosed = new Set<string>();
  private readonly cappedReported = new Set<string>();
  /** Files changed since the running validation last took changes in; their dependants are validated next. */
  private readonly changed = new Set<string>();
  /** Files to validate: open buffers first, so what the user looks at is published before the rest of the workspace. */
  private readonly pendingOpen = new KeyQueue();
  private readonly pendingClosed = new KeyQueue();
  /** The running validation, until every pending file is done. */
  private validation: Promise<void> | null = null;
  /** What was last sent for each file (version and diagnostics), so an unchanged file is not sent again. */
  private readonly lastSent = new Map<string, string>();
  /** What the client last pulled for each open file, and the resultId it was given with. */
  private readonly lastPulled = new Map<string, { diagnostics: string; resultId: string }>();
  private resultIds = 0;
  /** Settles when the startup scan has read the workspace: until then cross-file findings would be wrong. */
  private workspaceLoaded: Promise<unknown> = Promise.resolve();
  /** Settles when the last diagnostics sent have been written out (the connection writes in order). */
  private lastWrite: Promise<void> = Promise.resolve();
  private scanOver = true;

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
    private readonly settingsFor: (key: string) => QppSettings,
    private readonly uriOf: (key: string) => string,
    private readonly logger: Logger,
    private readonly options: DiagnosticsOptions,
  ) {}

  get pullMode(): boolean {
    return this.options.pull;
  }

  /** Holds every publication until the workspace files are read, so no file shows a transient XF004/XF005. */
  deferUntil(loaded: Promise<unknown>): void {
    this.scanOver = false;
    this.workspaceLoaded = loaded
      .catch(() => undefined)
      .then(() => {
        this.scanOver = true;
      });
  }

  /** Whether the startup scan is over: before, workspace-wide facts are partial and costly to rebuild per file read. */
  get workspaceIsLoaded(): boolean {
    return this.scanOver;
  }

  /** Resolves when diagnostics may be computed (the startup scan is over). */
  whenWorkspaceLoaded(): Promise<unknown> {
    return this.workspaceLoaded;
  }

  /**
   * Re-validates `key` and its dependants once changes stop arriving for the debounce (at most MAX_DEBOUNCES of it
   * after the first): a burst of opens or keystrokes, in one file or in hundreds, is validated once. With a timer per
   * file, the first validation started while opens were still arriving, and every later batch made every file a
   * dependant again.
   */
  schedule(key: string): void {
    const now = performance.now();
    if (this.scheduled.size === 0) this.firstScheduledAt = now;
    this.scheduled.add(key);
    const waited = now - this.firstScheduledAt;
    if (this.debounce && waited >= MAX_DEBOUNCES * this.options.debounceMs) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      const keys = [...this.scheduled];
      this.scheduled.clear();
      this.revalidate(keys).catch((error) => this.logger.error(`validation failed: ${describeError(error)}`));
    }, this.options.debounceMs);
  }

  /**
   * Validates the given files and their dependants; resolves when no validation is pending. During a running
   * validation the files join it: files it already did are done again, the others once.
   */
  revalidate(changedKeys: string[]): Promise<void> {
    for (const key of changedKeys) this.changed.add(key);
    this.validation ??= this.validateUntilDone();
    return this.validation;
  }

  private async validateUntilDone(): Promise<void> {
    try {
      await this.workspaceLoaded;
      let pulledFileChanged = false;
      let sliceStarted = performance.now();
      const yieldWhenSliceIsOver = async (): Promise<void> => {
        if (performance.now() - sliceStarted < SLICE_MS) return;
        // An answer is written after every message sent before it: a validation that sends faster than the client
        // reads would queue thousands of diagnostics ahead of a hover's answer.
        await this.lastWrite;
        await this.options.letWaitingMessagesThrough();
        sliceStarted = performance.now();
      };
      for (;;) {
        if (this.changed.size > 0) await this.takeInChanges(yieldWhenSliceIsOver);
        const key = this.pendingOpen.take() ?? this.pendingClosed.take();
        if (key === undefined) break;
        // The cross-file check in steps too: over thousands of files it takes longer than an answer may wait.
        while (!this.index.core.checkCrossFileStep()) await yieldWhenSliceIsOver();
        if (this.options.pull && this.index.isOpen(key)) pulledFileChanged ||= this.pulledDiagnosticsChanged(key);
        else this.publishSafely(key);
        await yieldWhenSliceIsOver();
      }
      if (pulledFileChanged && this.options.refreshSupport) {
        this.connection.languages.diagnostics.refresh().catch(() => undefined);
      }
    } finally {
      // In the same turn as the last check for work, so a change arriving after it starts a new validation.
      this.validation = null;
    }
  }

  /**
   * Hands the changed buffers to the core, one at a time between slices (a thousand opened lists take a thousand
   * parses), and queues the changed files' dependants (a deleted file's too).
   */
  private async takeInChanges(yieldWhenSliceIsOver: () => Promise<void>): Promise<void> {
    const changed = [...this.changed];
    this.changed.clear();
    for (const key of changed) {
      this.index.flushFile(key);
      await yieldWhenSliceIsOver();
    }
    for (const key of [...changed, ...this.index.core.dependantsOfAll(changed)]) {
      if (this.index.isOpen(key)) this.pendingOpen.add(key);
      else this.pendingClosed.add(key);
    }
  }

  /**
   * Pull mode: whether an open file's diagnostics differ from what the client last pulled for it. A file the client
   * has not pulled shows nothing yet and will be pulled anyway, so it asks for no refresh.
   */
  private pulledDiagnosticsChanged(key: string): boolean {
    const pulled = this.lastPulled.get(key);
    if (!pulled || this.index.hasUnflushedText(key)) return false;
    try {
      return JSON.stringify(this.diagnosticsOf(key)) !== pulled.diagnostics;
    } catch (error) {
      this.logger.error(`validation of ${path.posix.basename(key)} failed: ${describeError(error)}`);
      return false;
    }
  }

  /**
   * A pulled report: `unchanged` when the client's previous result is what it would get again, else the diagnostics
   * with a resultId that names them.
   */
  async pull(
    key: string,
    previousResultId: string | undefined,
  ): Promise<{ kind: 'full'; resultId: string; items: Diagnostic[] } | { kind: 'unchanged'; resultId: string }> {
    const items = await this.compute(key);
    const diagnostics = JSON.stringify(items);
    let pulled = this.lastPulled.get(key);
    if (pulled?.diagnostics !== diagnostics) {
      pulled = { diagnostics, resultId: String(++this.resultIds) };
      this.lastPulled.set(key, pulled);
    }
    return previousResultId === pulled.resultId
      ? { kind: 'unchanged', resultId: pulled.resultId }
      : { kind: 'full', resultId: pulled.resultId, items };
  }

  /** One file failing must not stop the validation of the others. */
  private publishSafely(key: string): void {
    try {
      this.publish(key);
    } catch (error) {
      this.logger.error(`validation of ${path.posix.basename(key)} failed: ${describeError(error)}`);
    }
  }

  /** Publishes one file's diagnostics (open buffers with their version; closed files only in workspace scope). */
  private publish(key: string): void {
    const document = this.index.document(key);
    if (document) {
      // Text that arrived since the validation took changes in has its own debounce, which queues the file again.
      if (this.index.hasUnflushedText(key)) return;
      const started = performance.now();
      const diagnostics = this.diagnosticsOf(key);
      if (this.settingsFor(key).trace === 'verbose') {
        this.logger.info(
          `${path.posix.basename(key)} v${document.version}: ${diagnostics.length} diagnostics in ${(performance.now() - started).toFixed(1)} ms`,
        );
      }
      this.sendIfChanged(key, document.version, diagnostics);
      return;
    }
    if (!this.isKnown(key)) {
      this.clearClosed(key);
      return;
    }
    if (!this.publishesClosed(key)) {
      this.clearClosed(key);
      return;
    }
    this.pushedClosed.add(key);
    this.sendIfChanged(key, undefined, this.diagnosticsOf(key));
  }

  /** Whether the index holds a file or knows why it does not (over the size cap, a workbook it cannot read). */
  private isKnown(key: string): boolean {
    return (
      this.index.core.has(key) ||
      this.index.oversizedBy(key) !== undefined ||
      this.index.unreadableBecause(key) !== undefined
    );
  }

  /**
   * Whether a file is published while it is closed: in workspace scope (a workbook in any scope, as the editor opens
   * no text document for it), on disk, and not under the `ignore` path globs (which qpp-check's folder search skips
   * too; an open file is checked whatever they say, as a path named to it).
   */
  publishesClosed(key: string): boolean {
    const settings = this.settingsFor(key);
    return (
      (settings.validationScope === 'workspace' || isXlsxPath(key)) &&
      isDiskKey(key) &&
      !underIgnoredPath(key, settings)
    );
  }

  /** Sends a file's diagnostics unless they and the version are what was last sent for it. */
  private sendIfChanged(key: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    if (this.remember(key, version, diagnostics)) this.send({ uri: this.uriOf(key), version, diagnostics });
  }

  private send(params: PublishDiagnosticsParams): void {
    this.lastWrite = this.connection.sendDiagnostics(params).catch(() => undefined);
  }

  /** Notes what is sent for a file; false when it is what was last sent. */
  private remember(key: string, version: number | undefined, diagnostics: Diagnostic[]): boolean {
    const sent = JSON.stringify([version ?? null, diagnostics]);
    if (this.lastSent.get(key) === sent) return false;
    this.lastSent.set(key, sent);
    return true;
  }

  /** Publishes diagnostics computed by the caller, whatever the scope (Validate Workspace). */
  publishComputed(key: string, diagnostics: Diagnostic[]): void {
    const document = this.index.document(key);
    // Sent even when unchanged: the user asked for the whole workspace.
    if (document) {
      if (this.options.pull) return;
      this.remember(key, document.version, diagnostics);
      this.send({ uri: this.uriOf(key), version: document.version, diagnostics });
      return;
    }
    this.pushedClosed.add(key);
    this.remember(key, undefined, diagnostics);
    this.send({ uri: this.uriOf(key), diagnostics });
  }

  /** A buffer was closed: its diagnostics go unless the scope keeps closed files validated. */
  closed(key: string): void {
    if (this.index.isOpen(key)) return; // re-opened while the close was handled: the open scheduled its own validation
    this.lastPulled.delete(key);
    this.scheduled.delete(key);
    if (this.publishesClosed(key) && this.isKnown(key)) {
      // Through the validation, which makes the cross-file check in slices: in a large workspace it takes a while.
      this.revalidate([key]).catch((error) => this.logger.error(`validation failed: ${describeError(error)}`));
    } else {
      this.sendIfChanged(key, undefined, []);
    }
  }

  /** A buffer was opened in pull mode: drop what we pushed while it was closed, the client pulls now. */
  opened(key: string): void {
    if (this.options.pull && this.pushedClosed.delete(key)) this.sendIfChanged(key, undefined, []);
  }

  /** Closed files whose diagnostics were pushed, e.g. to clear them when the scope goes back to open files. */
  pushedClosedFiles(): string[] {
    return [...this.pushedClosed];
  }

  /**
   * A file's diagnostics for a request (pull diagnostics, Validate Workspace): the cross-file check is made in slices
   * first, as a validation makes it, so other requests are answered meanwhile.
   */
  async compute(key: string): Promise<Diagnostic[]> {
    this.index.flush();
    let sliceStarted = performance.now();
    while (!this.index.core.checkCrossFileStep()) {
      if (performance.now() - sliceStarted < SLICE_MS) continue;
      await this.options.letWaitingMessagesThrough();
      sliceStarted = performance.now();
    }
    // Hand any buffer text that arrived meanwhile to the core, so findings match the version published.
    this.index.flush();
    return this.diagnosticsOf(key);
  }

  private diagnosticsOf(key: string): Diagnostic[] {
    const settings = this.settingsFor(key);
    const oversized = this.index.oversizedBy(key);
    if (oversized !== undefined) {
      const size = (bytes: number) =>
        bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
      return this.convert(key, [
        {
          code: 'GEN002',
          severity: CODES.GEN002.severity,
          message: `File is ${size(oversized)}, over the editor limit of ${size(this.index.maxFileSizeBytes)}: it is not checked here. Run \`qpp-check ${path.posix.basename(key)}\` instead.`,
          start: 0,
          end: 0,
        },
      ]);
    }
    const unreadable = this.index.unreadableBecause(key);
    if (unreadable !== undefined) {
      const finding: Finding = {
        code: 'XL005',
        severity: CODES.XL005.severity,
        message: `Workbook not checked: ${maskTinShaped(unreadable)}.`,
        start: 0,
        end: 0,
      };
      return this.convert(key, applySeverityOverrides([finding], settings.severity));
    }
    if (!this.index.core.has(key)) return [];
    let findings: Finding[];
    try {
      findings = shownFindings(this.index.core, key, this.index.core.analyze(key).findings, settings);
    } catch (error) {
      this.logger.error(`analysis failed: ${describeError(error)}`);
      findings = [
        {
          code: 'GEN003',
          severity: CODES.GEN003.severity,
          message: 'The checks failed on this file; see the QPP Lens output.',
          start: 0,
          end: 0,
        },
      ];
    }
    return this.convert(key, this.cap(key, findings, settings.maxFindingsPerFile));
  }

  private cap(key: string, findings: Finding[], max: number): Finding[] {
    if (findings.length <= max) return findings;
    if (!this.cappedReported.has(key)) {
      this.cappedReported.add(key);
      this.logger.info(
        `${path.posix.basename(key)}: ${findings.length - max} findings not shown (qpp.maxFindingsPerFile = ${max}).`,
      );
    }
    return capFindings(findings, max);
  }

  private convert(key: string, findings: Finding[]): Diagnostic[] {
    // A workbook is never edited: its findings carry no quick-fix data.
    const fixable = !isXlsxPath(key);
    return findings.map((finding) => {
      const diagnostic: Diagnostic = {
        range: this.index.rangeAt(key, finding.start, finding.end),
        severity: SEVERITY[finding.severity],
        source: 'qpp',
        code: finding.code,
        message: finding.message,
      };
      if (isCode(finding.code)) diagnostic.codeDescription = { href: rulePageUri(finding.code) };
      if (finding.data && fixable) diagnostic.data = finding.data;
      if (finding.related && finding.related.length > 0) {
        diagnostic.relatedInformation = finding.related.map(
          ({ file = key, start, end, message }): DiagnosticRelatedInformation => ({
            location: {
              uri: this.uriOf(file),
              range: this.index.rangeAt(file, start, end),
            },
            message,
          }),
        );
      }
      return diagnostic;
    });
  }

  private clearClosed(key: string): void {
    if (this.pushedClosed.delete(key)) this.sendIfChanged(key, undefined, []);
  }
}
