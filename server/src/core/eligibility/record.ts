// Saved QPP eligibility records (*.eligibility.json, docs/file-formats.md#cms-eligibility-records): the JSON the QPP
// Participation Status lookup is built on, as one record, an array of records, or the API's `{ "data": … }`. Every
// value keeps its offsets for hovers and findings; a value of the wrong type is reported and left out.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isSupportedYear } from '../data';
import { QP_SCORE_TYPES, QP_STATUS_CODES } from '../data/eligibilityFields';
import { PERFORMANCE_YEARS } from '../data/programYears';
import { MAX_NESTING, type Located, type Span } from '../entity/model';
import { FindingSink } from '../findings';
import { checkNpi } from '../identifiers';
import { quoteUserText } from '../privacy';

export type ScoreType = 'ae' | 'ai' | 'at' | 'me' | 'mi';

export interface EligibilityScore {
  method: 'payments' | 'patients';
  type: ScoreType;
  /** The snapshot date the score is keyed by, when the saved file keeps one per snapshot. */
  snapshot: Located<string> | null;
  /** Percent. */
  value: Located<number>;
}

export interface EligibilityApm extends Span {
  apmId: Located<string> | null;
  apmName: Located<string> | null;
  subdivisionId: Located<string> | null;
  subdivisionName: Located<string> | null;
  entityName: Located<string> | null;
  entityId: Located<string> | null;
  lvtFlag: Located<boolean> | null;
  lvtPayments: Located<number> | null;
  lvtPatients: Located<number> | null;
  lvtPerformanceYear: Located<number> | null;
  advancedApmFlag: Located<boolean> | null;
  mipsApmFlag: Located<boolean> | null;
  providerRelationshipCode: Located<string> | null;
  scores: EligibilityScore[];
}

export interface EligibilityOrganization extends Span {
  tin: Located<string> | null;
  /** The TIN's last four digits (all CMS shows), or null. */
  tinLast4: string | null;
  orgName: Located<string> | null;
  apms: EligibilityApm[];
}

export interface EligibilityRecord extends Span {
  npi: Located<string> | null;
  /** The performance year: the saved request's `year`, else the first APM's lvtPerformanceYear. */
  year: number | null;
  /** Initials only: names are personal data and no output needs more. */
  initials: string;
  nationalProviderIdentifierType: Located<number> | null;
  qpStatus: Located<string> | null;
  qpScoreType: Located<string> | null;
  organizations: EligibilityOrganization[];
}

export interface ParsedEligibilityFile {
  text: string;
  records: EligibilityRecord[];
  findings: FindingSink;
  syntaxErrors: boolean;
}

const NOT_A_RECORD =
  'is not a QPP eligibility record: expected one record (with "npi"), an array of records, or the API\'s { "data": … }';

export function parseEligibilityFile(text: string, maxFindings = Number.POSITIVE_INFINITY): ParsedEligibilityFile {
  const sink = new FindingSink(maxFindings);
  const out: ParsedEligibilityFile = { text, records: [], findings: sink, syntaxErrors: true };
  const deepAt = deepNestingAt(text);
  if (deepAt >= 0) {
    sink.add('ELG001', deepAt, deepAt + 1, `Nested more than ${MAX_NESTING} levels deep: the file ${NOT_A_RECORD}`);
    return out;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    for (const e of errors.slice(0, 1))
      sink.add(
        'ELG001',
        Math.min(e.offset, text.length),
        Math.min(text.length, e.offset + Math.max(e.length, 1)),
        `${printParseErrorCode(e.error)}: the file is not valid JSON, so no record was read`,
      );
    if (errors.length === 0) sink.add('ELG001', 0, 0, `The file is empty: it ${NOT_A_RECORD}`);
    return out;
  }
  out.syntaxErrors = false;
  const reader = new RecordReader(text, sink);
  reader.readTop(root, null);
  out.records = reader.records;
  if (out.records.length === 0 && sink.items.length === 0 && sink.suppressed === 0)
    sink.add('ELG001', root.offset, root.offset + Math.min(root.length, 1), `The file ${NOT_A_RECORD}`);
  return out;
}

