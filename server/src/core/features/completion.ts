// Completion items as plain data: APM ids, tracks, programs, measure ids for the PY, snapshot dates, elections,
// segment dates, CSV header names and coded CSV values. The caller turns them into LSP items.
import { isJsonList } from '../csv/jsonRows';
import { getLocation, type JSONPath } from 'jsonc-parser';
import { COLUMN_DESCRIPTIONS, LIST_COLUMNS } from '../csv/list';
import { delimiterOf } from '../csv/parse';
import {
  APM_CATALOG,
  appMeasureSet,
  findApm,
  isSupportedYear,
  lvtLimitsFor,
  MEASURE_TITLES,
  PERFORMANCE_YEARS,
  paymentYearOf,
  snapshotDates,
} from '../data';
import { type EntityModel, parseEntityFile } from '../entity/model';
import { cellAt } from './listHover';

export interface CompletionEntry {
  label: string;
  detail?: string;
  documentation?: string;
  kind: 'value' | 'enum' | 'field';
  /** Text that replaces [replaceStart, replaceEnd). */
  newText: string;
  replaceStart: number;
  replaceEnd: number;
}

const pathIs = (path: JSONPath, ...pattern: (string | '#')[]): boolean =>
  path.length === pattern.length &&
  pattern.every((part, i) => (part === '#' ? typeof path[i] === 'number' : path[i] === part));

interface ValueChoice {
  label: string;
  detail?: string;
  documentation?: string;
}

/** The values offered for one property of an entity file. */
interface ValueCompletion {
  /** The JSON paths whose value this completes; '#' stands for any array index. */
  paths: (string | '#')[][];
  kind: CompletionEntry['kind'];
  /** Inserted as a bare number rather than a JSON string. */
  number?: boolean;
  choices: (model: EntityModel, py: number | null, path: JSONPath) => ValueChoice[];
}

const VALUE_COMPLETIONS: readonly ValueCompletion[] = [
  {
    paths: [['performanceYear']],
    kind: 'value',
    number: true,
    choices: () =>
      Array.from({ length: PERFORMANCE_YEARS.last - PERFORMANCE_YEARS.first + 1 }, (_, i) => {
        const year = PERFORMANCE_YEARS.first + i;
        return { label: String(year), detail: `MIPS payment year ${paymentYearOf(year)}` };
      }),
  },
  {
    paths: [['apm', 'id']],
    kind: 'value',
    choices: (_, py) =>
      APM_CATALOG.filter((apm) => py === null || (py >= apm.firstYear && py <= apm.lastYear)).map((apm) => ({
        label: apm.id,
        detail: apm.name,
        documentation: `PY${apm.firstYear}–PY${apm.lastYear}`,
      })),
  },
  {
    paths: [['apm', 'track']],
    kind: 'enum',
    choices: (model) => {
      const apm = model.apmId ? findApm(model.apmId.value) : undefined;
      return (apm?.tracks ?? []).map((track) => ({ label: track, detail: apm!.name }));
    },
  },
  {
    paths: [['app', 'program']],
    kind: 'enum',
    choices: (_, py) =>
      [
        { label: 'app1', detail: 'APM Performance Pathway (from PY2021)' },
        { label: 'appPlus', detail: 'APP Plus quality measure set (from PY2025)' },
      ].filter((p) => py === null || p.label === 'app1' || py >= 2025),
  },
  {
    paths: [['app', 'qualityMeasures', '#']],
    kind: 'value',
    choices: (model, py) => {
      const program = model.app?.program?.value === 'appPlus' ? 'appPlus' : 'app1';
      const set = py !== null ? appMeasureSet(py, program) : undefined;
      return (set?.measures ?? []).map((m) => ({ label: m, detail: MEASURE_TITLES[m] ?? `${program} PY${py}` }));
    },
  },
  {
    paths: [
      ['qp', 'snapshots', '#', 'date'],
      ['qp', 'clinicians', '#', 'snapshots', '#', 'date'],
    ],
    kind: 'value',
    choices: (_, py) =>
      py === null
        ? []
        : snapshotDates(py).map((s) => ({
            label: s.date,
            detail: s.countsForQp ? `${s.label}: QP snapshot` : `${s.label}: MIPS APM / APP only`,
          })),
  },
  {
    paths: [
      ['lowVolume', 'segments', '#', 'start'],
      ['lowVolume', 'segments', '#', 'end'],
    ],
    kind: 'value',
    choices: (_, py, path) => {
      if (py === null) return [];
      const which = path[3] as 'start' | 'end';
      return (lvtLimitsFor(py)?.periods ?? []).map((period, i) => ({
        label: period[which],
        detail: `PY${py} segment ${i + 1} ${which}`,
      }));
    },
  },
  {
    paths: [['lowVolume', 'election']],
    kind: 'enum',
    choices: () => [
      { label: 'none', detail: 'No election' },
      { label: 'opt-in', detail: 'Opt in to MIPS (binding; payment adjustment applies)' },
      { label: 'voluntary', detail: 'Report voluntarily (no payment adjustment)' },
    ],
  },
  {
    paths: [['qp', 'partialQpElection']],
    kind: 'enum',
    choices: () => [
      { label: 'report-mips', detail: 'Partial QPs report to MIPS and get the payment adjustment' },
      { label: 'no-mips', detail: 'Partial QPs are not in MIPS' },
    ],
  },
];

