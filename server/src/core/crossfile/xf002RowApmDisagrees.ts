// XF002: a list row's apm_id is not the APM of the entity file for its entity id.
import { cellRange } from '../csv/list';
import { quoteUserText } from '../privacy';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function* rowApmDisagreesWithEntityFile(index: CrossFileIndex, sinkOf: SinkOf): Generator<void, void> {
  for (const [listKey, list] of index.lists) {
    const rows = list.rows;
    if (list.columns.apm_id < 0) continue;
    const entityFileApm = rows.entityIds.map((id) => index.apmOfEntityId.get(id));
    for (let i = 0; i < rows.length; i++) {
      const apm = rows.apmAt(i);
      const entityId = rows.entityIds[rows.entityAt(i)];
      const entityApm = entityFileApm[rows.entityAt(i)];
      if (apm < 0 || !entityApm || rows.apmIds[apm] === entityApm) continue;
      const [start, end] = cellRange(list, i, 'apm_id');
      const entityKey = index.entitiesById.get(entityId)![0];
      const apmAt = index.entity(entityKey)!.model.apmId;
      sinkOf(listKey).add(
        'XF002',
        start,
        end,
        `Row says APM ${rows.apmIds[apm]} but the entity file for ${quoteUserText(entityId)} says ${entityApm}`,
        undefined,
        apmAt
          ? [{ file: entityKey, start: apmAt.start, end: apmAt.end, message: `APM of ${quoteUserText(entityId)}` }]
          : undefined,
      );
    }
    yield;
  }
}
