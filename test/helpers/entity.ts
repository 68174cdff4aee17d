// Builds entity-file text for tests from the few facts a case needs.
import { rulesData } from '../../server/src/core';

export interface SegmentFacts {
  charges: number | string;
  beneficiaries: number;
  services?: number;
}

export function lvtEntity(py: number, segments: (SegmentFacts | null)[], extra: Record<string, unknown> = {}): string {
  const periods = rulesData.lvtLimitsFor(py)!.periods;
  const segs = segments.flatMap((s, i) => (s ? [{ start: periods[i].start, end: periods[i].end, allowedCharges: `@@${String(s.charges)}`, beneficiaries: s.beneficiaries, ...(s.services !== undefined ? { services: s.services } : {}) }] : []));
  return entityText({ performanceYear: py, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, lowVolume: { segments: segs, ...extra } });
}

export interface RatioFacts {
  payments?: [number | string, number | string];
  patients?: [number | string, number | string];
  allPayer?: { payments?: [number | string, number | string]; patients?: [number | string, number | string] };
}

export function qpEntity(py: number, snapshots: Record<string, RatioFacts>, options: { apm?: string; track?: string; election?: string; id?: string } = {}): string {
  const ratio = (r?: [number | string, number | string]) => (r ? { numerator: `@@${r[0]}`, denominator: `@@${r[1]}` } : undefined);
  return entityText({
    performanceYear: py,
    apm: { id: options.apm ?? 'SSP', ...(options.apm && options.apm !== 'SSP' ? {} : { track: options.track ?? 'ENHANCED' }) },
    entity: { id: options.id ?? 'A1234' },
    qp: {
      snapshots: Object.entries(snapshots).map(([date, f]) => ({
        date,
        payments: ratio(f.payments),
        patients: ratio(f.patients),
        allPayer: f.allPayer ? { payments: ratio(f.allPayer.payments), patients: ratio(f.allPayer.patients) } : undefined,
      })),
      ...(options.election ? { partialQpElection: options.election } : {}),
    },
  });
}

/** JSON text in which strings starting with "@@" become raw numbers (to keep 90000.00 as written). */
export function entityText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/"@@([^"]*)"/g, '$1');
}
