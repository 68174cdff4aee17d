// The words for each status the rules decide, shown wherever a status is: hovers, code lens, the status item,
// Explain Clinician and the report view. Pure data with no imports, so the report's webview bundle can use it.
import type { MipsStatus, QpStatus } from './types';

export const QP_STATUS_LABEL: Record<QpStatus, string> = {
  qp: 'QP',
  'partial-qp': 'Partial QP',
  none: 'not a QP',
  'not-determined': 'not determined',
};

/** The status inside an explanation, where a label alone would leave the reader asking what "not a QP" means. */
export const QP_STATUS_IN_SENTENCE: Record<QpStatus, string> = {
  qp: 'QP',
  'partial-qp': 'Partial QP',
  none: 'neither QP nor Partial QP',
  'not-determined': 'not determined (no score at a QP snapshot)',
};

/** Better statuses rank higher: a clinician's status is the best over every entity and snapshot. */
export const QP_STATUS_RANK: Record<QpStatus, number> = { 'not-determined': 0, none: 1, 'partial-qp': 2, qp: 3 };

export const MIPS_STATUS_LABEL: Record<MipsStatus, string> = {
  'exempt-qp': 'exempt (QP)',
  'exempt-partial-qp': 'exempt (Partial QP, no election)',
  'eligible-partial-qp': 'eligible (Partial QP reporting)',
  eligible: 'eligible',
  'eligible-opted-in': 'eligible (opted in)',
  'opt-in-eligible': 'excluded, may opt in',
  'excluded-low-volume': 'excluded (low volume)',
  'not-determined': 'not determined',
};

export const LVT_STATUS_LABEL: Record<'eligible' | 'excluded' | 'not-determined', string> = {
  eligible: 'above the threshold (MIPS eligible)',
  excluded: 'at or below the threshold (excluded)',
  'not-determined': 'not determined',
};

export const LVT_ELECTION_LABEL: Record<'none' | 'opt-in' | 'voluntary', string> = {
  none: 'no election',
  'opt-in': 'opted in',
  voluntary: 'voluntary reporting',
};

export const EUC_STATUS_LABEL: Record<'may-apply' | 'may-not-apply' | 'not-applying', string> = {
  'may-apply': 'may apply',
  'may-not-apply': 'may not apply',
  'not-applying': 'not applying',
};

export const QP_METHOD_LABEL: Record<'payments' | 'patients', string> = {
  payments: 'payment amount',
  patients: 'patient count',
};
export const QP_OPTION_LABEL: Record<'medicare' | 'all-payer', string> = {
  medicare: 'Medicare Option',
  'all-payer': 'All-Payer Combination Option',
};

/** The words for a status the table does not know (a newer server): the code itself, readable. */
export function labelOf<K extends string>(table: Record<K, string>, status: string): string {
  return (table as Record<string, string>)[status] ?? status.replace(/-/g, ' ');
}
