// XF012: CMS's low-volume flag for the APM Entity (lvtFlag) differs from the entity file's low-volume result for the
// same year (42 CFR 414.1310(b)). CMS's flag is the determination; the entity file's segments may be a forecast, or
// one of its periods may not be in CMS's figures yet.
import { LVT_STATUS_LABEL } from '../statusText';
import { quoteUserText } from '../privacy';
import { recordApmsWithEntityFile } from './cmsRecords';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function cmsLvtFlagDiffers(index: CrossFileIndex, sinkOf: SinkOf): void {
  for (const { key, record, apm, entity } of recordApmsWithEntityFile(index)) {
    const lvt = entity.entity.determination?.lowVolume;
    if (!lvt || !apm.lvtFlag || lvt.status === 'not-determined') continue;
    const cmsExcluded = apm.lvtFlag.value;
    if (cmsExcluded === (lvt.status === 'excluded')) continue;
    const at = entity.entity.model.lowVolume?.key ?? entity.entity.model.entityId!;
    sinkOf(key).add(
      'XF012',
      apm.lvtFlag.start,
      apm.lvtFlag.end,
      `CMS's PY${record.year} record finds APM Entity ${quoteUserText(entity.id)} ${cmsExcluded ? 'at or below the low-volume threshold' : 'above the low-volume threshold'} (lvtFlag ${cmsExcluded}), the entity file's segments give ${LVT_STATUS_LABEL[lvt.status]}: if the segments are a forecast or a period is still open, CMS's flag stands; otherwise compare the segments' charges and beneficiaries with lvtPayments and lvtPatients`,
      undefined,
      [
        {
          file: entity.key,
          start: at.start,
          end: at.end,
          message: `low-volume data of ${quoteUserText(entity.id)}`,
        },
      ],
    );
  }
}
