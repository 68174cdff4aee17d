// Entity file (docs/file-formats.md#entity-files): JSONC syntax → shape. Produces a typed model whose every value keeps
// its offsets, so rules and hovers can point at the exact key or value.
import {
  createScanner,
  parseTree,
  printParseErrorCode,
  SyntaxKind,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { FindingSink } from '../findings';
import { quoteUserText } from '../privacy';
import type { TextReplacement } from '../types';

export interface Span {
  start: number;
  end: number;
}
export interface Located<T> extends Span {
  value: T;
  /** Span of the property key, when the value is a property's value. */
  key?: Span;
  /** Raw source text (numbers keep their exact decimal digits). */
  raw: string;
}

export interface SegmentModel extends Span {
  start_: Located<string> | null;
  end_: Located<string> | null;
  allowedCharges: Located<number> | null;
  beneficiaries: Located<number> | null;
  services: Located<number> | null;
}
export interface RatioModel extends Span {
  key: Span;
  numerator: Located<number> | null;
  denominator: Located<number> | null;
}
export interface SnapshotModel extends Span {
  date: Located<string> | null;
  payments: RatioModel | null;
  patients: RatioModel | null;
  allPayer: { key: Span; payments: RatioModel | null; patients: RatioModel | null } | null;
}
/** One clinician's own threshold scores (qp.clinicians[]), for individual-level QP determinations from PY2026. */
export interface ClinicianScoresModel extends Span {
  npi: Located<string> | null;
  snapshots: SnapshotModel[];
}
export interface EntityModel {
  root: JsonNode | undefined;
  performanceYear: Located<number> | null;
  apmKey: Span | null;
  apmId: Located<string> | null;
  track: Located<string> | null;
  entityKey: Span | null;
  entityId: Located<string> | null;
  entityName: Located<string> | null;
  participationLists: Located<string>[] | null;
  lowVolume: { key: Span; segments: SegmentModel[]; election: Located<string> | null } | null;
  qp: {
    key: Span;
    snapshots: SnapshotModel[];
    clinicians: ClinicianScoresModel[];
    cliniciansKey: Span | null;
    partialQpElection: Located<string> | null;
  } | null;
  app: {
    key: Span;
    reporting: Located<boolean> | null;
    program: Located<string> | null;
    qualityMeasures: Located<string>[];
  } | null;
  euc: {
    key: Span;
    applying: Located<boolean> | null;
    mipsEligibleClinicians: Located<number> | null;
    piReweightingEligible: Located<number> | null;
  } | null;
  /** true when the text is not valid JSONC: rules do not run on a broken tree. */
  syntaxErrors: boolean;
}

export const SYNTAX_MESSAGES: Partial<Record<string, string>> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: 'Closing brace } expected',
  CloseBracketExpected: 'Closing bracket ] expected',
  EndOfFileExpected: 'End of file expected',
  UnexpectedEndOfComment: 'Comment is not closed',
  UnexpectedEndOfString: 'String is not closed',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in a string',
};

type ShapeSpec = { [key: string]: ShapeSpec | 'leaf' | { items: ShapeSpec | 'leaf' } };
const RATIO: ShapeSpec = { numerator: 'leaf', denominator: 'leaf' };
const SNAPSHOT: ShapeSpec = {
  date: 'leaf',
  payments: RATIO,
  patients: RATIO,
  allPayer: { payments: RATIO, patients: RATIO },
};
const ENTITY_SPEC: ShapeSpec = {
  $schema: 'leaf',
  performanceYear: 'leaf',
  apm: { id: 'leaf', track: 'leaf' },
  entity: { id: 'leaf', name: 'leaf' },
  participationLists: { items: 'leaf' },
  lowVolume: {
    segments: {
      items: { start: 'leaf', end: 'leaf', allowedCharges: 'leaf', beneficiaries: 'leaf', services: 'leaf' },
    },
    election: 'leaf',
  },
  qp: {
    snapshots: { items: SNAPSHOT },
    clinicians: { items: { npi: 'leaf', snapshots: { items: SNAPSHOT } } },
    partialQpElection: 'leaf',
  },
  app: { reporting: 'leaf', program: 'leaf', qualityMeasures: { items: 'leaf' } },
  euc: { applying: 'leaf', mipsEligibleClinicians: 'leaf', piReweightingEligible: 'leaf' },
};

