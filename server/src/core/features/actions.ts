// Quick fixes from the core's findings: every `data.fixes` entry becomes one action, plus "Explain rule CODE" and,
// on an opt-in eligible entity (LVT003), "Draft Opt-In Election".
import type { Finding, TextReplacement } from '../types';

export interface QuickFixData {
  title: string;
  /** The finding the fix belongs to (callers attach the matching diagnostic). */
  finding: Finding;
  edits: TextReplacement[];
  preferred: boolean;
}

export interface ExplainActionData {
  title: string;
  code: string;
}

const overlaps = (finding: Finding, start: number, end: number): boolean =>
  finding.start <= end && start <= finding.end;

/** Fixes, rule explanations and whether to offer the opt-in draft (LVT003), for the findings touching [start, end]. */
export function actionsFor(
  findings: Finding[],
  start: number,
  end: number,
): { fixes: QuickFixData[]; explanations: ExplainActionData[]; draftOptIn: boolean } {
  const fixes: QuickFixData[] = [];
  const explained = new Set<string>();
  const explanations: ExplainActionData[] = [];
  let draftOptIn = false;
  for (const finding of findings) {
    if (!overlaps(finding, start, end)) continue;
    if (finding.data?.draftOptIn === true) draftOptIn = true;
    const offered = finding.data?.fixes ?? [];
    for (const [i, fix] of offered.entries())
      fixes.push({ title: fix.title, finding, edits: fix.edits, preferred: offered.length === 1 && i === 0 });
    if (!explained.has(finding.code) && finding.code !== 'GEN001') {
      explained.add(finding.code);
      explanations.push({ title: `Explain rule ${finding.code}`, code: finding.code });
    }
  }
  return { fixes, explanations, draftOptIn };
}

/**
 * The edits of every safe fix in a file, for "fix all" (the editor's source.fixAll and `qpp-check --fix`): a fix is
 * safe when it is the only one its finding offers and not `manual`. Edits that overlap an earlier one (or insert at the same place) are
 * left for a second pass.
 */
export function fixAllEdits(findings: readonly Finding[]): TextReplacement[] {
  const edits = findings
    .flatMap((finding) =>
      finding.data?.fixes?.length === 1 && !finding.data.fixes[0].manual ? finding.data.fixes[0].edits : [],
    )
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: TextReplacement[] = [];
  for (const edit of edits) {
    const previous = kept.at(-1);
    if (previous && edit.start < previous.end) continue;
    if (previous && edit.start === previous.end && edit.start === edit.end && previous.start === previous.end) continue;
    kept.push(edit);
  }
  return kept;
}
