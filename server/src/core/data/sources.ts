// Source keys used by the rules tables. Each table row names the sources that back it;
// keys match /shared/reference/qpp-rules-research.md §0 so a reviewer can trace every number.
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
  CAA_2026: 'Consolidated Appropriations Act, 2026 (P.L. 119-75): 50% payment threshold and 3.1% incentive for PY2026',
  APP_RULE: 'CY2021 PFS final rule; qpp.cms.gov/mips/apm-performance-pathway',
  MEASURES_DATA: 'CMSgov/qpp-measures-data measures/YYYY/measures-data.json allowedPrograms',
  QPP_ELIGIBILITY_API: 'QPP Eligibility API, response schema and example (apms[].apmId "08" = "Medicare Shared Savings Program Accountable Care Organizations", subdivisionId "01" = "MSSP ACO - Track 1"); copy in github.com/durvester/QPP-analysis-with-NPIs Qpp_API_documentation/',
  EUC_APM: 'QPP MIPS APMs page (PY2024 list of EUC-eligible models); research file §8 for PY2025',
} as const;

export interface Sourced {
  /** Human-readable sources backing this row. */
  source: string;
  /** True when the value is not yet confirmed by CMS rulemaking or a CMS source. */
  provisional: boolean;
}
