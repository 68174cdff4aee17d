import { SOURCES, type Sourced } from './sources';

// Year bounds and program facts that are not thresholds.
export const PERFORMANCE_YEARS = { first: 2017, last: 2027 } as const;
/** MIPS payment year = performance year + 2. */
export const PAYMENT_YEAR_OFFSET = 2;

export interface ProgramStartRow extends Sourced {
  program: 'app1' | 'appPlus';
  firstPerformanceYear: number;
}
export const APP_PROGRAM_START: readonly ProgramStartRow[] = [
  { program: 'app1', firstPerformanceYear: 2021, source: SOURCES.APP_RULE, provisional: false },
  { program: 'appPlus', firstPerformanceYear: 2025, source: `${SOURCES.APP_RULE}; ${SOURCES.MEASURES_DATA}`, provisional: false },
];

/** At least this percent of an entity's MIPS eligible clinicians must qualify for PI reweighting. */
export const EUC_PI_REWEIGHTING_PERCENT = { value: 75, source: SOURCES.EUC_APM, provisional: false } as const;

/** From this PY a clinician is a QP "individually, or as part of an APM Entity group" (42 CFR 414.1425(c)(3)(ii)). */
export const INDIVIDUAL_QP_FROM = { performanceYear: 2026, source: SOURCES.CFR_1425_C3, provisional: false } as const;

/** From this PY Shared Savings Program ACOs must report the APP Plus quality measure set, not app1 (CY2025 PFS final rule). */
export const SSP_APP_PLUS_REQUIRED_FROM = { performanceYear: 2025, source: SOURCES.SSP_APP_PLUS, provisional: true } as const;