/** A spec ready for lookups. Its names are a Map of its own keys, so a key such as "constructor" is an unknown property, not Object.prototype's. */
interface ObjectShape {
  kind: 'object';
  properties: Map<string, KnownProperty>;
  /** The names listed in ENT002 messages. */
  known: string;
}
/** items is null when the items are leaves. */
type PropertyShape = 'leaf' | ObjectShape | { kind: 'array'; items: ObjectShape | null };
interface KnownProperty {
  shape: PropertyShape;
}

function compileShape(spec: ShapeSpec): ObjectShape {
  const properties = new Map<string, KnownProperty>();
  const add = (name: string, shape: PropertyShape) => {
    properties.set(name, { shape });
  };
  for (const [name, sub] of Object.entries(spec)) {
    if (sub === 'leaf') add(name, 'leaf');
    else if ('items' in sub && Object.keys(sub).length === 1) {
      const items = sub.items as ShapeSpec | 'leaf';
      add(name, { kind: 'array', items: items === 'leaf' ? null : compileShape(items) });
    } else add(name, compileShape(sub as ShapeSpec));
  }
  return {
    kind: 'object',
    properties,
    known: Object.keys(spec)
      .filter((k) => k !== '$schema')
      .join(', '),
  };
}

const ENTITY_SHAPE = compileShape(ENTITY_SPEC);

export interface ParsedEntity {
  text: string;
  model: EntityModel;
  findings: FindingSink;
}

export function parseEntityFile(text: string, maxFindings = Number.POSITIVE_INFINITY): ParsedEntity {
  const sink = new FindingSink(maxFindings);
  // The depth guard first: parseTree recurses once per level.
  const deepAt = tooDeeplyNestedAt(text);
  if (deepAt >= 0) {
    const model = emptyModel(undefined);
    sink.add(
      'JSON001',
      deepAt,
      deepAt + 1,
      `Nested more than ${MAX_NESTING} levels deep: the file is not an entity file`,
    );
    model.syntaxErrors = true;
    return { text, model, findings: sink };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const model = emptyModel(root);
  if (errors.length > 0 || !root) {
    for (const e of errors) {
      const name = printParseErrorCode(e.error);
      // An error at the end of the text (e.g. a missing brace) would otherwise end one past it.
      sink.add(
        'JSON001',
        Math.min(e.offset, text.length),
        Math.min(text.length, e.offset + Math.max(e.length, 1)),
        `${SYNTAX_MESSAGES[name] ?? name}: the file is not valid JSON with comments`,
      );
    }
    if (errors.length === 0) sink.add('JSON001', 0, 0, 'The file is empty: an entity file is one JSON object');
    model.syntaxErrors = true;
    return { text, model, findings: sink };
  }
  return readEntity(text, root, sink);
}

function readEntity(text: string, root: JsonNode, sink: FindingSink): ParsedEntity {
  const model = emptyModel(root);
  if (root.type !== 'object') {
    sink.add('ENT001', root.offset, root.offset + 1, 'An entity file must be one JSON object');
    return { text, model, findings: sink };
  }
  checkShape(root, ENTITY_SHAPE, '', sink);
  readModel(text, root, model, sink);
  return { text, model, findings: sink };
}

/** parseTree recurses once per level and overflows the stack near 5,000 levels; no entity file nests past a handful. */
export const MAX_NESTING = 64;

/**
 * Offset of the bracket that opens level MAX_NESTING + 1, or -1 (a flat token scan: no recursion). A text with no
 * more than MAX_NESTING brackets in all cannot nest deeper, and needs no scan (every real entity file).
 */
export function tooDeeplyNestedAt(text: string): number {
  if (openingBrackets(text) <= MAX_NESTING) return -1;
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_NESTING) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken)
      depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** How many `{` and `[` the text has, in strings and comments too (an upper bound of its nesting). */
