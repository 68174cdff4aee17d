// XF008: a clinician on an entity's Participation List whose CMS record of the same year names no APM, or names other
// entities of the same APM and not this one. CMS's QP determination follows its own list, so the clinician will not
// get the entity's status until the two agree.
import { cellRange } from '../csv/list';
import { catalogApmId } from '../eligibility/explain';
import { quoteUserText } from '../privacy';
import { entityIdResolver, listedRowsByNpi, recordSpan, recordsOfYear } from './cmsRecords';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function listedButCmsDisagrees(index: CrossFileIndex, sinkOf: SinkOf): void {
  const entityIdOf = entityIdResolver(index);
  for (const [npi, rows] of listedRowsByNpi(index)) {
    for (const { entityKey, list, row } of rows) {
      const ctx = index.entity(entityKey)!.context;
      if (!ctx) continue;
      for (const { key, record } of recordsOfYear(index.recordsByNpi.get(npi), ctx.py)) {
        const apms = record.organizations.flatMap((o) => o.apms);
        const sameApm = apms.filter((a) => catalogApmId(a) === ctx.apm.id || catalogApmId(a) === null);
        const ids = sameApm.map(entityIdOf);
        if (ids.includes(row.entityId) || (sameApm.length > 0 && ids.every((id) => id === null))) continue;
        const others = [...new Set(ids.filter((id): id is string => id !== null))];
        const what =
          apms.length === 0
            ? 'names no APM for the clinician'
            : others.length > 0
              ? `names APM Entity ${others.map(quoteUserText).join(', ')}, not ${quoteUserText(row.entityId)}`
              : `names no ${ctx.apm.id} entity for the clinician`;
        const parsed = index.list(list)!;
        const [start, end] = cellRange(parsed, row.index, 'npi');
        const at = recordSpan(record);
        sinkOf(list).add(
          'XF008',
          start,
          end,
          `NPI ${npi} is on ${quoteUserText(row.entityId)}'s list, but CMS's PY${ctx.py} record ${what}: check the Participation List CMS holds (and the record's date) before counting on ${quoteUserText(row.entityId)}'s status for this clinician`,
          undefined,
          [{ file: key, start: at.start, end: at.end, message: `CMS record of NPI ${npi}` }],
        );
        break;
      }
    }
  }
}