/**
 * Offset of the bracket that opens level MAX_NESTING + 1, or -1, in one pass over the characters, skipping strings
 * (which end at their closing quote or at a line break, as jsonc-parser's scanner ends an unterminated one) and
 * comments; parseTree recurses once per level. A file of 10,000 records has too many brackets for the entity
 * model's shortcut, and its token scan took longer than the parse.
 */
function deepNestingAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE || s === LF || s === CR) break;
      }
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== LF && text.charCodeAt(i + 1) !== CR) i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -1; // the rest is a comment
      i = close + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return -1;
}
const [QUOTE, BACKSLASH, LF, CR, SLASH, STAR] = [0x22, 0x5c, 0x0a, 0x0d, 0x2f, 0x2a];
const [OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACE, CLOSE_BRACKET] = [0x7b, 0x5b, 0x7d, 0x5d];

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;
const SCORE_TYPES: ReadonlySet<string> = new Set(['ae', 'ai', 'at', 'me', 'mi']);

class RecordReader {
  readonly records: EligibilityRecord[] = [];
  constructor(
    private readonly text: string,
    private readonly sink: FindingSink,
  ) {}

  /** One record, `{ data }` (around one record or an array) or an array of either; `year` is the saved request's. */
  readTop(node: JsonNode, year: number | null): void {
    if (node.type === 'array') {
      for (const item of node.children ?? []) {
        if (item.type === 'object') this.readTop(item, year);
        else this.sink.add('ELG001', item.offset, item.offset + item.length, `This array item ${NOT_A_RECORD}`);
      }
      return;
    }
    if (node.type !== 'object') {
      this.sink.add('ELG001', node.offset, node.offset + node.length, `The file ${NOT_A_RECORD}`);
      return;
    }
    const savedYear = this.number(node, 'year') ?? this.number(node, 'performanceYear');
    const data = property(node, 'data');
    if (data) {
      if (data.type === 'object' || data.type === 'array') this.readTop(data, savedYear?.value ?? year);
      else this.sink.add('ELG001', data.offset, data.offset + data.length, `"data" ${NOT_A_RECORD}`);
      return;
    }
    if (!property(node, 'npi') && !property(node, 'organizations')) {
      const what = property(node, 'error') ? 'It is an error answer from the API, not a record' : 'It has no "npi"';
      this.sink.add('ELG001', node.offset, node.offset + 1, `${what}: the object ${NOT_A_RECORD}`);
      return;
    }
    this.records.push(this.readRecord(node, savedYear?.value ?? year));
  }

  private readRecord(node: JsonNode, savedYear: number | null): EligibilityRecord {
    const npi = this.string(node, 'npi');
    const npiNode = property(node, 'npi');
    if (!npiNode)
      this.sink.add(
        'ELG002',
        node.offset,
        node.offset + 1,
        'The record has no "npi": it cannot be matched with a list',
      );
    else if (npi) {
      const problem = checkNpi(npi.value);
      if (problem === 'ID001' || problem === 'ID002')
        this.sink.add(
          'ELG002',
          npi.start,
          npi.end,
          `NPI "${quoteUserText(npi.value)}" ${problem === 'ID001' ? 'is not 10 digits' : 'has a wrong check digit'}: the record cannot be matched with a list`,
        );
    }
    const organizations = this.items(node, 'organizations').map((o) => this.readOrganization(o));
    const qpStatus = this.string(node, 'qpStatus');
    if (qpStatus && !(qpStatus.value in QP_STATUS_CODES))
      this.sink.add(
        'ELG005',
        qpStatus.start,
        qpStatus.end,
        `qpStatus "${quoteUserText(qpStatus.value)}" is not one of CMS's values (Y, N, P, Q, R): QPP Lens cannot read the status`,
      );
    const qpScoreType = this.string(node, 'qpScoreType');
    if (qpScoreType && !(QP_SCORE_TYPES as readonly string[]).includes(qpScoreType.value))
      this.sink.add(
        'ELG005',
        qpScoreType.start,
        qpScoreType.end,
        `qpScoreType "${quoteUserText(qpScoreType.value)}" is not one of CMS's values (${QP_SCORE_TYPES.join(', ')})`,
      );
    const apmYear = organizations.flatMap((o) => o.apms).find((a) => a.lvtPerformanceYear)?.lvtPerformanceYear;
    const year = savedYear ?? apmYear?.value ?? null;
    if (year === null || !isSupportedYear(year)) {
      const at = apmYear ?? npi ?? { start: node.offset, end: node.offset + 1 };
      this.sink.add(
        'ELG006',
        at.start,
        at.end,
        year === null
          ? 'The record does not say its performance year (save it with the request\'s "year" beside "data"): its flags and scores are not compared with any year\'s thresholds'
          : `Performance year ${year} is outside the years QPP Lens has rules for (${PERFORMANCE_YEARS.first}–${PERFORMANCE_YEARS.last}): its flags and scores are not compared with thresholds`,
      );
    }
    const first = this.string(node, 'firstName')?.value ?? '';
    const last = this.string(node, 'lastName')?.value ?? '';
    return {
      start: node.offset,
      end: node.offset + node.length,
      npi,
      year: year !== null && isSupportedYear(year) ? year : null,
      initials: initialsOf(first, last),
      nationalProviderIdentifierType: this.number(node, 'nationalProviderIdentifierType'),
      qpStatus,
      qpScoreType,
      organizations,
    };
  }

