// Report exports: Markdown (the whole report) and CSV (the clinician table, one row per clinician/TIN).
import {
  EUC_STATUS_LABEL,
  LVT_ELECTION_LABEL,
  LVT_STATUS_LABEL,
  MIPS_STATUS_LABEL,
  QP_METHOD_LABEL,
  QP_STATUS_LABEL,
  labelOf,
} from '../../../server/src/core/statusText';
import type { ReportView } from './model';

const escapeCell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${Math.round(value * 100) / 100}%`;

export function reportToMarkdown(report: ReportView): string {
  const lines = ['# QPP eligibility report', ''];
  const { files, errors, warnings, information } = report.summary;
  lines.push(`${files} files checked: ${errors} errors, ${warnings} warnings, ${information} information.`, '');
  for (const file of report.files) {
    const d = file.determination;
    if (!d) continue;
    lines.push(
      `## ${escapeCell(d.entityId)} (${escapeCell(d.apmId)}, PY${d.performanceYear})`,
      '',
      `File: \`${file.path}\``,
      '',
    );
    lines.push('| Determination | Result |', '|---|---|');
    lines.push(
      `| Low-volume threshold | ${d.lowVolume ? `${labelOf(LVT_STATUS_LABEL, d.lowVolume.status)}${d.lowVolume.optInEligible ? ' (opt-in eligible)' : ''}, ${labelOf(LVT_ELECTION_LABEL, d.lowVolume.election)}` : 'no data'} |`,
    );
    lines.push(
      `| QP / Partial QP | ${d.qp ? `${labelOf(QP_STATUS_LABEL, d.qp.status)}${d.qp.snapshot ? ` at ${d.qp.snapshot}` : ''}${d.qp.method ? ` by ${labelOf(QP_METHOD_LABEL, d.qp.method)}` : ''}${d.qp.provisional ? ' (provisional thresholds)' : ''}` : 'no data'} |`,
    );
    lines.push(`| MIPS | ${labelOf(MIPS_STATUS_LABEL, d.mips.status)} |`);
    lines.push(`| APP | ${d.app.available ? 'available' : 'not available'}${d.app.required ? ', required' : ''} |`);
    lines.push(`| EUC | ${labelOf(EUC_STATUS_LABEL, d.euc.status)} |`, '');
    const snapshots = d.qp?.snapshots ?? [];
    if (snapshots.length > 0) {
      lines.push('| Snapshot | Payments | Patients | Status |', '|---|---|---|---|');
      for (const s of snapshots)
        lines.push(
          `| ${s.date}${s.countsForQp ? '' : ' (not a QP snapshot)'} | ${percent(s.paymentsPercent)} | ${percent(s.patientsPercent)} | ${labelOf(QP_STATUS_LABEL, s.status)} |`,
        );
      lines.push('');
    }
  }
  lines.push(
    '## Clinicians',
    '',
    '| NPI | TIN | Entities | QP status | Decided at | Entity | Snapshot | APP | CMS record |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of report.clinicians) {
    lines.push(
      `| ${escapeCell(c.npi)} | ${escapeCell(c.tin)} | ${escapeCell(c.entities.join(', '))} | ${labelOf(QP_STATUS_LABEL, c.qp.status)} | ${c.qp.level ? `${c.qp.level === 'individual' ? 'individual' : 'APM Entity group'} (${escapeCell(c.qp.rule ?? '')})` : ''} | ${escapeCell(c.qp.entityId ?? '')} | ${c.qp.snapshot ?? ''} | ${c.appAvailable ? 'yes' : 'no'} | ${escapeCell(c.cmsRecord?.text ?? '')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function reportToCsv(report: ReportView): string {
  const rows = [
    [
      'npi',
      'tin',
      'entities',
      'qp_status',
      'qp_level',
      'qp_rule',
      'qp_entity_id',
      'qp_snapshot',
      'app_available',
      'cms_record',
    ],
  ];
  for (const c of report.clinicians) {
    rows.push([
      c.npi,
      c.tin,
      c.entities.join(';'),
      c.qp.status,
      c.qp.level ?? '',
      c.qp.rule ?? '',
      c.qp.entityId ?? '',
      c.qp.snapshot ?? '',
      String(c.appAvailable),
      c.cmsRecord?.text ?? '',
    ]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
