// XF007: CMS's record puts the clinician in an APM Entity that has an entity file for the record's year, but the
// clinician is on none of that entity's Participation List rows in the workspace. CMS determines QP status from the
// list it holds (QPP "APM determination periods"), so one of the two lists is out of date.
import { quoteUserText } from '../privacy';
import { apmSpan, recordApmsWithEntityFile } from './cmsRecords';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function cmsEntityMemberNotListed(index: CrossFileIndex, sinkOf: SinkOf): void {
  const listed = new Map<string, Set<string>>();
  const npisOf = (entityKey: string): Set<string> => {
    let npis = listed.get(entityKey);
    if (!npis) {
      npis = new Set((index.rowsOfEntity.get(entityKey) ?? []).filter((l) => !l.row.affiliated).map((l) => l.row.npi));
      listed.set(entityKey, npis);
    }
    return npis;
  };
  for (const { key, record, apm, entity } of recordApmsWithEntityFile(index)) {
    const npi = record.npi?.value;
    if (!npi || npisOf(entity.key).has(npi)) continue;
    const at = apmSpan(apm);
    const entityAt = entity.entity.model.entityId!;
    sinkOf(key).add(
      'XF007',
      at.start,
      at.end,
      `CMS's PY${record.year} record puts NPI ${npi} in APM Entity ${quoteUserText(entity.id)}, but the clinician is not on ${quoteUserText(entity.id)}'s Participation List in the workspace: add them to the list, or ask the ACO's CMS contact to update CMS's list`,
      undefined,
      [
        {
          file: entity.key,
          start: entityAt.start,
          end: entityAt.end,
          message: `entity file of ${quoteUserText(entity.id)}`,
        },
      ],
    );
  }
}
