// The report view's exports carry the "CMS record" column the view shows (issue 21).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportToCsv, reportToMarkdown } from '../../client/src/report/exportFormats';
import type { ReportView } from '../../client/src/report/model';

const REPORT: ReportView = {
  version: 1,
  files: [],
  clinicians: [
    {
      npi: '1999091022',
      tin: '*****2727',
      entities: ['A2727'],
      qp: { status: 'qp', entityId: 'A2727', snapshot: '2026-06-30', level: 'entity', rule: 'r' },
      appAvailable: true,
      cmsRecord: {
        qpStatusCode: 'P',
        qpStatus: 'partial-qp',
        qpScoreType: 'ME',
        apms: [{ entity: 'A9901', apmId: '08', lvtFlag: false }],
        text: 'CMS PY2026: Partial QP (ME); A9901',
      },
    },
    {
      npi: '1999091030',
      tin: '*****2727',
      entities: ['A2727'],
      qp: { status: 'qp', entityId: 'A2727', snapshot: '2026-06-30' },
      appAvailable: true,
      cmsRecord: null,
    },
  ],
  summary: { files: 0, errors: 0, warnings: 0, information: 0 },
};

test('Markdown and CSV exports have the CMS record of each clinician', () => {
  const markdown = reportToMarkdown(REPORT);
  assert.match(markdown, /\| APP \| CMS record \|/);
  assert.match(markdown, /\| CMS PY2026: Partial QP \(ME\); A9901 \|/);
  const csv = reportToCsv(REPORT).split('\r\n');
  assert.equal(csv[0].split(',').at(-1), 'cms_record');
  assert.equal(csv[1].split(',').at(-1), 'CMS PY2026: Partial QP (ME); A9901');
  assert.equal(csv[2].split(',').at(-1), '');
});