function openingBrackets(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) count++;
  }
  return count;
}

function emptyModel(root: JsonNode | undefined): EntityModel {
  return {
    root,
    performanceYear: null,
    apmKey: null,
    apmId: null,
    track: null,
    entityKey: null,
    entityId: null,
    entityName: null,
    participationLists: null,
    lowVolume: null,
    qp: null,
    app: null,
    euc: null,
    syntaxErrors: false,
  };
}

/**
 * The edit removing `properties[index]` and one comma: up to the next property (the comments after this one's comma
 * go with it), else from the end of the previous one (its comma), else the property alone.
 */
function propertyRemoval(properties: readonly JsonNode[], index: number): TextReplacement {
  const property = properties[index];
  const end = property.offset + property.length;
  const next = properties[index + 1];
  if (next) return { start: property.offset, end: next.offset, text: '' };
  const previous = properties[index - 1];
  if (previous) return { start: previous.offset + previous.length, end, text: '' };
  return { start: property.offset, end, text: '' };
}

/** ENT002 for unknown properties and JSON002 for duplicates, at every level. */
function checkShape(node: JsonNode, shape: ObjectShape, path: string, sink: FindingSink): void {
  if (node.type !== 'object') return;
  const firstKeys = new Map<string, JsonNode>();
  const properties = node.children ?? [];
  for (const [index, property] of properties.entries()) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode) continue;
    const name = String(keyNode.value);
    const keyEnd = keyNode.offset + keyNode.length;
    const known = shape.properties.get(name);
    const first = firstKeys.get(name);
    if (first) warnDuplicate(sink, name, keyNode, first);
    else firstKeys.set(name, keyNode);
    const sub = known?.shape;
    if (sub === undefined) {
      sink.add(
        'ENT002',
        keyNode.offset,
        keyEnd,
        `Unknown property "${path}${quoteUserText(name)}"; known here: ${shape.known}`,
        {
          fixes: [
            {
              title: `Remove property "${quoteUserText(name)}"`,
              edits: [propertyRemoval(properties, index)],
              manual: true,
            },
          ],
        },
      );
      continue;
    }
    if (!valueNode || sub === 'leaf') continue;
    if (sub.kind === 'array') {
      if (sub.items && valueNode.type === 'array') {
        for (const item of valueNode.children ?? []) checkShape(item, sub.items, `${path}${name}[].`, sink);
      }
    } else {
      checkShape(valueNode, sub, `${path}${name}.`, sink);
    }
  }
}

/** JSON002: JSON.parse and every reader here keep the last value of a repeated name, so the first is ignored. */
function warnDuplicate(sink: FindingSink, name: string, keyNode: JsonNode, first: JsonNode): void {
  sink.add(
    'JSON002',
    keyNode.offset,
    keyNode.offset + keyNode.length,
    `Property "${quoteUserText(name)}" appears more than once in this object; this last one is used and the earlier value is ignored`,
    undefined,
    [{ start: first.offset, end: first.offset + first.length, message: `first "${quoteUserText(name)}", ignored` }],
  );
}

/** An object's properties; lookups scan from the end, so the last duplicate wins as in JSON.parse. */
type Fields = JsonNode[];

function fieldsOf(obj: JsonNode): Fields {
  return obj.children ?? [];
}

function lastProperty(fields: Fields, name: string): JsonNode | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i].children?.[0]?.value === name) return fields[i];
  return undefined;
}

const spanOf = (n: JsonNode): Span => ({ start: n.offset, end: n.offset + n.length });

