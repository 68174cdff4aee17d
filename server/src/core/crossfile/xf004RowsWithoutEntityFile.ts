// XF004: rows of an entity id that no entity file in the workspace has; reported once per list, at the first row.
import { cellRange } from '../csv/list';
import { quoteUserText } from '../privacy';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function* rowsWithoutEntityFile(index: CrossFileIndex, sinkOf: SinkOf): Generator<void, void> {
  for (const [listKey, list] of index.lists) {
    const rows = list.rows;
    const reported = new Uint8Array(rows.entityIds.length);
    for (let i = 0; i < rows.length; i++) {
      const entity = rows.entityAt(i);
      const entityId = rows.entityIds[entity];
      if (reported[entity] === 1 || index.entitiesById.has(entityId)) continue;
      reported[entity] = 1;
      const [start, end] = cellRange(list, i, 'apm_entity_id');
      sinkOf(listKey).add(
        'XF004',
        start,
        end,
        `Rows for APM Entity ${quoteUserText(entityId)} have no entity file (*.entity.json) in the workspace, so their determinations are not shown`,
      );
    }
    yield;
  }
}
