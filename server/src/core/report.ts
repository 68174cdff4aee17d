// The workspace report: the `qpp-check --format json` object (docs/cli.md#json), also served to the editor's
// report view. TINs are masked unless the caller reveals them.
import { CODES, type Code } from './codes';
import { qpThresholdsFor } from './data';
import { maskTin } from './identifiers';
import { maskStrings } from './privacy';
import { cmsRecordSummary, type CmsRecordSummary } from './eligibility/explain';
import type { Position } from './text';
import type { ClinicianSummary, EntityDetermination, FileKind, Severity } from './types';
import type { FileAnalysis, QppWorkspace } from './workspace';

export interface ReportDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface ReportFile {
  path: string;
  kind: FileKind;
  diagnostics: ReportDiagnostic[];
  determination: ReportDetermination | null;
}

export interface ReportDetermination {
  performanceYear: number;
  paymentYear: number;
  apmId: string;
  entityId: string;
  lowVolume: {
    status: string;
    optInEligible: boolean;
    election: string;
    /** margins: per criterion, `needed` more to exceed the limit, or `above` it by that much (cents for charges). */
    segments: {
      period: number;
      result: string;
      exceeded: string[];
      margins: { criterion: string; value: number; limit: number; needed: number; above: number; text: string }[];
    }[];
    summary: string;
  } | null;
  qp: {
    status: string;
    option: string | null;
    method: string | null;
    snapshot: string | null;
    provisional: boolean;
    incentivePercent: number | null;
    summary: string;
    snapshots: {
      date: string;
      countsForQp: boolean;
      paymentsPercent: number | null;
      patientsPercent: number | null;
      status: string;
      basis: string;
      /** Below QP: how far each Medicare score is from the next status (points; dollars or patients at this denominator). */
      shortfalls: {
        option: string;
        method: string;
        next: string;
        threshold: number;
        points: number;
        amount: number;
        unit: string;
        text: string;
      }[];
    }[];
    thresholds: { qpPayments: number; qpPatients: number; partialQpPayments: number; partialQpPatients: number } | null;
    /** From PY2026: whether clinicians are also assessed on their own scores (42 CFR 414.1425(c)(3)(ii)). */
    individualAssessment: boolean;
    /** Clinicians with their own scores in the file: their status, and the level that decided it. */
    clinicians: {
      npi: string;
      status: string;
      level: string | null;
      snapshot: string | null;
      individualStatus: string;
      summary: string;
    }[];
    /** The status under each other reading of the PY's thresholds (sources disagree). */
    otherReadings: { label: string; status: string; thresholds: string }[];
  } | null;
  mips: { status: string; summary: string };
  app: { available: boolean; required: boolean; summary: string };
  euc: { status: string; summary: string };
}

export interface ReportJson {
  version: 1;
  files: ReportFile[];
  /** cmsRecord: CMS's saved eligibility record of the TIN/NPI, when the workspace has one (*.eligibility.json). */
  clinicians: (Omit<ClinicianSummary, 'qp'> & { qp: ClinicianSummary['qp']; cmsRecord: CmsRecordSummary | null })[];
  summary: { files: number; errors: number; warnings: number; information: number };
}

export interface ReportOptions {
  revealTins: boolean;
  /** How a key is shown (relative path for the CLI, workspace-relative for the editor). */
  displayPath: (key: string) => string;
  /**
   * Line and character of each offset in a file (asked only for files with findings): positionsInText for
   * text in memory; qpp-check locates offsets in a streamed file with an OffsetLocator pass.
   */
  positionsOf: (key: string, offsets: readonly number[]) => readonly Position[];
  /** Per-file findings after settings (severity overrides) are applied. */
  analysisOf?: (key: string) => FileAnalysis;
}

/** A determination as the report shows it; entity ids and summaries quote the user's file, so they are masked. */
export function reportDetermination(d: EntityDetermination): ReportDetermination {
  return maskStrings(determinationFigures(d));
}