function readModel(text: string, root: JsonNode, m: EntityModel, sink: FindingSink): void {
  const reader = new ValueReader(text, sink);
  const rootSpan = { start: root.offset, end: root.offset + 1 };
  const rootFields = fieldsOf(root);

  m.performanceYear = reader.integer(rootFields, 'performanceYear', 'ENT001', 'performanceYear', rootSpan, true);
  const apm = reader.object(rootFields, 'apm', 'ENT001', rootSpan, true);
  if (apm) {
    m.apmKey = apm.key;
    m.apmId = reader.string(apm.fields, 'id', 'ENT001', 'apm.id', apm.key, true);
    m.track = reader.string(apm.fields, 'track', 'ENT005', 'apm.track', apm.key, false);
  }
  const entity = reader.object(rootFields, 'entity', 'ENT001', rootSpan, true);
  if (entity) {
    m.entityKey = entity.key;
    m.entityId = reader.string(entity.fields, 'id', 'ENT001', 'entity.id', entity.key, true);
    m.entityName = reader.string(entity.fields, 'name', 'ENT005', 'entity.name', entity.key, false);
  }
  const lists = reader.array(rootFields, 'participationLists');
  if (lists) {
    m.participationLists = [];
    for (const item of lists.children ?? []) {
      const v = reader.itemString(item, 'participationLists[]');
      if (v) m.participationLists.push(v);
    }
  }
  m.lowVolume = readLowVolume(reader, rootFields, rootSpan);
  m.qp = readQp(reader, rootFields, rootSpan);
  m.app = readApp(reader, rootFields, rootSpan);
  m.euc = readEuc(reader, rootFields, rootSpan);
}

function readLowVolume(reader: ValueReader, rootFields: Fields, rootSpan: Span): EntityModel['lowVolume'] {
  const lv = reader.object(rootFields, 'lowVolume', 'ENT005', rootSpan, false);
  if (!lv) return null;
  const segments: SegmentModel[] = [];
  for (const seg of reader.array(lv.fields, 'segments')?.children ?? []) {
    if (!reader.isObject(seg, 'lowVolume.segments[]')) continue;
    const segSpan = { start: seg.offset, end: seg.offset + 1 };
    const segFields = fieldsOf(seg);
    segments.push({
      start: seg.offset,
      end: seg.offset + seg.length,
      start_: reader.string(segFields, 'start', 'ENT001', 'segment start', segSpan, true),
      end_: reader.string(segFields, 'end', 'ENT001', 'segment end', segSpan, true),
      allowedCharges: reader.number(segFields, 'allowedCharges', 'ENT001', 'allowedCharges', segSpan, true),
      beneficiaries: reader.number(segFields, 'beneficiaries', 'ENT001', 'beneficiaries', segSpan, true),
      services: reader.number(segFields, 'services', 'ENT005', 'services', segSpan, false),
    });
  }
  return {
    key: lv.key,
    segments,
    election: reader.enumString(lv.fields, 'election', ['none', 'opt-in', 'voluntary'], 'lowVolume.election'),
  };
}

function readQp(reader: ValueReader, rootFields: Fields, rootSpan: Span): EntityModel['qp'] {
  const qp = reader.object(rootFields, 'qp', 'ENT005', rootSpan, false);
  if (!qp) return null;
  const clinicians: ClinicianScoresModel[] = [];
  const cliniciansProp = lastProperty(qp.fields, 'clinicians');
  for (const item of reader.array(qp.fields, 'clinicians')?.children ?? []) {
    if (!reader.isObject(item, 'qp.clinicians[]')) continue;
    const itemFields = fieldsOf(item);
    const itemSpan = { start: item.offset, end: item.offset + 1 };
    clinicians.push({
      start: item.offset,
      end: item.offset + item.length,
      npi: reader.string(itemFields, 'npi', 'ENT001', 'qp.clinicians[].npi', itemSpan, true),
      snapshots: readSnapshots(reader, itemFields, 'clinician snapshots[]'),
    });
  }
  return {
    key: qp.key,
    snapshots: readSnapshots(reader, qp.fields, 'qp.snapshots[]'),
    clinicians,
    cliniciansKey: cliniciansProp?.children?.[0] ? spanOf(cliniciansProp.children[0]) : null,
    partialQpElection: reader.enumString(
      qp.fields,
      'partialQpElection',
      ['report-mips', 'no-mips'],
      'qp.partialQpElection',
    ),
  };
}

