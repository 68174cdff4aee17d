// Completion items as plain data: APM ids, tracks, programs, measure ids for the PY, snapshot dates, elections,
// segment dates, CSV header names and coded CSV values. The caller turns them into LSP items.
import { isJsonList } from '../csv/jsonRows';
import { getLocation, type JSONPath } from 'jsonc-parser';
import { COLUMN_DESCRIPTIONS, LIST_COLUMNS } from '../csv/list';
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
import { parseEntityFile } from '../entity/model';
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

export function entityCompletions(text: string, offset: number): CompletionEntry[] {
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey) return [];
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
  const strings = (
    values: { label: string; detail?: string; documentation?: string }[],
    kind: CompletionEntry['kind'] = 'value',
  ): CompletionEntry[] =>
    values.map((v) => ({ ...v, kind, newText: JSON.stringify(v.label), replaceStart, replaceEnd }));
  const path = location.path;

  if (pathIs(path, 'performanceYear')) {
    const years: CompletionEntry[] = [];
    for (let year = PERFORMANCE_YEARS.first; year <= PERFORMANCE_YEARS.last; year++) {
      years.push({
        label: String(year),
        detail: `MIPS payment year ${paymentYearOf(year)}`,
        kind: 'value',
        newText: String(year),
        replaceStart,
        replaceEnd,
      });
    }
    return years;
  }
  if (pathIs(path, 'apm', 'id')) {
    return strings(
      APM_CATALOG.filter((apm) => py === null || (py >= apm.firstYear && py <= apm.lastYear)).map((apm) => ({
        label: apm.id,
        detail: apm.name,
        documentation: `PY${apm.firstYear}–PY${apm.lastYear}`,
      })),
    );
  }
  if (pathIs(path, 'apm', 'track')) {
    const apm = model.apmId ? findApm(model.apmId.value) : undefined;
    return strings(
      (apm?.tracks ?? []).map((track) => ({ label: track, detail: apm!.name })),
      'enum',
    );
  }
  if (pathIs(path, 'app', 'program')) {
    return strings(
      [
        { label: 'app1', detail: 'APM Performance Pathway (from PY2021)' },
        { label: 'appPlus', detail: 'APP Plus quality measure set (from PY2025)' },
      ].filter((p) => py === null || p.label === 'app1' || py >= 2025),
      'enum',
    );
  }
  if (pathIs(path, 'app', 'qualityMeasures', '#')) {
    const program = model.app?.program?.value === 'appPlus' ? 'appPlus' : 'app1';
    const set = py !== null ? appMeasureSet(py, program) : undefined;
    return strings((set?.measures ?? []).map((m) => ({ label: m, detail: MEASURE_TITLES[m] ?? `${program} PY${py}` })));
  }
  if (
    (pathIs(path, 'qp', 'snapshots', '#', 'date') || pathIs(path, 'qp', 'clinicians', '#', 'snapshots', '#', 'date')) &&
    py !== null
  ) {
    return strings(
      snapshotDates(py).map((s) => ({
        label: s.date,
        detail: s.countsForQp ? `${s.label}: QP snapshot` : `${s.label}: MIPS APM / APP only`,
      })),
    );
  }
  if (
    (pathIs(path, 'lowVolume', 'segments', '#', 'start') || pathIs(path, 'lowVolume', 'segments', '#', 'end')) &&
    py !== null
  ) {
    const limits = lvtLimitsFor(py);
    const which = path[3] as 'start' | 'end';
    return strings(
      (limits?.periods ?? []).map((period, i) => ({
        label: period[which],
        detail: `PY${py} segment ${i + 1} ${which}`,
      })),
    );
  }
  if (pathIs(path, 'lowVolume', 'election')) {
    return strings(
      [
        { label: 'none', detail: 'No election' },
        { label: 'opt-in', detail: 'Opt in to MIPS (binding; payment adjustment applies)' },
        { label: 'voluntary', detail: 'Report voluntarily (no payment adjustment)' },
      ],
      'enum',
    );
  }
  if (pathIs(path, 'qp', 'partialQpElection')) {
    return strings(
      [
        { label: 'report-mips', detail: 'Partial QPs report to MIPS and get the payment adjustment' },
        { label: 'no-mips', detail: 'Partial QPs are not in MIPS' },
      ],
      'enum',
    );
  }
  return [];
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
      headerLine.split(',').map((h) =>
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