  private readOrganization(node: JsonNode): EligibilityOrganization {
    const tin = this.string(node, 'TIN');
    let tinLast4: string | null = null;
    if (tin) {
      const digits = tin.value.replace(/\D/g, '');
      tinLast4 = digits.length >= 4 ? digits.slice(-4) : null;
      if (digits.length >= 9)
        this.sink.add(
          'ELG004',
          tin.start,
          tin.end,
          `The record holds a whole TIN (${quoteUserText(tin.value)}): CMS shows only its last digits (XXXXX${digits.slice(-4)}). QPP Lens masks it in every output; mask it in the saved file too, since a TIN may be a Social Security Number`,
        );
    }
    return {
      start: node.offset,
      end: node.offset + node.length,
      tin,
      tinLast4,
      orgName: this.string(node, 'prvdrOrgName'),
      apms: this.items(node, 'apms').map((a) => this.readApm(a)),
    };
  }

  private readApm(node: JsonNode): EligibilityApm {
    const lvtPayments = this.number(node, 'lvtPayments');
    const lvtPatients = this.number(node, 'lvtPatients');
    for (const [name, value] of [
      ['lvtPayments', lvtPayments],
      ['lvtPatients', lvtPatients],
    ] as const) {
      if (value && value.value < 0)
        this.sink.add(
          'ELG005',
          value.start,
          value.end,
          `${name} is negative: CMS's low-volume figures are never below 0`,
        );
    }
    return {
      start: node.offset,
      end: node.offset + node.length,
      apmId: this.string(node, 'apmId'),
      apmName: this.string(node, 'apmName'),
      subdivisionId: this.string(node, 'subdivisionId'),
      subdivisionName: this.string(node, 'subdivisionName'),
      entityName: this.string(node, 'entityName'),
      entityId: this.string(node, 'apmEntityId') ?? this.string(node, 'entityId'),
      lvtFlag: this.boolean(node, 'lvtFlag'),
      lvtPayments,
      lvtPatients,
      lvtPerformanceYear: this.number(node, 'lvtPerformanceYear'),
      advancedApmFlag: this.boolean(node, 'advancedApmFlag'),
      mipsApmFlag: this.boolean(node, 'mipsApmFlag'),
      providerRelationshipCode: this.string(node, 'providerRelationshipCode'),
      scores: [
        ...this.scores(node, 'qpPaymentScores', 'payments'),
        ...this.scores(node, 'qpPatientScores', 'patients'),
      ],
    };
  }

  /** `{ me: 52.1, … }`, or per snapshot `{ "2026-03-31": { me: 48, … }, … }`. */
  private scores(node: JsonNode, name: string, method: EligibilityScore['method']): EligibilityScore[] {
    const object = this.object(node, name);
    if (!object) return [];
    const out: EligibilityScore[] = [];
    for (const prop of object.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      if (DATE_KEY.test(key) && valueNode.type === 'object') {
        const snapshot = this.located<string>(keyNode, key);
        for (const inner of valueNode.children ?? []) this.score(inner, `${name}["${key}"]`, method, snapshot, out);
      } else this.score(prop, name, method, null, out);
    }
    return out;
  }

