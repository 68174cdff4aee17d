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
/** One set of threshold values: the row's own, or another reading of sources that disagree. */
export interface QpThresholdValues {
  medicare: { qp: MethodPair; partialQp: MethodPair };
  /** null before PY2019: no All-Payer Combination Option. */
  allPayer: { qp: AllPayerLevel; partialQp: AllPayerLevel } | null;
}
/** Another reading of the sources for a PY whose sources disagree; hovers and QP007 show the determination under it. */
export interface QpThresholdReading extends QpThresholdValues, Sourced {
  /** Short name of the reading, e.g. "the eCFR as written". */
  label: string;
}
export interface QpThresholdRow extends QpThresholdValues, Sourced {
  performanceYear: number;
  /** Short name of the reading the row's own values follow (shown next to the other readings). */
  reading: string;
  /** Other readings when sources disagree (empty when they agree). */
  otherReadings: readonly QpThresholdReading[];
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

const AS_REGULATION = { reading: '42 CFR 414.1430', otherReadings: [] } as const;

export const QP_THRESHOLDS: readonly QpThresholdRow[] = [
  { ...AS_REGULATION, performanceYear: 2017, medicare: MEDICARE_2017, allPayer: null, incentivePercent: 5, incentiveNote: '5% APM incentive',
    source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}`, provisional: false },
  { ...AS_REGULATION, performanceYear: 2018, medicare: MEDICARE_2017, allPayer: null, incentivePercent: 5, incentiveNote: '5% APM incentive',
    source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}`, provisional: false },
  ...[2019, 2020, 2021, 2022].map((py) => ({
    ...AS_REGULATION, performanceYear: py, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 5,
    incentiveNote: '5% APM incentive',
    source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}${py >= 2021 ? '; thresholds frozen by CAA 2021' : ''}`, provisional: false,
  })),
  { ...AS_REGULATION, performanceYear: 2023, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 3.5,
    incentiveNote: '3.5% APM incentive (CAA 2023 §4111)', source: `${SOURCES.CFR_1430}; ${SOURCES.CFR_1450}`, provisional: false },
  { ...AS_REGULATION, performanceYear: 2024, medicare: MEDICARE_2019, allPayer: ALL_PAYER_2019, incentivePercent: 1.88,
    incentiveNote: '1.88% APM incentive (CAA 2024) plus the QP conversion factor from CY2026',
    source: `${SOURCES.CFR_1430}; ${SOURCES.QPP_ADVANCED_APMS}`, provisional: false },
  { ...AS_REGULATION, performanceYear: 2025, medicare: MEDICARE_2025, allPayer: ALL_PAYER_2025, incentivePercent: null,
    incentiveNote: 'no lump-sum incentive; QPs get the higher QP conversion factor',
    source: `${SOURCES.CFR_1430}; All-Payer QP Submission Form CY2026`, provisional: false },
  // Choice between sources (PY2026 = payment year 2028). Each value is taken from a source that states it: the Medicare
  // QP payment threshold from the CAA 2026 (50%; a statute overrides the regulation), every other value from the eCFR
  // (2026-03-24), which still lists 75% payments. No source found states the PY2026 patient-count, Partial QP or
  // All-Payer values under the Act, so the row stays provisional and the eCFR as written is shown as a second reading.
  { performanceYear: 2026, reading: 'CAA 2026 payment threshold with the eCFR\'s other values',
    medicare: { qp: { payments: 50, patients: 50 }, partialQp: { payments: 50, patients: 35 } }, allPayer: ALL_PAYER_2025,
    incentivePercent: 3.1, incentiveNote: '3.1% APM incentive (CAA 2026) plus the QP conversion factor',
    source: `QP payment 50%: ${SOURCES.CAA_2026}; other values: ${SOURCES.ECFR_1430_2026}`, provisional: true,
    otherReadings: [
      { label: 'the eCFR as written', medicare: MEDICARE_2025, allPayer: ALL_PAYER_2025, source: SOURCES.ECFR_1430_2026, provisional: true },
    ] },
  // PY2027 = payment year 2029: the eCFR's "2027 and later" values; no later rule was found (CY2027 PFS final rule not checked).
  { ...AS_REGULATION, performanceYear: 2027, medicare: MEDICARE_2025, allPayer: ALL_PAYER_2025, incentivePercent: null,
    incentiveNote: 'no lump-sum incentive; QPs get the higher QP conversion factor',
    source: `${SOURCES.ECFR_1430_2026}; ${SOURCES.CY2027_PFS}`, provisional: true },
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
