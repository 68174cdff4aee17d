// The QPP Lens requests of protocol.ts: report, explain clinician, validate workspace, draft opt-in, file status,
// sheet CSV.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import { buildReport, maskTinShaped, positionsInText, type FileAnalysis } from '../core';
import { draftOptInElection, explainClinicianMarkdown, fileStatusOf } from '../core/features';
import { shownFindings } from '../suppression';
import type { QppSettings } from '../config';
import type {
  DraftOptInParams,
  DraftOptInResult,
  ExplainClinicianParams,
  ExplainClinicianResult,
  FileStatusParams,
  FileStatusResult,
  ReportResult,
  SheetCsvParams,
  SheetCsvResult,
  ValidateWorkspaceResult,
} from '../protocol';
import { MAX_XLSX_BYTES, isXlsxPath, readXlsxList, tooLargeProblem } from '../xlsx';
import type { DiagnosticsService } from './diagnostics';
import { cancelled, yieldToEventLoop } from './safety';
import type { SettingsStore } from './settings';
import { keyOfUri } from './uris';
import type { WorkspaceIndex } from './workspaceIndex';

export class CustomRequests {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly diagnostics: DiagnosticsService,
    private readonly settingsFor: (key: string) => QppSettings,
    private readonly settings: SettingsStore,
  ) {}

  /** Workspace-relative path for display; keys outside every folder stay as they are. */
  private displayPath(key: string): string {
    for (const folder of this.settings.workspaceFolders()) {
      if (key.startsWith(`${folder.path}/`)) return path.posix.relative(folder.path, key);
    }
    return key;
  }

  private textOf(key: string): string {
    const document = this.index.document(key);
    if (document) return document.getText();
    return this.index.core.entity(key)?.text ?? this.index.core.list(key)?.text ?? '';
  }

  private analysisWithSettings(key: string): FileAnalysis {
    const analysis = this.index.core.analyze(key);
    return { ...analysis, findings: shownFindings(this.index.core, key, analysis.findings, this.settingsFor(key)) };
  }

  report(): ReportResult {
    this.index.flush();
    const keys = this.index.core.keys();
    return buildReport(this.index.core, keys, {
      revealTins: this.settings.revealTinsEverywhere(),
      displayPath: (key) => this.displayPath(key),
      positionsOf: (key, offsets) =>
        this.index.sheetOf(key) && !this.index.isOpen(key)
          ? offsets.map((offset) => this.index.positionAt(key, offset))
          : positionsInText(this.textOf(key), offsets),
      analysisOf: (key) => this.analysisWithSettings(key),
    });
  }

  explainClinician(params: ExplainClinicianParams): ExplainClinicianResult {
    if (typeof params?.npi !== 'string') return { markdown: null };
    this.index.flush();
    const npi = params.npi.trim();
    const summaries = this.index.core.clinicians().filter((c) => c.npi === npi);
    return { markdown: explainClinicianMarkdown(npi, summaries, this.settings.revealTinsEverywhere()) };
  }

  /** Analyses and publishes every file, open or not; yields between files so the request can be cancelled. */
  async validateWorkspace(token: CancellationToken): Promise<ValidateWorkspaceResult | ReturnType<typeof cancelled>> {
    await yieldToEventLoop();
    if (token.isCancellationRequested) return cancelled();
    this.index.flush();
    const counts: ValidateWorkspaceResult = { files: 0, errors: 0, warnings: 0, information: 0 };
    for (const key of this.index.allKeys()) {
      await yieldToEventLoop();
      if (token.isCancellationRequested) return cancelled();
      const diagnostics = await this.diagnostics.compute(key);
      this.diagnostics.publishComputed(key, diagnostics);
      counts.files++;
      for (const diagnostic of diagnostics) {
        if (diagnostic.severity === 1) counts.errors++;
        else if (diagnostic.severity === 2) counts.warnings++;
        else counts.information++;
      }
    }
    return counts;
  }

  draftOptIn(params: DraftOptInParams): DraftOptInResult {
    const key = typeof params?.uri === 'string' ? keyOfUri(params.uri) : '';
    if (this.index.kindOf(key) !== 'entity')
      return { markdown: null, reason: 'Draft Opt-In Election works on an *.entity.json file.' };
    this.index.flush();
    const entity = this.index.core.entity(key);
    if (!entity)
      return { markdown: null, reason: 'The entity file is not in the workspace index (is it too large or deleted?).' };
    return draftOptInElection(entity.model, entity.determination);
  }

  fileStatus(params: FileStatusParams): FileStatusResult | null {
    const key = typeof params?.uri === 'string' ? keyOfUri(params.uri) : '';
    const kind = this.index.kindOf(key);
    if (!kind) return null;
    if (this.index.oversizedBy(key) !== undefined) {
      return {
        text: 'QPP: file too large',
        detail: 'The file is over the editor size limit; run `qpp-check` on it.',
        severity: 'warning',
      };
    }
    this.index.flush();
    if (!this.index.core.has(key)) return null;
    const analysis = this.analysisWithSettings(key);
    const rows =
      kind === 'participation'
        ? (this.index.core.list(key)?.rows.length ?? 0)
        : kind === 'eligibility'
          ? (this.index.core.eligibility(key)?.records.length ?? 0)
          : null;
    return fileStatusOf(kind, analysis.determination, analysis.findings, rows);
  }

  /** Reads the workbook from disk as it is now (it may be outside the workspace), with its folder's settings. */
  async sheetCsv(params: SheetCsvParams): Promise<SheetCsvResult> {
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    const key = uri.startsWith('file:') ? keyOfUri(uri) : '';
    if (!isXlsxPath(key)) return { problem: 'Save Sheet as CSV works on an .xlsx file on disk.' };
    let bytes: Uint8Array;
    try {
      // The size first: a file too large for the reader is not read into memory at all.
      const { size } = await fs.stat(key);
      if (size > MAX_XLSX_BYTES) return { problem: tooLargeProblem(size) };
      bytes = await fs.readFile(key);
    } catch (error) {
      return {
        problem: `cannot read ${path.posix.basename(key)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      };
    }
    const settings = this.settingsFor(key);
    const result = await readXlsxList(bytes, settings.xlsx.sheet, settings.columns);
    if ('problem' in result) return { problem: maskTinShaped(result.problem) };
    return { csv: result.list.csv, sheet: maskTinShaped(result.list.sheet) };
  }
}
