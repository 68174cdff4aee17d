import type { Severity } from './types';

// The stable diagnostic codes (docs/rules.md#diagnostics). Quick fixes, rule pages and severity overrides key on these.
export interface CodeInfo {
  severity: Severity;
  /** One line: what the code means (rule pages and SARIF rule descriptions use it). */
  title: string;
}

export const CODES = {
  GEN001: { severity: 'information', title: 'Findings for this file were capped; the rest are not shown' },
  GEN002: { severity: 'warning', title: 'File too large to check in the editor; use qpp-check' },
  GEN003: { severity: 'error', title: 'A rule failed on this file; the other rules still ran' },
  JSON001: { severity: 'error', title: 'Entity file or JSON list is not valid JSON/JSONC' },
  JSON002: { severity: 'warning', title: 'Duplicate property in the entity file' },
  JSON003: {
    severity: 'error',
    title: 'JSON participation list is not an array of row objects of strings and numbers',
  },
  ENT001: { severity: 'error', title: 'Required property missing or of the wrong type' },
  ENT002: { severity: 'warning', title: 'Unknown property' },
  ENT003: { severity: 'error', title: 'Performance year outside 2017..2027' },
  ENT004: { severity: 'error', title: 'APM id not in the APM catalog' },
  ENT005: { severity: 'error', title: 'Value of the wrong type or not one of the allowed values' },
  ENT006: { severity: 'warning', title: 'APM track not known for this APM' },
  ENT007: { severity: 'warning', title: 'APM not active in this performance year' },
  ENT008: { severity: 'warning', title: 'Input given that no rule uses' },
  CSV001: { severity: 'error', title: 'Malformed CSV' },
  CSV002: { severity: 'error', title: 'Row has a different number of fields than the header' },
  CSV003: { severity: 'error', title: 'Required column missing' },
  CSV004: { severity: 'hint', title: 'Column not read (names, addresses and other extra columns are fine)' },
  CSV005: { severity: 'warning', title: 'Duplicate membership row' },
  CSV006: { severity: 'error', title: 'End date before start date, or date not valid' },
  CSV007: { severity: 'error', title: 'Required value empty' },
  CSV008: { severity: 'error', title: 'list_type is not participation or affiliated' },
  CSV009: { severity: 'warning', title: 'Duplicate column' },
  ID001: { severity: 'error', title: 'NPI is not 10 digits' },
  ID002: { severity: 'error', title: 'NPI check digit is wrong' },
  ID003: { severity: 'warning', title: 'NPI does not start with 1 or 2' },
  ID010: { severity: 'error', title: 'TIN is not 9 digits' },
  ID011: { severity: 'information', title: 'TIN is not a valid IRS EIN prefix (may be an SSN)' },
  ID012: { severity: 'information', title: 'TIN written with a hyphen; it is normalised to 9 digits' },
  ID020: { severity: 'error', title: 'CCN malformed' },
  XL001: { severity: 'error', title: 'TIN of 8 digits: Excel dropped its leading zero' },
  XL002: { severity: 'error', title: 'TIN or NPI in scientific notation: Excel lost its last digits' },
  XL003: { severity: 'error', title: 'TIN or NPI with a trailing .0: Excel wrote it as a decimal number' },
  XL004: { severity: 'error', title: 'CCN of 5 digits: Excel dropped its leading zero' },
  XL005: { severity: 'error', title: 'Workbook not readable: damaged, too large, or without the sheet named' },
  ID030: { severity: 'warning', title: "APM Entity id does not match the APM's id pattern" },
  ID031: { severity: 'error', title: 'APM id in the list is not in the APM catalog' },
  LVT001: { severity: 'warning', title: "Segment dates differ from the PY's determination periods" },
  LVT002: { severity: 'information', title: 'Low-volume threshold result' },
  LVT003: { severity: 'information', title: 'Excluded but opt-in eligible' },
  LVT004: { severity: 'error', title: 'Opt-in elected but not allowed' },
  LVT005: { severity: 'error', title: 'Negative or non-integer count, or negative amount' },
  LVT006: { severity: 'warning', title: 'More than two segments, or two segments for one period' },
  QP001: { severity: 'information', title: 'QP / Partial QP determination' },
  QP002: { severity: 'error', title: 'Numerator greater than denominator, or negative' },
  QP003: { severity: 'warning', title: 'Zero denominator: no score' },
  QP004: { severity: 'error', title: 'Snapshot date is not Mar 31, Jun 30 or Aug 31 of the PY' },
  QP005: { severity: 'warning', title: 'QP data for an APM that is not an Advanced APM in this PY' },
  QP006: { severity: 'information', title: 'Partial QP with no election: clinicians are not in MIPS' },
  QP007: { severity: 'information', title: 'Thresholds for this PY are provisional' },
  QP008: { severity: 'error', title: 'All-Payer Combination Option data before PY2019' },
  QP009: { severity: 'warning', title: 'Two snapshots with the same date' },
  QP010: { severity: 'warning', title: 'Input given that no QP determination uses' },
  QP011: { severity: 'warning', title: 'Clinician listed twice in qp.clinicians' },
  QP012: {
    severity: 'information',
    title: "Clinician's QP status: the better of the entity-level and individual-level results",
  },
  APP001: { severity: 'error', title: 'APP before PY2021' },
  APP002: { severity: 'error', title: 'appPlus before PY2025' },
  APP003: { severity: 'error', title: 'Quality measure not allowed for the program in this PY' },
  APP004: { severity: 'warning', title: 'Shared Savings Program ACO not reporting APP' },
  APP005: { severity: 'error', title: 'APP reported for an APM that is not a MIPS APM' },
  APP006: { severity: 'warning', title: 'Shared Savings Program ACO reporting app1 instead of APP Plus (from PY2025)' },
  EUC001: { severity: 'error', title: 'Fewer than 75% of MIPS eligible clinicians qualify for PI reweighting' },
  EUC002: { severity: 'error', title: "The APM is not on this PY's EUC-eligible list" },
  EUC003: {
    severity: 'error',
    title: 'More clinicians qualify for PI reweighting than there are MIPS eligible clinicians',
  },
  ELG001: { severity: 'error', title: 'CMS eligibility record file is not valid JSON or not a record' },
  ELG002: { severity: 'error', title: 'CMS eligibility record has no valid NPI' },
  ELG003: { severity: 'warning', title: 'Value in a CMS eligibility record of the wrong type; not used' },
  ELG004: { severity: 'warning', title: 'CMS eligibility record holds a whole TIN; CMS shows only its last digits' },
  ELG005: { severity: 'warning', title: "Value in a CMS eligibility record outside CMS's documented values" },
  ELG006: { severity: 'warning', title: "CMS eligibility record's performance year missing or without rules" },
  XF001: { severity: 'error', title: 'Entity file names a participation list that does not exist' },
  XF002: { severity: 'error', title: "List row's apm_id disagrees with the entity file's APM" },
  XF003: {
    severity: 'warning',
    title: 'Clinician on the Participation Lists of two entities of the same APM on the same date',
  },
  XF004: { severity: 'information', title: 'List has rows for an entity id with no entity file in the workspace' },
  XF005: { severity: 'information', title: 'Entity file has no participation list rows' },
  XF006: {
    severity: 'warning',
    title: "Clinician's own QP scores at a snapshot when they are not on the entity's Participation List",
  },
  XF007: { severity: 'warning', title: "Clinician in CMS's record for an entity but not on that entity's list" },
  XF008: { severity: 'warning', title: 'Clinician on a list whose CMS record names another entity or no APM' },
  XF009: { severity: 'warning', title: "List TIN not among the TINs of the clinician's CMS record" },
  XF010: { severity: 'warning', title: "CMS's score differs from the entity file's at the same snapshot" },
  XF011: { severity: 'warning', title: "CMS's QP status differs from QPP Lens's determination" },
  XF012: { severity: 'warning', title: "CMS's low-volume flag differs from the entity file's result" },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(value: string): value is Code {
  return Object.hasOwn(CODES, value);
}

/** Where a code's rule page lives, relative to the product root. */
export function rulePagePath(code: Code): string {
  return `docs/rules/${code}.md`;
}
