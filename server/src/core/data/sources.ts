// Source keys used by the rules tables. Each table row names the sources that back it;
// research keys (S6, S11, §8, …) are listed in docs/rules.md#sources so a reviewer can trace every number.
export const SOURCES = {
  CFR_1310: '42 CFR 414.1310(b) (low-volume threshold, opt-in, voluntary reporting)',
  CFR_1425: '42 CFR 414.1425 (QP determination)',
  CFR_1430: '42 CFR 414.1430 (QP and Partial QP thresholds, keyed by payment year)',
  CFR_1435: '42 CFR 414.1435 (Medicare Option threshold scores)',
  CFR_1440: '42 CFR 414.1440 (All-Payer Combination Option)',
  CFR_1450: '42 CFR 414.1450 (APM incentive payment)',
  QPP_SNAPSHOTS: 'qpp.cms.gov/apms/apm-determination-periods (PY2025); qpp.cms.gov eligibility-determination-periods-and-snapshots (PY2024)',
  QPP_ADVANCED_APMS: 'qpp.cms.gov/apms/advanced-apms (PY2023, PY2024)',
  QPP_MIPS_APMS: 'qpp.cms.gov/apms/mips-apms (PY2024, PY2025)',
  CAA_2026: 'Consolidated Appropriations Act, 2026 (H.R. 7148, P.L. 119-75) per the AMA ("3.1% bonus revived") and TMA (texmed.org id=67236) summaries, Act text not found: 50% Medicare payment threshold (was 75%) and 3.1% incentive for PY2026',
  ECFR_1430_2026: 'eCFR 42 CFR 414.1430 as of 2026-03-24 (lexbuild.dev/ecfr), payment year "2027 and later"',
  CFR_1425_C3: '42 CFR 414.1425(c)(3)(ii) (CY2026 PFS final rule, 90 FR 49266, Nov 5 2025): from the CY2026 QP Performance Period a clinician is a QP if they "individually, or as part of an APM Entity group" meet the threshold',
  SSP_APP_PLUS: 'CY2025 PFS final rule (CMS-1807-F, Nov 1 2024) as summarised by mdinteractive.com ("Starting with PY2025, every Shared Savings Program ACO must report the APP Plus quality-measure set") and dynamichealthit.com ("required for MSSP ACOs starting in 2025"); CMS\'s own text not found (the cms.gov CMS-1807-F Shared Savings Program fact sheet excerpt seen does not quote it)',
  CY2027_PFS: 'CY2027 PFS final rule: not found in any source searched (Dec 2026); not checked',
  APP_RULE: 'CY2021 PFS final rule; qpp.cms.gov/mips/apm-performance-pathway',
  MEASURES_DATA: 'CMSgov/qpp-measures-data measures/YYYY/measures-data.json allowedPrograms',
  EUC_APM: 'QPP MIPS APMs page (PY2024 list of EUC-eligible models); research file §8 for PY2025',
} as const;

export interface Sourced {
  /** Human-readable sources backing this row. */
  source: string;
  /** True when the value is not yet confirmed by CMS rulemaking or a CMS source. */
  provisional: boolean;
}
