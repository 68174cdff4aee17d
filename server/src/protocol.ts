// Custom requests between the VS Code client and the language server. Plain method names and
// payload types, so both sides (vscode-languageclient / vscode-languageserver) can share them.
import type { ReportJson } from './core/report';
import type { FileKind } from './core/fileKinds';

/** The workspace report: the `qpp-check --format json` object (TINs masked unless revealed). */
export const ReportRequest = 'qpp/report';
export type ReportParams = Record<string, never>;
export type ReportResult = ReportJson;

/** Explain one clinician (by NPI) across every entity and list in the workspace. */
export const ExplainClinicianRequest = 'qpp/explainClinician';
export interface ExplainClinicianParams {
  npi: string;
}
export interface ExplainClinicianResult {
  /** null when the NPI is on no list in the workspace. */
  markdown: string | null;
}

/** Validate every entity file and list in the workspace now, open or not, and publish the results. */
export const ValidateWorkspaceRequest = 'qpp/validateWorkspace';
export type ValidateWorkspaceParams = Record<string, never>;
export interface ValidateWorkspaceResult {
  files: number;
  errors: number;
  warnings: number;
  information: number;
}

/** Draft the LVT opt-in election form for the entity file `uri` (Markdown; never written to disk). */
export const DraftOptInRequest = 'qpp/draftOptIn';
export interface DraftOptInParams {
  uri: string;
}
export interface DraftOptInResult {
  /** null with `reason` when the entity is not opt-in eligible or cannot be determined. */
  markdown: string | null;
  reason: string | null;
}

/** The determination line for the status item of the file `uri`. */
export const FileStatusRequest = 'qpp/fileStatus';
export interface FileStatusParams {
  uri: string;
}
export interface FileStatusResult {
  /** Short text, e.g. "A1234 PY2024: QP (Jun 30) · MIPS exempt". */
  text: string;
  /** Longer Markdown detail. */
  detail: string;
  severity: 'error' | 'warning' | 'information';
}

/**
 * The kind of file `uri` is by the `files` globs of its folder's settings (null: not ours). The VS Code client asks
 * for documents of other languages and gives the ones that are ours our language.
 */
export const FileKindRequest = 'qpp/fileKind';
export interface FileKindParams {
  uri: string;
}
export interface FileKindResult {
  kind: FileKind | null;
}

/**
 * The sheet of the .xlsx list `uri` that the checks read (the `xlsx.sheet` setting, else the first sheet whose header
 * names list columns), as the CSV text they check: for the client to write beside the workbook. The text is the
 * user's data, TINs as the cells hold them; the sheet name and the problem are masked.
 */
export const SheetCsvRequest = 'qpp/sheetCsv';
export interface SheetCsvParams {
  uri: string;
}
export type SheetCsvResult = { csv: string; sheet: string } | { problem: string };
