// Diagnostics: findings of the core turned into LSP diagnostics, debounced per file, published for the changed file
// and every file whose cross-file findings depend on it.
import * as path from 'node:path';
import type { Connection, Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { applySeverityOverrides, capFindings, CODES, isCode, type Finding } from '../core';
import type { QppSettings } from '../config';
import type { WorkspaceIndex } from './workspaceIndex';
import { describeError, yieldToEventLoop, type Logger } from './safety';
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

export interface DiagnosticsOptions {
  debounceMs: number;
  /** Pull mode: the client asks for open files' diagnostics; the server only pushes closed files. */
  pull: boolean;
  refreshSupport: boolean;
}

export class DiagnosticsService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Closed files we published diagnostics for, so a scope change or an open can clear them. */
  private readonly pushedClosed = new Set<string>();
  private readonly cappedReported = new Set<string>();
  /** Settles when the startup scan has read the workspace: until then cross-file findings would be wrong. */
  private workspaceLoaded: Promise<unknown> = Promise.resolve();

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
    this.workspaceLoaded = loaded.catch(() => undefined);
  }

  /** Resolves when diagnostics may be computed (the startup scan is over). */
  whenWorkspaceLoaded(): Promise<unknown> {
    return this.workspaceLoaded;
  }

  /** Re-validates `key` and its dependants after the debounce; a newer call for the same key restarts the wait. */
  schedule(key: string): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.revalidate([key]).catch((error) => this.logger.error(`validation failed: ${describeError(error)}`));
      }, this.options.debounceMs),
    );
  }

  /** Validates the given files and their dependants now. */
  async revalidate(changedKeys: string[]): Promise<void> {
    await this.workspaceLoaded;
    this.index.flush();
    const targets = new Set<string>();
    for (const key of changedKeys) {
      targets.add(key);
      // For a deleted file too: the entity files that named it now get XF001.
      for (const dependant of this.index.core.dependants(key)) targets.add(dependant);
    }
    let pulledFileChanged = false;
    for (const target of targets) {
      await yieldToEventLoop();
      if (this.options.pull && this.index.isOpen(target)) pulledFileChanged = true;
      else this.publish(target);
    }
    if (pulledFileChanged && this.options.refreshSupport) {
      this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }
  }

  /** Publishes one file's diagnostics (open buffers with their version; closed files only in workspace scope). */
  publish(key: string): void {
    const document = this.index.document(key);
    if (document) {
      const version = document.version;
      const started = performance.now();
      const diagnostics = this.compute(key);
      if (this.settingsFor(key).trace === 'verbose') {
        this.logger.info(`${path.posix.basename(key)} v${version}: ${diagnostics.length} diagnostics in ${(performance.now() - started).toFixed(1)} ms`);
      }
      if (this.index.document(key)?.version !== version) return; // the buffer moved on: a newer run will publish
      void this.connection.sendDiagnostics({ uri: this.uriOf(key), version, diagnostics });
      return;
    }
    if (!this.index.core.has(key) && this.index.oversizedBy(key) === undefined) {
      this.clearClosed(key);
      return;
    }
    if (this.settingsFor(key).validationScope !== 'workspace' || !isDiskKey(key)) {
      this.clearClosed(key);
      return;
    }
    this.pushedClosed.add(key);
    void this.connection.sendDiagnostics({ uri: this.uriOf(key), diagnostics: this.compute(key) });
  }

  /** Publishes diagnostics computed by the caller, whatever the scope (Validate Workspace). */
  publishComputed(key: string, diagnostics: Diagnostic[]): void {
    const document = this.index.document(key);
    if (document) {
      if (!this.options.pull) void this.connection.sendDiagnostics({ uri: this.uriOf(key), version: document.version, diagnostics });
      return;
    }
    this.pushedClosed.add(key);
    void this.connection.sendDiagnostics({ uri: this.uriOf(key), diagnostics });
  }

  /** A buffer was closed: its diagnostics go unless the scope keeps closed files validated. */
  closed(key: string): void {
    if (this.index.isOpen(key)) return; // re-opened while the close was handled: the open scheduled its own validation
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    if (this.settingsFor(key).validationScope === 'workspace' && (this.index.core.has(key) || this.index.oversizedBy(key) !== undefined)) {
      this.publish(key);
    } else {
      void this.connection.sendDiagnostics({ uri: this.uriOf(key), diagnostics: [] });
    }
  }

  /** A buffer was opened in pull mode: drop what we pushed while it was closed, the client pulls now. */
  opened(key: string): void {
    if (this.options.pull && this.pushedClosed.delete(key)) {
      void this.connection.sendDiagnostics({ uri: this.uriOf(key), diagnostics: [] });
    }
  }

  /** Closed files whose diagnostics were pushed, e.g. to clear them when the scope goes back to open files. */
  pushedClosedFiles(): string[] {
    return [...this.pushedClosed];
  }

  compute(key: string): Diagnostic[] {
    // Hand any buffer text that arrived since the last run to the core, so findings match the version published.
    this.index.flush();
    const settings = this.settingsFor(key);
    const oversized = this.index.oversizedBy(key);
    if (oversized !== undefined) {
      const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
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
    if (!this.index.core.has(key)) return [];
    let findings: Finding[];
    try {
      findings = applySeverityOverrides(this.index.core.analyze(key).findings, settings.severity);
    } catch (error) {
      this.logger.error(`analysis failed: ${describeError(error)}`);
      findings = [{ code: 'GEN003', severity: CODES.GEN003.severity, message: 'The checks failed on this file; see the QPP Lens output.', start: 0, end: 0 }];
    }
    return this.convert(key, this.cap(key, findings, settings.maxFindingsPerFile));
  }

  private cap(key: string, findings: Finding[], max: number): Finding[] {
    if (findings.length <= max) return findings;
    if (!this.cappedReported.has(key)) {
      this.cappedReported.add(key);
      this.logger.info(`${path.posix.basename(key)}: ${findings.length - max} findings not shown (qpp.maxFindingsPerFile = ${max}).`);
    }
    return capFindings(findings, max);
  }

  private convert(key: string, findings: Finding[]): Diagnostic[] {
    return findings.map((finding) => {
      const diagnostic: Diagnostic = {
        range: { start: this.index.positionAt(key, finding.start), end: this.index.positionAt(key, finding.end) },
        severity: SEVERITY[finding.severity],
        source: 'qpp',
        code: finding.code,
        message: finding.message,
      };
      if (isCode(finding.code)) diagnostic.codeDescription = { href: rulePageUri(finding.code) };
      if (finding.data) diagnostic.data = finding.data;
      if (finding.related && finding.related.length > 0) {
        diagnostic.relatedInformation = finding.related.map(
          ({ file = key, start, end, message }): DiagnosticRelatedInformation => ({
            location: {
              uri: this.uriOf(file),
              range: { start: this.index.positionAt(file, start), end: this.index.positionAt(file, end) },
            },
            message,
          }),
        );
      }
      return diagnostic;
    });
  }

  private clearClosed(key: string): void {
    if (this.pushedClosed.delete(key)) void this.connection.sendDiagnostics({ uri: this.uriOf(key), diagnostics: [] });
  }
}
