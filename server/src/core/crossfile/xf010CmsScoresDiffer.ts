// XF010: a score in CMS's record, keyed by a snapshot date, differs from the entity file's score of the same kind at
// the same snapshot (the APM Entity group's Medicare or all-payer score, or the clinician's own from qp.clinicians).
// CMS's figure is the determination; an entity file's figures are often a forecast or an earlier extract.
import { longDate } from '../dates';
import { SCORE_LEVEL, SCORE_OPTION } from '../eligibility/explain';
import type { EligibilityScore } from '../eligibility/record';
import { centsFromDecimalText } from '../money';
import { quoteUserText } from '../privacy';
import type { QpSnapshotScore } from '../types';
import { recordApmsWithEntityFile } from './cmsRecords';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

/** The entity file's percent for the score's kind at its snapshot, or null when the file has none. */
function ourPercent(score: EligibilityScore, snapshot: QpSnapshotScore | undefined): number | null {
  if (!snapshot) return null;
  const scores = score.type[0] === 'a' ? snapshot.allPayer : snapshot;
  return scores?.[score.method]?.percent ?? null;
}

export function cmsScoresDiffer(index: CrossFileIndex, sinkOf: SinkOf): void {
  for (const { key, record, apm, entity } of recordApmsWithEntityFile(index)) {
    const npi = record.npi?.value;
    const d = entity.entity.determination;
    if (!npi || !d?.qp) continue;
    const own = d.individualQp?.clinicians.find((c) => c.npi === npi)?.snapshots ?? [];
    for (const score of apm.scores) {
      if (!score.snapshot || score.type[1] === 't') continue;
      const snapshots = score.type[1] === 'i' ? own : d.qp.snapshots;
      const ours = ourPercent(
        score,
        snapshots.find((s) => s.date === score.snapshot!.value),
      );
      if (ours === null) continue;
      const cms = centsFromDecimalText(score.value.raw) ?? Math.round(score.value.value * 100);
      // CMS shows hundredths of a percent: a difference within rounding is no difference.
      if (Math.abs(cms - ours * 100) < 1) continue;
      const dateAt = entity.entity.model.qp?.snapshots.find((s) => s.date?.value === score.snapshot!.value)?.date;
      const where = dateAt ?? entity.entity.model.entityId!;
      sinkOf(key).add(
        'XF010',
        score.value.start,
        score.value.end,
        `CMS's ${SCORE_OPTION[score.type[0]]} ${score.method} score ${score.value.raw}% (${SCORE_LEVEL[score.type[1]].replace(/ \(.*/, '')}) at ${longDate(score.snapshot.value)} differs from the entity file's ${ours.toFixed(2)}% for ${quoteUserText(entity.id)}: if the entity file's figures are a forecast or an earlier extract, update them from CMS's; otherwise check the numerator and denominator`,
        undefined,
        [
          {
            file: entity.key,
            start: where.start,
            end: where.end,
            message: `${quoteUserText(entity.id)} scores at ${longDate(score.snapshot.value)}`,
          },
        ],
      );
    }
  }
}
