// XF006: a clinician's own scores (qp.clinicians, from PY2026) count only at snapshots on which the clinician is on
// the entity's Participation List (42 CFR 414.1425(c)(3)(ii) assesses the entity's eligible clinicians); scores of an
// NPI that is not on the list at a snapshot with scores are not used, and the entity file says so at the NPI.
import { longDate, parseDate } from '../dates';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function unlistedIndividualScores(index: CrossFileIndex, sinkOf: SinkOf): void {
  for (const [key, e] of index.entities) {
    const linked = index.rowsOfEntity.get(key) ?? [];
    const results = e.determination?.individualQp?.clinicians ?? [];
    if (linked.length === 0 || results.length === 0 || !e.model.qp) continue;
    const id = e.model.entityId?.value ?? '';
    for (const result of results) {
      const rows = linked.filter((l) => !l.row.affiliated && l.row.npi === result.npi).map((l) => l.row);
      const scored = result.snapshots.filter((s) => s.countsForQp && (s.payments || s.patients));
      const missed = scored.filter((s) => {
        const day = parseDate(s.date)!;
        return !rows.some(
          (r) => (r.startDay ?? Number.NEGATIVE_INFINITY) <= day && day <= (r.endDay ?? Number.POSITIVE_INFINITY),
        );
      });
      if (missed.length === 0) continue;
      const at = e.model.qp.clinicians.find((c) => c.npi?.value.trim() === result.npi)?.npi;
      if (!at) continue;
      const label = `NPI …${result.npi.slice(-4)}`;
      sinkOf(key).add(
        'XF006',
        at.start,
        at.end,
        rows.length === 0
          ? `${label} is not on APM Entity ${id}'s Participation List in the workspace, so their own scores are not used (only clinicians on the list at a snapshot are assessed)`
          : `${label}'s own scores at ${missed.map((s) => longDate(s.date)).join(', ')} are not used: the clinician is not on APM Entity ${id}'s Participation List on ${missed.length === 1 ? 'that date' : 'those dates'}`,
      );
    }
  }
}
