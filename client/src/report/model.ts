// The parts of the report JSON (SPEC §5, `qpp/report`) the report view and the exports read.
// Kept structural so the client depends on the shape, not on the server's internals.
import { qpThresholdsFor } from '../../../server/src/core/data';

export interface ScoreView {
  numerator: number;
  denominator: number;
  percent: number | null;
}
export interface SnapshotView {
  date: string;
  countsForQp?: boolean;
  payments: ScoreView | null;
  patients: ScoreView | null;
  status?: string;
}
export interface DeterminationView {
  performanceYear: number;
  apmId: string;
  entityId: string;
  lowVolume: { status: string; optInEligible: boolean; election: string; segments?: { result: string; exceeded: string[] }[] } | null;
  qp: {
    status: string;
    option: string | null;
    method: string | null;
    snapshot: string | null;
    provisional: boolean;
    incentivePercent: number | null;
    snapshots?: SnapshotView[];
  } | null;
  mips: { status: string };
  app: { available: boolean; required: boolean };
  euc: { status: string };
}
export interface ReportFileView {
  path: string;
  kind: 'entity' | 'participation';
  diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number } } }[];
  determination: DeterminationView | null;
}
export interface ClinicianView {
  npi: string;
  tin: string;
  entities: string[];
  qp: { status: string; entityId: string | null; snapshot: string | null };
  appAvailable: boolean;
}
export interface ReportView {
  version: number;
  files: ReportFileView[];
  clinicians: ClinicianView[];
  summary: { files: number; errors: number; warnings: number; information: number };
}

/** Medicare QP and Partial QP thresholds (percent) the chart draws for one entity's PY. */
export interface ChartThresholds {
  qp: { payments: number; patients: number };
  partialQp: { payments: number; patients: number };
  provisional: boolean;
}

/** What the webview receives: the report plus each PY's thresholds from the rules data. */
export interface ReportMessage {
  type: 'report';
  report: ReportView;
  thresholds: Record<string, ChartThresholds>;
  updated: string;
}

export function thresholdsByYear(report: ReportView): Record<string, ChartThresholds> {
  const years = new Set(report.files.flatMap((file) => (file.determination ? [file.determination.performanceYear] : [])));
  const result: Record<string, ChartThresholds> = {};
  for (const year of years) {
    const row = qpThresholdsFor(year);
    if (row) result[year] = { qp: { ...row.medicare.qp }, partialQp: { ...row.medicare.partialQp }, provisional: row.provisional };
  }
  return result;
}