  private score(
    prop: JsonNode,
    path: string,
    method: EligibilityScore['method'],
    snapshot: Located<string> | null,
    out: EligibilityScore[],
  ): void {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) return;
    const key = String(keyNode.value);
    if (!SCORE_TYPES.has(key)) {
      this.sink.add(
        'ELG005',
        keyNode.offset,
        keyNode.offset + keyNode.length,
        `${path} has key "${quoteUserText(key)}": CMS's score keys are ae, ai, at, me and mi (or snapshot dates YYYY-MM-DD)`,
      );
      return;
    }
    if (valueNode.type === 'null') return;
    if (valueNode.type !== 'number') {
      this.wrongType(valueNode, `${path}.${key}`, 'a number (percent)');
      return;
    }
    const value = this.located<number>(valueNode, valueNode.value as number, keyNode);
    if (value.value < 0 || value.value > 100) {
      this.sink.add(
        'ELG005',
        value.start,
        value.end,
        `${path}.${key} is ${quoteUserText(value.raw)}: a threshold score is a percent from 0 to 100, so it is not compared with thresholds`,
      );
      return;
    }
    out.push({ method, type: key as ScoreType, snapshot, value });
  }

  private located<T>(node: JsonNode, value: T, keyNode?: JsonNode): Located<T> {
    const located: Located<T> = {
      value,
      start: node.offset,
      end: node.offset + node.length,
      raw: this.text.slice(node.offset, node.offset + node.length),
    };
    if (keyNode) located.key = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
    return located;
  }

  private typed<T>(node: JsonNode, name: string, type: JsonNode['type'], expected: string): Located<T> | null {
    const prop = propertyNode(node, name);
    const value = prop?.children?.[1];
    if (!prop || !value || value.type === 'null') return null;
    if (value.type !== type) {
      this.wrongType(value, name, expected);
      return null;
    }
    return this.located<T>(value, value.value as T, prop.children![0]);
  }

  private string(node: JsonNode, name: string) {
    return this.typed<string>(node, name, 'string', 'a string');
  }
  private number(node: JsonNode, name: string) {
    return this.typed<number>(node, name, 'number', 'a number');
  }
  private boolean(node: JsonNode, name: string) {
    return this.typed<boolean>(node, name, 'boolean', 'true or false');
  }
  private object(node: JsonNode, name: string): JsonNode | null {
    const value = property(node, name);
    if (!value || value.type === 'null') return null;
    if (value.type !== 'object') {
      this.wrongType(value, name, 'an object');
      return null;
    }
    return value;
  }

  /** The objects of an array property; other items are reported. */
  private items(node: JsonNode, name: string): JsonNode[] {
    const value = property(node, name);
    if (!value || value.type === 'null') return [];
    if (value.type !== 'array') {
      this.wrongType(value, name, 'an array');
      return [];
    }
    const out: JsonNode[] = [];
    for (const item of value.children ?? []) {
      if (item.type === 'object') out.push(item);
      else if (item.type !== 'null') this.wrongType(item, `${name}[]`, 'an object');
    }
    return out;
  }

  private wrongType(value: JsonNode, name: string, expected: string): void {
    this.sink.add(
      'ELG003',
      value.offset,
      value.offset + value.length,
      `${name} should be ${expected}, not ${value.type === 'string' ? `the string "${quoteUserText(String(value.value))}"` : `${value.type === 'object' || value.type === 'array' ? 'an' : 'a'} ${value.type}`}: the value is not used`,
    );
  }
}

function propertyNode(node: JsonNode, name: string): JsonNode | undefined {
  if (node.type !== 'object') return undefined;
  // The last of repeated keys, as JSON.parse reads them.
  let found: JsonNode | undefined;
  for (const prop of node.children ?? []) if (prop.children?.[0]?.value === name) found = prop;
  return found;
}

function property(node: JsonNode, name: string): JsonNode | undefined {
  return propertyNode(node, name)?.children?.[1];
}

function initialsOf(first: string, last: string): string {
  const initial = (name: string) => {
    const letter = name.trim().match(/\p{L}/u)?.[0];
    return letter ? `${letter.toUpperCase()}.` : '';
  };
  return `${initial(first)}${initial(last)}`;
}
