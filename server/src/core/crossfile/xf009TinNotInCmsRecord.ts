// XF009: a list row's TIN does not end in the digits of any TIN CMS's record of the clinician shows (CMS masks TINs to
// their last digits). The clinician may bill CMS under another TIN than the list says, or the list's TIN is mistyped.
import { cellRange } from '../csv/list';
import { maskTin } from '../identifiers';
import { listedRowsByNpi, recordsOfYear } from './cmsRecords';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function tinNotInCmsRecord(index: CrossFileIndex, sinkOf: SinkOf): void {
  for (const [npi, rows] of listedRowsByNpi(index)) {
    for (const { entityKey, list, row } of rows) {
      const py = index.entity(entityKey)!.context?.py;
      if (py === undefined) continue;
      for (const { key, record } of recordsOfYear(index.recordsByNpi.get(npi), py)) {
        const tins = record.organizations.filter((o) => o.tin && o.tinLast4);
        if (tins.length === 0 || tins.some((o) => o.tinLast4 === row.tin.slice(-4))) continue;
        // On the NPI cell, which streamed lists keep too, so qpp-check --stream reports it at the same place.
        const [start, end] = cellRange(index.list(list)!, row.index, 'npi');
        const shown = tins.map((o) => `…${o.tinLast4}`).join(', ');
        sinkOf(list).add(
          'XF009',
          start,
          end,
          `TIN ${maskTin(row.tin)} of NPI ${npi} is not among the TINs of CMS's PY${py} record (${shown}): check which TIN the clinician bills under and correct the list or re-enrol the TIN`,
          undefined,
          tins.map((o) => ({
            file: key,
            start: o.tin!.start,
            end: o.tin!.end,
            message: `TIN …${o.tinLast4} in CMS's record`,
          })),
        );
        break;
      }
    }
  }
}