function readApp(reader: ValueReader, rootFields: Fields, rootSpan: Span): EntityModel['app'] {
  const app = reader.object(rootFields, 'app', 'ENT005', rootSpan, false);
  if (!app) return null;
  const measures: Located<string>[] = [];
  for (const item of reader.array(app.fields, 'qualityMeasures')?.children ?? []) {
    const v = reader.itemString(item, 'app.qualityMeasures[]');
    if (v) measures.push(v);
  }
  return {
    key: app.key,
    reporting: reader.boolean(app.fields, 'reporting', 'app.reporting'),
    program: reader.enumString(app.fields, 'program', ['app1', 'appPlus'], 'app.program'),
    qualityMeasures: measures,
  };
}

function readEuc(reader: ValueReader, rootFields: Fields, rootSpan: Span): EntityModel['euc'] {
  const euc = reader.object(rootFields, 'euc', 'ENT005', rootSpan, false);
  if (!euc) return null;
  return {
    key: euc.key,
    applying: reader.boolean(euc.fields, 'applying', 'euc.applying'),
    mipsEligibleClinicians: reader.number(
      euc.fields,
      'mipsEligibleClinicians',
      'ENT005',
      'euc.mipsEligibleClinicians',
      euc.key,
      false,
    ),
    piReweightingEligible: reader.number(
      euc.fields,
      'piReweightingEligible',
      'ENT005',
      'euc.piReweightingEligible',
      euc.key,
      false,
    ),
  };
}

/** The snapshots array of an object (the entity's qp, or one clinician of qp.clinicians). */
function readSnapshots(reader: ValueReader, fields: Fields, label: string): SnapshotModel[] {
  const snapshots: SnapshotModel[] = [];
  for (const snap of reader.array(fields, 'snapshots')?.children ?? []) {
    if (!reader.isObject(snap, label)) continue;
    const snapSpan = { start: snap.offset, end: snap.offset + 1 };
    const snapFields = fieldsOf(snap);
    const ap = reader.object(snapFields, 'allPayer', 'ENT005', snapSpan, false);
    snapshots.push({
      start: snap.offset,
      end: snap.offset + snap.length,
      date: reader.string(snapFields, 'date', 'ENT001', 'snapshot date', snapSpan, true),
      payments: reader.ratio(snapFields, 'payments', snapSpan),
      patients: reader.ratio(snapFields, 'patients', snapSpan),
      allPayer: ap
        ? {
            key: ap.key,
            payments: reader.ratio(ap.fields, 'payments', ap.key),
            patients: reader.ratio(ap.fields, 'patients', ap.key),
          }
        : null,
    });
  }
  return snapshots;
}

/** Reads typed values and reports missing (ENT001) or mistyped (ENT001 for required, ENT005 otherwise) ones. */
class ValueReader {
  constructor(
    private readonly text: string,
    private readonly sink: FindingSink,
  ) {}

  private located<T>(prop: JsonNode, value: T): Located<T> {
    const [k, v] = prop.children!;
    return {
      value,
      start: v.offset,
      end: v.offset + v.length,
      key: spanOf(k),
      raw: this.text.slice(v.offset, v.offset + v.length),
    };
  }
  private missing(code: 'ENT001' | 'ENT005', label: string, at: Span, required: boolean): null {
    if (required) this.sink.add(code, at.start, at.end, `Required property "${label}" is missing`);
    return null;
  }
  private wrongType(prop: JsonNode, label: string, expected: string, code: 'ENT001' | 'ENT005'): null {
    const v = prop.children![1] ?? prop.children![0];
    this.sink.add(code, v.offset, v.offset + v.length, `"${label}" must be ${expected}`);
    return null;
  }
  private valueOf(fields: Fields, name: string): JsonNode | undefined {
    const prop = lastProperty(fields, name);
    return prop?.children?.[1] ? prop : undefined;
  }

