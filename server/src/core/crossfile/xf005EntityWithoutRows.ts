// XF005: no list row in the workspace names the entity, so the clinician-level results cannot be given. An entity
// file that names a missing list has XF001 there instead.
import { quoteUserText } from '../privacy';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function entityWithoutRows(index: CrossFileIndex, sinkOf: SinkOf): void {
  for (const [key, e] of index.entities) {
    const at = e.model.entityId;
    if (!at?.value || (index.rowsOfEntity.get(key)?.length ?? 0) > 0) continue;
    if (index.namedLists.get(key)?.some((named) => !index.list(named.key))) continue;
    sinkOf(key).add(
      'XF005',
      at.start,
      at.end,
      `No participation list row in the workspace names APM Entity ${quoteUserText(at.value)}; clinician-level QP and APP results need its list`,
    );
  }
}
