// Public surface of the rules core. Text in; findings, determinations and explanations out.
export * from './types';
export { CODES, isCode, rulePagePath, type Code, type CodeInfo } from './codes';
export { QppWorkspace, type CrossFileCheckChoice, type FileAnalysis, type WorkspaceOptions } from './workspace';
export {
  FILE_KINDS,
  defaultFileKindOf,
  fileKindMatcher,
  globRegExp,
  type FileGlobs,
  type FileKindSetting,
} from './fileKinds';
export { analyzeEntity, type AnalyzedEntity } from './entity/entity';
export { parseEntityFile, type EntityModel, type Located, type ParsedEntity, type Span } from './entity/model';
export {
  parseEligibilityFile,
  type EligibilityApm,
  type EligibilityOrganization,
  type EligibilityRecord,
  type EligibilityScore,
  type ParsedEligibilityFile,
} from './eligibility/record';
export {
  parseParticipationList,
  ListValidator,
  cellRange,
  normalizeHeader,
  headerKey,
  LIST_COLUMNS,
  REQUIRED_COLUMNS,
  COLUMN_DESCRIPTIONS,
  type ListColumn,
  type ColumnNames,
  type ListOptions,
  type MembershipRow,
  type ParsedList,
} from './csv/list';
export { updateParticipationList } from './csv/update';
export { parseCsv, CsvTable } from './csv/parse';
export { MembershipRows } from './csv/rows';
export { NpiCensus } from './csv/census';
export {
  buildReport,
  reportDetermination,
  sarifRules,
  sarifLevel,
  type ReportJson,
  type ReportFile,
  type ReportDiagnostic,
  type ReportDetermination,
  type ReportOptions,
} from './report';
export { applySeverityOverrides, capFindings } from './findings';
export { maskTinShaped, quoteUserText } from './privacy';
export { checkNpi, checkTin, checkCcn, ccnFacilityType, maskTin, npiCheckDigit } from './identifiers';
export {
  lineStarts,
  positionAt,
  positionsInText,
  OffsetLocator,
  escapeMarkdown,
  formatDollars,
  formatPercent,
  type Position,
} from './text';
export { parseDate, isoDate, longDate } from './dates';
export { resolveRelative, dirnameOf, basenameOf } from './paths';
export * as rulesData from './data';
export * from './statusText';