export function entityCompletions(text: string, offset: number): CompletionEntry[] {
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey) return [];
  const completion = VALUE_COMPLETIONS.find((c) => c.paths.some((p) => pathIs(location.path, ...p)));
  if (!completion) return [];
  const previous = location.previousNode;
  // Replace the string or number under the cursor; else insert at the cursor.
  const onValue =
    previous &&
    (previous.type === 'string' || previous.type === 'number') &&
    offset >= previous.offset &&
    offset <= previous.offset + previous.length;
  const replaceStart = onValue ? previous!.offset : offset;
  const replaceEnd = onValue ? previous!.offset + previous!.length : offset;
  const { model } = parseEntityFile(text);
  const py = model.performanceYear && isSupportedYear(model.performanceYear.value) ? model.performanceYear.value : null;
  return completion.choices(model, py, location.path).map((choice) => ({
    ...choice,
    kind: completion.kind,
    newText: completion.number ? choice.label : JSON.stringify(choice.label),
    replaceStart,
    replaceEnd,
  }));
}

export function listCompletions(text: string, offset: number): CompletionEntry[] {
  // A completion replaces a CSV cell; a JSON list's values are JSON strings, which JSON's own completion serves.
  if (isJsonList(text)) return [];
  const cell = cellAt(text, offset);
  const firstLineEnd = text.search(/\r?\n/);
  const inHeader = cell ? cell.row === 0 : firstLineEnd < 0 || offset <= firstLineEnd;
  const replaceStart = cell ? cell.table.fieldStart(cell.row, cell.column) : offset;
  const replaceEnd = cell ? cell.table.fieldEnd(cell.row, cell.column) : offset;
  if (inHeader) {
    const headerLine = firstLineEnd < 0 ? text : text.slice(0, firstLineEnd);
    const present = new Set(
      headerLine.split(String.fromCharCode(delimiterOf(text))).map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/[\s\-_]+/g, '_'),
      ),
    );
    const current = cell ? cell.header : '';
    return LIST_COLUMNS.filter((c) => !present.has(c) || c === current).map((c) => ({
      label: c,
      detail: COLUMN_DESCRIPTIONS[c],
      kind: 'field' as const,
      newText: c,
      replaceStart,
      replaceEnd,
    }));
  }
  if (!cell) return [];
  const values = (items: { label: string; detail?: string }[]): CompletionEntry[] =>
    items.map((item) => ({ ...item, kind: 'enum' as const, newText: item.label, replaceStart, replaceEnd }));
  switch (cell.header) {
    case 'apm_id':
      return values(APM_CATALOG.map((apm) => ({ label: apm.id, detail: apm.name })));
    case 'list_type':
      return values([
        { label: 'participation', detail: 'Participation List (counted for QP)' },
        { label: 'affiliated', detail: 'Affiliated Practitioner List' },
      ]);
    default:
      return [];
  }
}
