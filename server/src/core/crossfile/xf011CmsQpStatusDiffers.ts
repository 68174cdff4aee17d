// XF011: CMS's QP status for a clinician (qpStatus Y / P / N) differs from the status QPP Lens determines from the
// workspace for the same performance year. The finding says which snapshot each side rests on, since the usual
// reasons are a record saved before the last snapshot, or entity-file figures that are a forecast.
import { longDate } from '../dates';
import { cmsQpStatus } from '../eligibility/explain';
import { QP_STATUS_LABEL } from '../statusText';
import { listedRowsByNpi, qpStatusResolver } from './cmsRecords';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function cmsQpStatusDiffers(index: CrossFileIndex, sinkOf: SinkOf): void {
  const rowsByNpi = listedRowsByNpi(index);
  const workspaceQpStatus = qpStatusResolver(index);
  for (const [key, file] of index.records) {
    for (const record of file.records) {
      const npi = record.npi?.value;
      const cms = cmsQpStatus(record);
      const rows = npi ? rowsByNpi.get(npi) : undefined;
      if (!npi || !cms || !rows || record.year === null || !record.qpStatus) continue;
      const ours = workspaceQpStatus(rows, npi, record.year);
      if (ours.status === 'not-determined' || ours.status === cms) continue;
      const scored = record.organizations
        .flatMap((o) => o.apms.flatMap((a) => a.scores))
        .map((s) => s.snapshot?.value)
        .filter((d): d is string => !!d)
        .sort();
      const cmsWhen =
        scored.length > 0
          ? `CMS's record has scores up to ${longDate(scored[scored.length - 1])}`
          : "CMS's record does not name its snapshot";
      const entity = ours.entityKey ? index.entity(ours.entityKey)!.model.entityId : null;
      sinkOf(key).add(
        'XF011',
        record.qpStatus.start,
        record.qpStatus.end,
        `CMS's PY${record.year} status for NPI ${npi} is ${QP_STATUS_LABEL[cms]} ("${record.qpStatus.value}"), QPP Lens determines ${QP_STATUS_LABEL[ours.status]}${ours.snapshot ? ` at ${longDate(ours.snapshot)}` : ''} from the workspace. ${cmsWhen}: if it predates that snapshot, save the record again after CMS's next update; if the entity file's figures are a forecast, CMS's status stands`,
        undefined,
        entity && ours.entityKey
          ? [
              {
                file: ours.entityKey,
                start: entity.start,
                end: entity.end,
                message: 'the entity file that decided QPP Lens status',
              },
            ]
          : undefined,
      );
    }
  }
}