function determinationFigures(d: EntityDetermination): ReportDetermination {
  const t = qpThresholdsFor(d.performanceYear);
  return {
    performanceYear: d.performanceYear,
    paymentYear: d.paymentYear,
    apmId: d.apmId,
    entityId: d.entityId,
    lowVolume: d.lowVolume && {
      status: d.lowVolume.status,
      optInEligible: d.lowVolume.optInEligible,
      election: d.lowVolume.election,
      segments: d.lowVolume.segments.map((s) => ({
        period: s.period,
        result: s.result,
        exceeded: s.exceeded,
        margins: s.margins,
      })),
      summary: d.lowVolume.explanation.summary,
    },
    qp: d.qp && {
      status: d.qp.status,
      option: d.qp.option,
      method: d.qp.method,
      snapshot: d.qp.snapshot,
      provisional: d.qp.provisional,
      incentivePercent: d.qp.incentivePercent,
      summary: d.qp.explanation.summary,
      snapshots: d.qp.snapshots.map((s) => ({
        date: s.date,
        countsForQp: s.countsForQp,
        paymentsPercent: s.payments?.percent ?? null,
        patientsPercent: s.patients?.percent ?? null,
        status: s.status,
        basis: s.basis,
        shortfalls: s.shortfalls,
      })),
      individualAssessment: d.qp.individualAssessment,
      clinicians: (d.individualQp?.clinicians ?? []).map((c) => ({
        npi: c.npi,
        status: c.status,
        level: c.level,
        snapshot: c.snapshot,
        individualStatus: c.individualStatus,
        summary: c.summary,
      })),
      otherReadings: d.qp.otherReadings,
      thresholds: t
        ? {
            qpPayments: t.medicare.qp.payments,
            qpPatients: t.medicare.qp.patients,
            partialQpPayments: t.medicare.partialQp.payments,
            partialQpPatients: t.medicare.partialQp.patients,
          }
        : null,
    },
    mips: { status: d.mips.status, summary: d.mips.explanation.summary },
    app: { available: d.app.available, required: d.app.required, summary: d.app.explanation.summary },
    euc: { status: d.euc.status, summary: d.euc.explanation.summary },
  };
}

const TIN_FIELD: ReadonlySet<string> = new Set(['tin']);

export function buildReport(ws: QppWorkspace, keys: string[], options: ReportOptions): ReportJson {
  const files: ReportFile[] = [];
  const summary = { files: 0, errors: 0, warnings: 0, information: 0 };
  for (const key of keys) {
    const analysis = options.analysisOf ? options.analysisOf(key) : ws.analyze(key);
    const positions =
      analysis.findings.length > 0
        ? options.positionsOf(
            key,
            analysis.findings.flatMap((f) => [f.start, f.end]),
          )
        : [];
    const diagnostics = analysis.findings.map((f, i) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: { start: positions[2 * i], end: positions[2 * i + 1] },
    }));
    for (const d of diagnostics) {
      if (d.severity === 'error') summary.errors++;
      else if (d.severity === 'warning') summary.warnings++;
      else summary.information++;
    }
    summary.files++;
    files.push({
      path: options.displayPath(key),
      kind: analysis.kind,
      diagnostics,
      determination: analysis.determination && reportDetermination(analysis.determination),
    });
  }
  const clinicians = ws.clinicians().map((c) => {
    const records = ws.cmsRecordsOf(c.npi).map((r) => r.record);
    const cmsRecord = cmsRecordSummary(records, c.tin, ws.performanceYearOfEntity(c.qp.entityId ?? c.entities[0]));
    return {
      ...maskStrings(c, TIN_FIELD),
      tin: options.revealTins ? c.tin : maskTin(c.tin),
      cmsRecord: cmsRecord && maskStrings(cmsRecord),
    };
  });
  return { version: 1, files, clinicians, summary };
}

/** SARIF rule metadata for every code. */
export function sarifRules(helpUri: (code: Code) => string) {
  return (Object.keys(CODES) as Code[]).map((code) => ({
    id: code,
    shortDescription: { text: CODES[code].title },
    helpUri: helpUri(code),
    defaultConfiguration: { level: sarifLevel(CODES[code].severity) },
  }));
}

export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
