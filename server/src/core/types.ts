// Shapes the rules core hands to its callers (server, CLI, tests). Offsets are UTF-16 code-unit
// offsets into the text the caller passed in; callers turn them into lines and columns.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit a quick fix proposes, in offsets of the same document. */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

/** Facts a quick fix or a hover needs, keyed by the finding's code (never by its message). */
export interface FindingData {
  /** Edits that fix the finding, with a title for the code action. */
  fixes?: { title: string; edits: TextReplacement[] }[];
  /** Free structured facts (thresholds, periods, ...) for clients. */
  [key: string]: unknown;
}

export interface RelatedLocation {
  /** Key of the other file, as given to the workspace; absent when the place is in the finding's own file. */
  file?: string;
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  data?: FindingData;
  related?: RelatedLocation[];
}

export type FileKind = 'entity' | 'participation' | 'eligibility';

/** A regulation or CMS source and the rule it backs, shown in every explanation. */
export interface Explanation {
  /** Short name of the rule, e.g. "MIPS low-volume threshold". */
  rule: string;
  performanceYear: number;
  paymentYear: number;
  /** e.g. "42 CFR 414.1310(b)" */
  citation: string;
  /** One-line summary with the numbers. */
  summary: string;
  /** Further lines (each a complete sentence with its numbers). */
  details: string[];
  provisional: boolean;
}

export type LvtCriterion = 'charges' | 'beneficiaries' | 'services';

export interface LvtSegmentResult {
  /** 1 or 2: the determination period this segment was matched to. */
  period: 1 | 2;
  start: string;
  end: string;
  result: 'above' | 'below';
  exceeded: LvtCriterion[];
  notExceeded: LvtCriterion[];
  /** Per criterion: how far the value is from the limit (to exceed it, or above it). */
  margins: LvtMargin[];
}

/** How far an LVT figure is from its limit: `needed` more to exceed it when it does not, else `above` it by that much. */
export interface LvtMargin {
  criterion: LvtCriterion;
  /** Cents for charges, a count otherwise. */
  value: number;
  limit: number;
  /** The least more that exceeds the limit (0 when exceeded). */
  needed: number;
  /** How far above the limit (0 when not exceeded). */
  above: number;
  text: string;
}

export interface LowVolumeDetermination {
  status: 'eligible' | 'excluded' | 'not-determined';
  optInEligible: boolean;
  election: 'none' | 'opt-in' | 'voluntary';
  segments: LvtSegmentResult[];
  explanation: Explanation;
}

export type QpStatus = 'qp' | 'partial-qp' | 'none' | 'not-determined';

export interface QpSnapshotScore {
  date: string;
  /** Whether this snapshot counts for QP (Mar 31, Jun 30, Aug 31 of the PY). */
  countsForQp: boolean;
  payments: { numerator: number; denominator: number; percent: number | null } | null;
  patients: { numerator: number; denominator: number; percent: number | null } | null;
  /** All-payer scores (All-Payer Combination Option), when given. */
  allPayer?: {
    payments: { numerator: number; denominator: number; percent: number | null } | null;
    patients: { numerator: number; denominator: number; percent: number | null } | null;
  } | null;
  status: QpStatus;
  option: 'medicare' | 'all-payer' | null;
  method: 'payments' | 'patients' | null;
  /** The numbers that decided the status, with the thresholds they met or missed (e.g. "all-payer payments 55.00% ≥ 50% with Medicare payments 30.00% ≥ 25%"). */
  basis: string;
  /** For a snapshot below QP: how far each Medicare Option score is from the next status's threshold. */
  shortfalls: QpShortfall[];
}

/** How far one Medicare Option score is from the next status, in points and in the score's own units at the same denominator. */
export interface QpShortfall {
  /** medicare: a Medicare Option score; all-payer: the All-Payer Combination Option's all-payer score (or its Medicare minimum). */
  option: 'medicare' | 'all-payer';
  method: 'payments' | 'patients';
  next: 'qp' | 'partial-qp';
  /** The next status's threshold, percent. */
  threshold: number;
  /** Percentage points short, rounded up to hundredths. */
  points: number;
  /** More in the numerator at the same denominator: dollars of payments, or patients. */
  amount: number;
  unit: 'dollars' | 'patients';
  text: string;
}

/** Who reached a clinician's status: their APM Entity group, or the clinician on their own scores (42 CFR 414.1425(c)(3)(ii), from PY2026). */
export type QpLevel = 'entity' | 'individual';

/** One clinician's individual-level threshold scores from the entity file's qp.clinicians, and the status they give. */
export interface IndividualQpResult {
  npi: string;
  /** The clinician's own scores at each snapshot. */
  snapshots: QpSnapshotScore[];
  /** Best of the individual-level snapshots (not-determined when none scores). */
  individualStatus: QpStatus;
  /** Best of the entity-level and individual-level results, assuming the clinician is on the Participation List at every snapshot. */
  status: QpStatus;
  level: QpLevel | null;
  snapshot: string | null;
  summary: string;
}

/** The individual-level rule's part: the clinicians the file gives their own scores for (none before PY2026). */
export interface IndividualQpDetermination {
  /** false before PY2026: qp.clinicians is not used. */
  assessed: boolean;
  clinicians: IndividualQpResult[];
}

export interface QpDetermination {
  status: QpStatus;
  option: 'medicare' | 'all-payer' | null;
  method: 'payments' | 'patients' | null;
  snapshot: string | null;
  provisional: boolean;
  incentivePercent: number | null;
  snapshots: QpSnapshotScore[];
  /** From PY2026 each clinician is also assessed on their own scores (42 CFR 414.1425(c)(3)(ii)). */
  individualAssessment: boolean;
  /** The status under each other reading of the PY's thresholds, when sources disagree. */
  otherReadings: { label: string; status: QpStatus; thresholds: string }[];
  explanation: Explanation;
}

export type MipsStatus =
  | 'exempt-qp'
  | 'exempt-partial-qp'
  | 'eligible-partial-qp'
  | 'eligible'
  | 'eligible-opted-in'
  | 'opt-in-eligible'
  | 'excluded-low-volume'
  | 'not-determined';

export interface EntityDetermination {
  performanceYear: number;
  paymentYear: number;
  apmId: string;
  entityId: string;
  lowVolume: LowVolumeDetermination | null;
  qp: QpDetermination | null;
  /** Individual-level QP results (42 CFR 414.1425(c)(3)(ii)); null without a qp section or when the rule failed. */
  individualQp: IndividualQpDetermination | null;
  mips: { status: MipsStatus; explanation: Explanation };
  app: { available: boolean; required: boolean; explanation: Explanation };
  euc: { status: 'may-apply' | 'may-not-apply' | 'not-applying'; explanation: Explanation };
}

export interface ClinicianSummary {
  npi: string;
  /** Normalised 9-digit TIN (callers mask it for display). */
  tin: string;
  entities: string[];
  qp: {
    status: QpStatus;
    entityId: string | null;
    snapshot: string | null;
    /** Which level decided the status: the APM Entity group's scores or the clinician's own (null when neither qualifies). */
    level: QpLevel | null;
    /** The rule the deciding level applies. */
    rule: string | null;
  };
  appAvailable: boolean;
}
