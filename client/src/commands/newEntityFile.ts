import * as vscode from 'vscode';
import { PERFORMANCE_YEARS, lvtLimitsFor, snapshotDates } from '../../../server/src/core/data';

/** The PY a new file is most likely for: this calendar year, within the years the rules data covers. */
export function currentPerformanceYear(today = new Date()): number {
  return Math.min(Math.max(today.getFullYear(), PERFORMANCE_YEARS.first), PERFORMANCE_YEARS.last);
}

/** A JSONC entity template with the PY's determination periods and QP snapshot dates filled in. */
export function entityTemplate(performanceYear: number): string {
  const limits = lvtLimitsFor(performanceYear);
  if (!limits) throw new Error(`QPP Lens has no rules for performance year ${performanceYear}.`);
  const [first, second] = limits.periods;
  const qpSnapshots = snapshotDates(performanceYear).filter((snapshot) => snapshot.countsForQp);
  const snapshotLines = qpSnapshots.map(
    (snapshot, index) =>
      `      { "date": "${snapshot.date}", "payments": { "numerator": 0, "denominator": 0 }, "patients": { "numerator": 0, "denominator": 0 } }${index < qpSnapshots.length - 1 ? ',' : ''}`,
  );
  return [
    '{',
    `  // One APM Entity in performance year ${performanceYear} (MIPS payment year ${performanceYear + 2}).`,
    `  "performanceYear": ${performanceYear},`,
    '  "apm": { "id": "SSP", "track": "ENHANCED" },',
    '  "entity": { "id": "A0000", "name": "" },',
    '  // Participation lists, relative to this file; without it lists are matched by apm_entity_id.',
    '  "participationLists": [],',
    '  "lowVolume": {',
    '    // Determination periods (segments) of the low-volume threshold for this year.',
    '    "segments": [',
    `      { "start": "${first.start}", "end": "${first.end}", "allowedCharges": 0, "beneficiaries": 0, "services": 0 },`,
    `      { "start": "${second.start}", "end": "${second.end}", "allowedCharges": 0, "beneficiaries": 0, "services": 0 }`,
    '    ],',
    '    "election": "none"',
    '  },',
    '  "qp": {',
    '    // Threshold scores at the QP snapshot dates.',
    '    "snapshots": [',
    ...snapshotLines,
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function newEntityFile(year?: number): Promise<vscode.TextDocument> {
  const performanceYear = typeof year === 'number' ? year : currentPerformanceYear();
  const document = await vscode.workspace.openTextDocument({
    language: 'qpp-entity',
    content: entityTemplate(performanceYear),
  });
  await vscode.window.showTextDocument(document);
  return document;
}
