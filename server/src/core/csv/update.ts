// A participation list checked again after an edit (the language server's path): only the records around the
// edit are checked; what follows them is moved. The result equals a whole check of the new text
// (test/unit/list-update.test.ts checks that on random edits).
import { FindingSink } from '../findings';
import { lastAtOrBefore } from '../text';
import type { Finding } from '../types';
import { DUPLICATE_CODE, ListValidator, ParsedList, parseParticipationList, removeDuplicates } from './list';

/**
 * The list checked again after an edit, as parseParticipationList(text, maxFindings, { columnNames: previous.columnNames }) would check it: only the
 * records from the edit to where the records line up with the old ones again are checked (a quote can move
 * every record boundary after it); the rows and findings after them move by the edit's length, and duplicates
 * are found again over all rows. Checks the whole text when the header changed, when the old check had to drop
 * findings, or when the list was streamed.
 */
export function updateParticipationList(
  previous: ParsedList,
  text: string,
  maxFindings = Number.POSITIVE_INFINITY,
): ParsedList & { text: string } {
  const basis = previous.updateBasis;
  const old = previous.text;
  if (!basis || old === null || previous.findings.suppressed > 0 || basis.recordStarts.length < 2)
    return parseParticipationList(text, maxFindings, { columnNames: previous.columnNames });
  const starts = basis.recordStarts;
  const prefix = commonPrefixLength(old, text);
  const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - prefix);
  const delta = text.length - old.length;
  const changedEnd = text.length - suffix;
  // The record the edit starts in, and the one before it for good measure; never the header.
  const first = Math.max(1, lastAtOrBefore(starts, prefix) - 1);
  if (starts[first] > prefix) return parseParticipationList(text, maxFindings, { columnNames: previous.columnNames }); // the edit is in the header
  const region = ListValidator.recheck(previous, basis, text, first, starts[first], (recordStart) =>
    recordStart >= changedEnd ? indexOfValue(starts, recordStart - delta) : -1,
  );
  const resumesAt = region.resumesAt;
  const oldRegionEnd = resumesAt < starts.length ? starts[resumesAt] : Number.POSITIVE_INFINITY;

  // Findings in file order, as a whole check adds them: the records before, the re-checked ones, the ones after.
  const before: Finding[] = [];
  const after: Finding[] = [];
  for (const f of previous.findings.items) {
    if (f.code === DUPLICATE_CODE) continue;
    if (f.start < starts[first]) before.push(f);
    else if (f.start >= oldRegionEnd) after.push(moved(f, delta));
  }
  if (before.length + region.findings.length + after.length > maxFindings)
    return parseParticipationList(text, maxFindings, { columnNames: previous.columnNames });
  const findings = new FindingSink(maxFindings);
  for (const part of [before, region.findings, after]) for (const f of part) findings.items.push(f);

  const allRows = previous.rows.mergedByRecord(basis.duplicateRows);
  const recordShift = region.starts.length - (resumesAt - first);
  const rows = allRows.spliced(
    allRows.firstRowFromRecord(first),
    allRows.firstRowFromRecord(resumesAt),
    region.rows,
    recordShift,
    delta,
  );
  const duplicateRows = removeDuplicates(rows, findings, text, previous.columns)!;

  const recordStarts = new Int32Array(first + region.starts.length + starts.length - resumesAt);
  recordStarts.set(starts.subarray(0, first));
  recordStarts.set(region.starts, first);
  for (let r = resumesAt, at = first + region.starts.length; r < starts.length; r++, at++)
    recordStarts[at] = starts[r] + delta;
  return new ParsedList(
    text,
    previous.columns,
    rows,
    findings,
    { recordStarts, headerFields: basis.headerFields, duplicateRows, entityIds: basis.entityIds },
    previous.columnNames,
  ) as ParsedList & { text: string };
}

/** A finding `delta` characters further on, its fixes too. */
function moved(f: Finding, delta: number): Finding {
  const copy: Finding = { ...f, start: f.start + delta, end: f.end + delta };
  if (f.data?.fixes) {
    copy.data = {
      ...f.data,
      fixes: f.data.fixes.map((fix) => ({
        ...fix,
        edits: fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })),
      })),
    };
  }
  return copy;
}

/** Length of the text `a` and `b` start with: whole blocks compared natively first (an edit leaves most of a list alike). */
function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + COMPARE_BLOCK <= n && a.slice(i, i + COMPARE_BLOCK) === b.slice(i, i + COMPARE_BLOCK)) i += COMPARE_BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the text `a` and `b` end with, at most `max`. */
function commonSuffixLength(a: string, b: string, max: number): number {
  let k = 0;
  while (
    k + COMPARE_BLOCK <= max &&
    a.slice(a.length - k - COMPARE_BLOCK, a.length - k) === b.slice(b.length - k - COMPARE_BLOCK, b.length - k)
  )
    k += COMPARE_BLOCK;
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

const COMPARE_BLOCK = 4096;

/** Index of `x` in ascending `values`, or -1. */
function indexOfValue(values: Int32Array, x: number): number {
  const at = lastAtOrBefore(values, x);
  return at >= 0 && values[at] === x ? at : -1;
}