  object(
    obj: Fields,
    name: string,
    code: 'ENT001' | 'ENT005',
    at: Span,
    required: boolean,
  ): { node: JsonNode; key: Span; fields: Fields } | null {
    const prop = this.valueOf(obj, name);
    if (!prop) return this.missing(code, name, at, required);
    const v = prop.children![1];
    if (v.type !== 'object') return this.wrongType(prop, name, 'an object', required ? 'ENT001' : 'ENT005');
    return { node: v, key: spanOf(prop.children![0]), fields: fieldsOf(v) };
  }
  isObject(node: JsonNode, label: string): boolean {
    if (node.type === 'object') return true;
    this.sink.add(
      'ENT005',
      node.offset,
      node.offset + node.length,
      `Each item of ${label.replace('[]', '')} must be an object`,
    );
    return false;
  }
  array(obj: Fields, name: string): JsonNode | null {
    const prop = this.valueOf(obj, name);
    if (!prop) return null;
    const v = prop.children![1];
    if (v.type !== 'array') return this.wrongType(prop, name, 'an array', 'ENT005');
    return v;
  }
  string(
    obj: Fields,
    name: string,
    code: 'ENT001' | 'ENT005',
    label: string,
    at: Span,
    required: boolean,
  ): Located<string> | null {
    const prop = this.valueOf(obj, name);
    if (!prop) return this.missing(code, label, at, required);
    const v = prop.children![1];
    if (v.type !== 'string' || (required && String(v.value).trim() === ''))
      return this.wrongType(prop, label, 'a non-empty string', required ? 'ENT001' : 'ENT005');
    return this.located(prop, String(v.value));
  }
  itemString(item: JsonNode, label: string): Located<string> | null {
    if (item.type !== 'string') {
      this.sink.add(
        'ENT005',
        item.offset,
        item.offset + item.length,
        `Each item of ${label.replace('[]', '')} must be a string`,
      );
      return null;
    }
    return {
      value: String(item.value),
      start: item.offset,
      end: item.offset + item.length,
      raw: this.text.slice(item.offset, item.offset + item.length),
    };
  }
  enumString(obj: Fields, name: string, allowed: string[], label: string): Located<string> | null {
    const prop = this.valueOf(obj, name);
    if (!prop) return null;
    const v = prop.children![1];
    if (v.type !== 'string' || !allowed.includes(String(v.value)))
      return this.wrongType(prop, label, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, 'ENT005');
    return this.located(prop, String(v.value));
  }
  boolean(obj: Fields, name: string, label: string): Located<boolean> | null {
    const prop = this.valueOf(obj, name);
    if (!prop) return null;
    const v = prop.children![1];
    if (v.type !== 'boolean') return this.wrongType(prop, label, 'true or false', 'ENT005');
    return this.located(prop, Boolean(v.value));
  }
  number(
    obj: Fields,
    name: string,
    code: 'ENT001' | 'ENT005',
    label: string,
    at: Span,
    required: boolean,
  ): Located<number> | null {
    const prop = this.valueOf(obj, name);
    if (!prop) return this.missing(code, label, at, required);
    const v = prop.children![1];
    if (v.type !== 'number' || !Number.isFinite(v.value))
      return this.wrongType(prop, label, 'a finite number', required ? 'ENT001' : 'ENT005');
    return this.located(prop, Number(v.value));
  }
  integer(
    obj: Fields,
    name: string,
    code: 'ENT001',
    label: string,
    at: Span,
    required: boolean,
  ): Located<number> | null {
    const n = this.number(obj, name, code, label, at, required);
    if (n && !Number.isInteger(n.value)) {
      this.sink.add(code, n.start, n.end, `"${label}" must be a whole number`);
      return null;
    }
    return n;
  }
  ratio(obj: Fields, name: string, at: Span): RatioModel | null {
    const o = this.object(obj, name, 'ENT005', at, false);
    if (!o) return null;
    return {
      start: o.node.offset,
      end: o.node.offset + o.node.length,
      key: o.key,
      numerator: this.number(o.fields, 'numerator', 'ENT001', `${name}.numerator`, o.key, true),
      denominator: this.number(o.fields, 'denominator', 'ENT001', `${name}.denominator`, o.key, true),
    };
  }
}
