import { SOURCES, type Sourced } from './sources';

// Quality measures allowed in the APP by PY and program (docs/rules.md#apm-performance-pathway; CMS qpp-measures-data allowedPrograms).
export interface AppMeasureSetRow extends Sourced {
  performanceYear: number;
  program: 'app1' | 'appPlus';
  measures: string[];
}

const APP1_2022 = ['001', '134', '236', '321', '479', '484'];
const APP_PLUS_2025 = ['001', '112', '134', '236', '321', '479', '001SSP', '112SSP', '134SSP', '236SSP'];
const APP_PLUS_2026 = ['001', '112', '113', '134', '236', '321', '479', '484', '001SSP', '112SSP', '113SSP', '134SSP', '236SSP'];

export const APP_MEASURE_SETS: readonly AppMeasureSetRow[] = [
  { performanceYear: 2021, program: 'app1', measures: ['001', '134', '236', '321', '479', 'MCC1'], source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2022, program: 'app1', measures: APP1_2022, source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2023, program: 'app1', measures: APP1_2022, source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2024, program: 'app1', measures: [...APP1_2022, '001SSP', '134SSP', '236SSP'], source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2025, program: 'app1', measures: APP1_2022, source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2025, program: 'appPlus', measures: APP_PLUS_2025, source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2026, program: 'app1', measures: APP1_2022, source: SOURCES.MEASURES_DATA, provisional: false },
  { performanceYear: 2026, program: 'appPlus', measures: APP_PLUS_2026, source: SOURCES.MEASURES_DATA, provisional: false },
  // CMSgov/qpp-measures-data @100b25f (2026-08-20) measures/2027: the same quality measures as PY2026; the release
  // predates the CY2027 PFS final rule, which was not checked, so the rows stay provisional.
  { performanceYear: 2027, program: 'app1', measures: APP1_2022, source: `${SOURCES.MEASURES_DATA} (measures/2027 @100b25f, 2026-08-20); CY2027 PFS final rule not checked`, provisional: true },
  { performanceYear: 2027, program: 'appPlus', measures: APP_PLUS_2026, source: `${SOURCES.MEASURES_DATA} (measures/2027 @100b25f, 2026-08-20); CY2027 PFS final rule not checked`, provisional: true },
];

export const MEASURE_TITLES: Readonly<Record<string, string>> = {
  '001': 'Diabetes: Glycemic Status Assessment Greater Than 9%',
  '112': 'Breast Cancer Screening',
  '113': 'Colorectal Cancer Screening',
  '134': 'Preventive Care and Screening: Screening for Depression and Follow-Up Plan',
  '236': 'Controlling High Blood Pressure',
  '321': 'CAHPS for MIPS',
  '479': 'Hospital-Wide, 30-Day, All-Cause Unplanned Readmission (HWR) Rate',
  '484': 'Clinician and Clinician Group Risk-standardized Hospital Admission Rates for Patients with Multiple Chronic Conditions',
  MCC1: 'All-Cause Unplanned Admissions for Patients with Multiple Chronic Conditions',
};
