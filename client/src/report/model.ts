// The parts of the report JSON (docs/cli.md#json, `qpp/report`) the report view and the exports read.
// Kept structural so the client depends on the shape, not on the server's internals.
export interface SnapshotView {
  date: string;
  countsForQp: boolean;
  /** null when the snapshot has no score by that method (zero denominator or an error). */
  paymentsPercent: number | null;
  patientsPercent: number | null;
  status: string;
}
/** The PY's Medicare QP and Partial QP thresholds, in percent. */
export interface ThresholdsView {
  qpPayments: number;
  qpPatients: number;
  partialQpPayments: number;
  partialQpPatients: number;
}
export interface DeterminationView {
  performanceYear: number;
  apmId: string;
  entityId: string;
  lowVolume: { status: string; optInEligible: boolean; election: string; summary?: string } | null;
  qp: {
    status: string;
    option: string | null;
    method: string | null;
    snapshot: string | null;
    provisional: boolean;
    incentivePercent: number | null;
    snapshots?: SnapshotView[];
    thresholds?: ThresholdsView | null;
    summary?: string;
  } | null;
  mips: { status: string; summary?: string };
  app: { available: boolean; required: boolean; summary?: string };
  euc: { status: string; summary?: string };
}
export interface ReportFileView {
  path: string;
  kind: 'entity' | 'participation' | 'eligibility';
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number } };
  }[];
  determination: DeterminationView | null;
}
export interface ClinicianView {
  npi: string;
  tin: string;
  entities: string[];
  qp: {
    status: string;
    entityId: string | null;
    snapshot: string | null;
    level?: 'entity' | 'individual' | null;
    rule?: string | null;
  };
  appAvailable: boolean;
  /** CMS's saved eligibility record of this TIN/NPI, when the workspace has one. */
  cmsRecord?: {
    qpStatusCode: string | null;
    qpStatus: string | null;
    qpScoreType: string | null;
    apms: { entity: string; apmId: string | null; lvtFlag: boolean | null }[];
    text: string;
  } | null;
}
export interface ReportView {
  version: number;
  files: ReportFileView[];
  clinicians: ClinicianView[];
  summary: { files: number; errors: number; warnings: number; information: number };
}

/** What the webview receives. */
export interface ReportMessage {
  type: 'report';
  report: ReportView;
  updated: string;
  /** The path (as the report shows it) of the entity file to scroll to and mark, when the report opens at one. */
  focus?: string;
}
