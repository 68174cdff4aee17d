// What each field of a saved QPP eligibility record means (the JSON behind the QPP Participation Status lookup,
// GET qpp.cms.gov/api/eligibility/npis/{npi}?year=YYYY, Accept application/vnd.qpp.cms.gov.v6+json), with where
// the meaning comes from. Hovers quote `meaning`; `verified: false` marks a reading no CMS text states.

const API_SCHEMA =
  'QPP Eligibility API v6 response schema and example (qpp.cms.gov developer documentation; copy in github.com/durvester/QPP-analysis-with-NPIs Qpp_API_documentation/schema.Md and sample_response_200.json)';
const R_PROVIDER =
  'github.com/andrewallenbruce/provider R/quality_eligibility.R and issue #61 (field names and descriptions of the Eligibility API)';
const INFERRED = 'not stated by CMS: read from the letters of the values (QPP Lens research file §7.1)';

export interface EligibilityField {
  meaning: string;
  source: string;
  verified: boolean;
}

export const ELIGIBILITY_FIELDS: Readonly<Record<string, EligibilityField>> = {
  npi: { meaning: "The clinician's National Provider Identifier (10 digits).", source: API_SCHEMA, verified: true },
  nationalProviderIdentifierType: {
    meaning: 'NPI type: 1 an individual, 2 an organization.',
    source: API_SCHEMA,
    verified: true,
  },
  qpStatus: {
    meaning:
      "CMS's Qualifying APM Participant status for the year: Y a QP, P a Partial QP, N neither; Q and R are allowed values CMS does not explain.",
    source: `${API_SCHEMA}; Y/N/P meanings: QPP Participation Status tool wording`,
    verified: false,
  },
  qpScoreType: {
    meaning:
      'Which score made the status: M Medicare Option or A All-Payer Combination Option, then E APM Entity level, I individual level, T TIN level (MI, ME, AE, AT, AI).',
    source: `${API_SCHEMA} ("The category in which an APM participant is QP"); letters: ${INFERRED}`,
    verified: false,
  },
  TIN: {
    meaning:
      "The Taxpayer Identification Number the clinician bills under, masked by CMS to its last digits (e.g. XXXXX1234): QPP Lens compares only those digits with a list's TIN.",
    source: `${API_SCHEMA} ("Masked Taxpayer Identification Number")`,
    verified: true,
  },
  prvdrOrgName: { meaning: 'The practice (TIN) name CMS has on file.', source: API_SCHEMA, verified: true },
  entityName: { meaning: "The APM Entity's official name.", source: API_SCHEMA, verified: true },
  apmEntityId: {
    meaning:
      'The APM Entity id (e.g. A1234), when the saved record carries one: the public schema names the entity only by entityName.',
    source: 'not in the public v6 schema; QPP Lens reads apmEntityId or entityId when present',
    verified: false,
  },
  lvtFlag: {
    meaning:
      'Whether CMS found the APM Entity below the low-volume threshold: true means at or below at least one limit (excluded from MIPS unless it opts in), false means above all of them.',
    source: `${API_SCHEMA} ("Indicates if the APM Entity is below the low volume threshold")`,
    verified: true,
  },
  lvtPayments: {
    meaning:
      'The APM Entity\'s total Part B allowed charges ("total aggregated expenditures") CMS compared with the dollar limit.',
    source: API_SCHEMA,
    verified: true,
  },
  lvtPatients: {
    meaning: "The APM Entity's unique Part B patients CMS compared with the beneficiary limit.",
    source: API_SCHEMA,
    verified: true,
  },
  lvtSmallStatus: { meaning: 'Whether the APM Entity has small practice status.', source: API_SCHEMA, verified: true },
  lvtPerformanceYear: {
    meaning: 'The performance year of the APM data: the year whose limits and periods the LVT figures belong to.',
    source: API_SCHEMA,
    verified: true,
  },
  apmId: {
    meaning: "CMS's numeric APM (model) code, e.g. 08 for the Medicare Shared Savings Program.",
    source: API_SCHEMA,
    verified: true,
  },
  apmName: { meaning: "The APM's formal name.", source: API_SCHEMA, verified: true },
  subdivisionId: {
    meaning: "CMS's code for a grouping (track) within the APM.",
    source: API_SCHEMA,
    verified: true,
  },
  subdivisionName: { meaning: 'The track name, e.g. "MSSP ACO - Track 1".', source: API_SCHEMA, verified: true },
  advancedApmFlag: {
    meaning: 'Whether CMS counts this APM (and track) as an Advanced APM, the only kind that can make QPs.',
    source: API_SCHEMA,
    verified: true,
  },
  mipsApmFlag: {
    meaning: 'Whether this APM is a MIPS APM (it assesses participants on cost and quality).',
    source: API_SCHEMA,
    verified: true,
  },
  providerRelationshipCode: {
    meaning:
      "The clinician's relationship to the APM Entity; P is the participant code in CMS's example (other codes are not published).",
    source: `${API_SCHEMA} ("Identifier of the APM Program Provider Relationship Type")`,
    verified: false,
  },
  qpPaymentScores: {
    meaning:
      'Payment amount threshold scores, percent: me/mi Medicare Option at the APM Entity / individual level, ae/ai/at all-payer at the entity / individual / TIN level. Keyed by snapshot date when the saved file keeps each snapshot.',
    source: `${API_SCHEMA}; key letters: ${INFERRED}; percent scale and per-snapshot keys: not stated by CMS`,
    verified: false,
  },
  qpPatientScores: {
    meaning: 'Patient count threshold scores, percent, with the same keys as qpPaymentScores.',
    source: `${API_SCHEMA}; key letters: ${INFERRED}; percent scale and per-snapshot keys: not stated by CMS`,
    verified: false,
  },
  firstName: {
    meaning: "The clinician's first name (QPP Lens shows only initials).",
    source: R_PROVIDER,
    verified: true,
  },
  lastName: {
    meaning: "The clinician's last name (QPP Lens shows only initials).",
    source: R_PROVIDER,
    verified: true,
  },
};

/** CMS's qpStatus letters QPP Lens reads; Q and R are allowed by the schema but not explained. */
export const QP_STATUS_CODES: Readonly<Record<string, 'qp' | 'partial-qp' | 'none' | 'unknown'>> = {
  Y: 'qp',
  P: 'partial-qp',
  N: 'none',
  Q: 'unknown',
  R: 'unknown',
};

export const QP_SCORE_TYPES = ['MI', 'ME', 'AE', 'AT', 'AI'] as const;
