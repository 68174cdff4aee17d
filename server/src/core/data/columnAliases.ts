// Header names CMS files and exports use for the participation-list columns, each with where it was found.
// A header matches a column when its key (lower case, without spaces, '-', '_' and '.') equals the key of the
// column's own name (`npi`), of a name below, or of a name the user maps in `.qpp-lens.json` ("columns").
// Names that only a column's own name already matches (`TIN`, `NPI`, `APM ID`, `Start Date`) are listed too, so
// the table says which CMS files use them.
import type { ListColumn } from '../csv/list';

export interface ColumnAlias {
  /** The header as the source writes it. */
  name: string;
  column: ListColumn;
  /** Where the name is used. */
  source: string;
}

const NGACO_PROVIDER_RIF =
  'ResDAC, Next Generation ACO Model Provider RIF (resdac.org/cms-data/files/ngaco-provider): "linked to any other CMS file that contains the ORG_TIN, ORG_NPI or ORG_CCN", providers linked to their ACO by ACO_ID';
const SSP_ACO_PARTICIPANTS =
  'data.cms.gov, Medicare Shared Savings Program "Accountable Care Organization Participants" (SSP_ACO_Participants_YYYY_01_01.csv): ACO_ID, ACO_Name, Par_LBN (participant legal business name; the public file has no TIN column)';
const SSP_BENE_RIF =
  'ResDAC, Shared Savings Program ACO beneficiary-level file, data documentation: ACO_NUM "ACO identifier"';
const CMDS_PROVIDER =
  'ResDAC, CMMI Model Data Sharing (CMDS) Provider File: Model ID, Entity ID, NPI, TIN, CCN, Provider Start Date, Provider End Date, Provider Participation Type Code';
const QPP_ELIGIBILITY_API =
  'QPP Eligibility API response schema (qpp.cms.gov developers; copy in github.com/durvester/QPP-analysis-with-NPIs Qpp_API_documentation/schema.Md): npi, organizations[].TIN, organizations[].apms[].apmId';
const QPP_CONVERSION_TOOL =
  'CMSgov/qpp-conversion-tool rest-api PcfValidationInfo (APM entity / TIN / NPI files): keys apm_entity_id, tin, npi';
const SSP_PARTICIPANT_LIST_GUIDE =
  'CMS, Shared Savings Program "Managing your ACO Participant List" guidance (v3.5, 2015) and "ACO Participant List and Participant Agreement" guidance (v9 2021, v12 2024): ACO participants by TIN, ACO providers/suppliers by individual NPI';
const CCLF_IP =
  'CMS ACO-OS Claim and Claim Line Feed (CCLF) Information Packet v18: the rendering provider NPI of claim lines (RNDRG_PRVDR_NPI_NUM)';
const QPP_TERMS =
  'QPP APM participation terms (qpp.cms.gov/apms): APM Entity ID, APM ID; QPP Participation Status lists';

export const COLUMN_ALIASES: readonly ColumnAlias[] = [
  // CMS research extracts of ACO providers (NGACO, REACH) and the SSP participant public file.
  { name: 'ACO_ID', column: 'apm_entity_id', source: NGACO_PROVIDER_RIF },
  { name: 'ACO_ID', column: 'apm_entity_id', source: SSP_ACO_PARTICIPANTS },
  { name: 'ACO_NUM', column: 'apm_entity_id', source: SSP_BENE_RIF },
  { name: 'ORG_TIN', column: 'tin', source: NGACO_PROVIDER_RIF },
  { name: 'ORG_NPI', column: 'npi', source: NGACO_PROVIDER_RIF },
  { name: 'ORG_CCN', column: 'ccn', source: NGACO_PROVIDER_RIF },
  // CMMI model participant files.
  { name: 'Model ID', column: 'apm_id', source: CMDS_PROVIDER },
  { name: 'Entity ID', column: 'apm_entity_id', source: CMDS_PROVIDER },
  { name: 'NPI', column: 'npi', source: CMDS_PROVIDER },
  { name: 'TIN', column: 'tin', source: CMDS_PROVIDER },
  { name: 'CCN', column: 'ccn', source: CMDS_PROVIDER },
  { name: 'Provider Start Date', column: 'start_date', source: CMDS_PROVIDER },
  { name: 'Provider End Date', column: 'end_date', source: CMDS_PROVIDER },
  { name: 'Provider Participation Type Code', column: 'participant_type', source: CMDS_PROVIDER },
  // QPP eligibility data and QPP's own tools.
  { name: 'apmId', column: 'apm_id', source: QPP_ELIGIBILITY_API },
  { name: 'TIN', column: 'tin', source: QPP_ELIGIBILITY_API },
  { name: 'npi', column: 'npi', source: QPP_ELIGIBILITY_API },
  { name: 'apm_entity_id', column: 'apm_entity_id', source: QPP_CONVERSION_TOOL },
  { name: 'APM Entity ID', column: 'apm_entity_id', source: QPP_TERMS },
  { name: 'APM ID', column: 'apm_id', source: QPP_TERMS },
  // Shared Savings Program participant lists as ACOs keep them.
  { name: 'Participant TIN', column: 'tin', source: SSP_PARTICIPANT_LIST_GUIDE },
  { name: 'ACO Participant TIN', column: 'tin', source: SSP_PARTICIPANT_LIST_GUIDE },
  { name: 'Individual NPI', column: 'npi', source: SSP_PARTICIPANT_LIST_GUIDE },
  { name: 'Rendering NPI', column: 'npi', source: CCLF_IP },
  { name: 'Start Date', column: 'start_date', source: CMDS_PROVIDER },
  { name: 'End Date', column: 'end_date', source: CMDS_PROVIDER },
];
