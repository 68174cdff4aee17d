import { SOURCES, type Sourced } from './sources';

// QP / Partial QP thresholds keyed by PERFORMANCE year. 42 CFR 414.1430 lists them by payment
// year (= PY + 2); every explanation states both. Percentages; "meets or exceeds".
export interface MethodPair {
  payments: number;
  patients: number;
}
export interface AllPayerLevel {
  /** All-payer score needed, with the Medicare score minimum that must also be met. */
  payments: { total: number; medicareMin: number };
  patients: { total: number; medicareMin: number };
}
export interface QpThresholdRow extends Sourced {
  performanceYear: number;
  medicare: { qp: MethodPair; partialQp: MethodPair };
  /** null before PY2019: no All-Payer Combination Option. */
  allPayer: { qp: AllPayerLevel; partialQp: AllPayerLevel } | null;
  /** Lump-sum APM incentive percent paid in the payment year; null when none. */
  incentivePercent: number | null;
  incentiveNote: string;
}

const ALL_PAYER_2019: QpThresholdRow['allPayer'] = {
  qp: { payments: { total: 50, medicareMin: 25 }, patients: { total: 35, medicareMin: 20 } },
  partialQp: { payments: { total: 40, medicareMin: 20 }, patients: { total: 25, medicareMin: 10 } },
};
const ALL_PAYER_2025: QpThresholdRow['allPayer'] = {
  qp: { payments: { total: 75, medicareMin: 25 }, patients: { total: 50, medicareMin: 20 } },
  partialQp: { payments: { total: 50, medicareMin: 20 }, patients: { total: 35, medicareMin: 10 } },
};
const MEDICARE_2017 = { qp: { payments: 25, patients: 20 }, partialQp: { payments: 20, patients: 10 } };
const MEDICARE_2019 = { qp: { payments: 50, patients: 35 }, partialQp: { payments: 40, patients: 25 } };
const MEDICARE_2025 = { qp: { payments: 75, patients: 50 }, partialQp: { payments: 50, patients: 35 } };

export const QP_THRESHOLDS: readonly QpThresholdRow[] = [
  { performanceYear: 2017, medicare: MEDICARE_2017, allPayer: null, incentivePercent: 5, incentiveNote: '5% APM incentive',
    source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}`, provisional: false },
  { performanceYear: 2018, medicare: MEDICARE_2017, allPayer: null, incentivePercent: 5, incentiveNote: '5% APM incentive',
    source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}`, provisional: false },
  ...[2019, 2020, 2021, 2022].map((py) => ({
    performanceYear: py, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 5,
    incentiveNote: '5% APM incentive',
    source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}${py >= 2021 ? '; thresholds frozen by CAA 2021' : ''}`, provisional: false,
  })),
  { performanceYear: 2023, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 3.5,
    incentiveNote: '3.5% APM incentive (CAA 2023 §4111)', source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}`, provisional: false },
  { performanceYear: 2024, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 1.88,
    incentiveNote: '1.88% APM incentive (CAA 2024) plus the QP conversion factor from CY2026',
    source: `${SOURCES.CFR_1430}; ${SOURCES.QPP_ADVANCED_APMS}`, provisional: false },
  { performanceYear: 2025, medicare: MEDICARE_2025, allPayer: ALL_PAYER_2025, incentivePercent: null,
    incentiveNote: 'no lump-sum incentive; QPs get the higher QP conversion factor',
    source: `${SOURCES.CFR_1430}; All-Payer QP Submission Form CY2026`, provisional: false },
  // Choice between sources: the CAA 2026 sets 50% payments and 3.1% for PY2026 while the eCFR (2026-03-24)
  // still reads 75%. The statute wins; the other PY2026 values repeat PY2024 until CMS rulemaking.
  { performanceYear: 2026, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 3.1,
    incentiveNote: '3.1% APM incentive (CAA 2026) plus the QP conversion factor',
    source: `${SOURCES.CAA_2026}; other values as PY2024 pending CMS rulemaking`, provisional: true },
  { performanceYear: 2027, medicare: MEDICARE_2025, allPayer: ALL_PAYER_2025, incentivePercent: null,
    incentiveNote: 'no lump-sum incentive; QPs get the higher QP conversion factor',
    source: `${SOURCES.CFR_1430}`, provisional: false },
];

// Snapshot dates (month-day) of every PY. Only the first three count for QP; Dec 31 counts for
// MIPS APM / APP participation only (CMS: "will not make QP determinations based on the fourth snapshot").
export interface SnapshotRow extends Sourced {
  monthDay: string;
  label: string;
  countsForQp: boolean;
}
export const SNAPSHOTS: readonly SnapshotRow[] = [
  { monthDay: '03-31', label: 'Mar 31', countsForQp: true, source: SOURCES.QPP_SNAPSHOTS, provisional: false },
  { monthDay: '06-30', label: 'Jun 30', countsForQp: true, source: SOURCES.QPP_SNAPSHOTS, provisional: false },
  { monthDay: '08-31', label: 'Aug 31', countsForQp: true, source: SOURCES.QPP_SNAPSHOTS, provisional: false },
  { monthDay: '12-31', label: 'Dec 31', countsForQp: false, source: SOURCES.QPP_SNAPSHOTS, provisional: false },
];
