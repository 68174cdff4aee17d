// Runs inside the report webview. Builds every node with createElement/textContent (data is never
// parsed as HTML); the extension sends the report by postMessage.
import {
  EUC_STATUS_LABEL,
  LVT_ELECTION_LABEL,
  LVT_STATUS_LABEL,
  MIPS_STATUS_LABEL,
  QP_METHOD_LABEL,
  QP_OPTION_LABEL,
  QP_STATUS_LABEL,
  labelOf,
} from '../../../server/src/core/statusText';
import type { ClinicianView, DeterminationView, ReportMessage, SnapshotView, ThresholdsView } from './model';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscodeApi = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';

type SortKey = 'npi' | 'tin' | 'entities' | 'status' | 'level' | 'entity' | 'snapshot' | 'app' | 'cms';
/** code: the status code behind the words, shown as the cell's tooltip. nowrap: identifiers and dates never wrap. */
const COLUMNS: {
  key: SortKey;
  title: string;
  value: (c: ClinicianView) => string;
  code?: (c: ClinicianView) => string;
  nowrap?: boolean;
}[] = [
  { key: 'npi', title: 'NPI', value: (c) => c.npi, nowrap: true },
  { key: 'tin', title: 'TIN', value: (c) => c.tin, nowrap: true },
  { key: 'entities', title: 'Entities', value: (c) => c.entities.join(', ') },
  { key: 'status', title: 'QP status', value: (c) => labelOf(QP_STATUS_LABEL, c.qp.status), code: (c) => c.qp.status },
  {
    key: 'level',
    title: 'Decided at',
    value: (c) =>
      c.qp.level === 'individual'
        ? 'individual (414.1425(c)(3)(ii))'
        : c.qp.level === 'entity'
          ? 'APM Entity group'
          : '',
  },
  { key: 'entity', title: 'QP entity', value: (c) => c.qp.entityId ?? '' },
  { key: 'snapshot', title: 'Snapshot', value: (c) => c.qp.snapshot ?? '', nowrap: true },
  { key: 'app', title: 'APP', value: (c) => (c.appAvailable ? 'available' : 'not available') },
  { key: 'cms', title: 'CMS record', value: cmsRecordWords, code: (c) => c.cmsRecord?.text ?? 'no saved CMS record' },
];

/** CMS's status in words and the entities it names; the record's own codes go to the tooltip. */
function cmsRecordWords(c: ClinicianView): string {
  const r = c.cmsRecord;
  if (!r) return '';
  const status = r.qpStatus
    ? labelOf(QP_STATUS_LABEL, r.qpStatus)
    : r.qpStatusCode
      ? `status ${r.qpStatusCode}`
      : 'no QP status';
  const entities = r.apms.length === 0 ? 'no APM' : r.apms.map((a) => a.entity).join(', ');
  return `${status} · ${entities}`;
}

let clinicians: ClinicianView[] = [];
let sort: { key: SortKey; descending: boolean } = { key: 'npi', descending: false };

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The entity file the page last scrolled to. */
let scrolledTo: string | undefined;

function render(message: ReportMessage): void {
  const { report } = message;
  const { files, errors, warnings, information } = report.summary;
  document.getElementById('summary')!.textContent =
    `${files} files: ${errors} errors, ${warnings} warnings, ${information} information · updated ${new Date(message.updated).toLocaleTimeString()}`;
  const cards = document.getElementById('entities')!;
  cards.replaceChildren();
  if (message.focus === undefined) scrolledTo = undefined;
  for (const file of report.files) {
    if (!file.determination) continue;
    const card = entityCard(file.path, file.determination);
    cards.append(card);
    if (file.path === message.focus) {
      card.classList.add('focused');
      // Once per opening: a live refresh keeps where the user scrolled to.
      if (scrolledTo !== message.focus) card.scrollIntoView({ block: 'start' });
      scrolledTo = message.focus;
    }
  }
  if (!cards.firstChild) cards.append(element('p', 'No entity files (*.entity.json) in the workspace.', 'summary'));
  clinicians = report.clinicians;
  renderTable();
}

function tooltip(code: string, summary: string | undefined): string {
  return summary ? `${code}: ${summary}` : code;
}

function entityCard(path: string, d: DeterminationView): HTMLElement {
  const card = element('article', undefined, 'card');
  card.append(element('h3', `${d.entityId} · ${d.apmId} · PY${d.performanceYear}`));
  const link = element('button', path, 'file');
  link.type = 'button';
  link.addEventListener('click', () => vscodeApi.postMessage({ type: 'openFile', path }));
  card.append(link);
  // Each row: the term, the result in words, and as tooltip the status code and the server's one-line explanation.
  const lvt = d.lowVolume;
  const qp = d.qp;
  const rows: [string, string, string | undefined][] = [
    [
      'LVT',
      lvt
        ? `${labelOf(LVT_STATUS_LABEL, lvt.status)}${lvt.optInEligible ? ' · opt-in eligible' : ''} · ${labelOf(LVT_ELECTION_LABEL, lvt.election)}`
        : 'no data',
      lvt ? tooltip(lvt.status, lvt.summary) : undefined,
    ],
    [
      'QP / PQP',
      qp
        ? `${labelOf(QP_STATUS_LABEL, qp.status)}${qp.snapshot ? ` at ${qp.snapshot}` : ''}${qp.method ? ` (${labelOf(QP_METHOD_LABEL, qp.method)}, ${labelOf(QP_OPTION_LABEL, qp.option ?? '')})` : ''}${qp.provisional ? ' · provisional' : ''}`
        : 'no data',
      qp ? tooltip(qp.status, qp.summary) : undefined,
    ],
    ['MIPS', labelOf(MIPS_STATUS_LABEL, d.mips.status), tooltip(d.mips.status, d.mips.summary)],
    ['APP', `${d.app.available ? 'available' : 'not available'}${d.app.required ? ' · required' : ''}`, d.app.summary],
    ['EUC', labelOf(EUC_STATUS_LABEL, d.euc.status), tooltip(d.euc.status, d.euc.summary)],
  ];
  const list = element('dl');
  for (const [term, value, summary] of rows) {
    const description = element('dd', value);
    if (summary) description.title = summary;
    list.append(element('dt', term), description);
  }
  card.append(list);
  const snapshots = d.qp?.snapshots ?? [];
  if (snapshots.length > 0) card.append(scoreChart(snapshots, d.qp?.thresholds ?? null, d.qp?.provisional ?? false));
  return card;
}

/** Payment and patient scores per snapshot against the PY's Medicare QP and Partial QP thresholds. */
function scoreChart(snapshots: SnapshotView[], thresholds: ThresholdsView | null, provisional: boolean): Element {
  const width = 300,
    height = 150,
    left = 30,
    right = 20,
    top = 8,
    bottom = 22;
  const plotWidth = width - left - right,
    plotHeight = height - top - bottom;
  const x = (i: number) => left + (snapshots.length === 1 ? plotWidth / 2 : (i * plotWidth) / (snapshots.length - 1));
  const y = (percent: number) => top + plotHeight - (Math.min(Math.max(percent, 0), 100) / 100) * plotHeight;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  chart.append(svg('title', {}, 'QP scores by snapshot'));
  chart.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: top + plotHeight }));
  chart.append(
    svg('line', { class: 'axis', x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight }),
  );
  for (const tick of [0, 50, 100]) chart.append(svg('text', { x: 2, y: y(tick) + 3 }, `${tick}%`));
  for (const [i, s] of snapshots.entries()) {
    chart.append(svg('text', { x: x(i), y: height - 6, 'text-anchor': 'middle' }, s.date.slice(5)));
  }
  if (thresholds) {
    const levels = {
      payments: [
        ['qp', thresholds.qpPayments],
        ['pqp', thresholds.partialQpPayments],
      ],
      patients: [
        ['qp', thresholds.qpPatients],
        ['pqp', thresholds.partialQpPatients],
      ],
    } as const;
    for (const method of ['payments', 'patients'] as const) {
      for (const [level, value] of levels[method]) {
        const line = svg('line', {
          class: `threshold ${level}-line ${method}`,
          x1: left,
          x2: left + plotWidth,
          y1: y(value),
          y2: y(value),
        });
        line.append(
          svg(
            'title',
            {},
            `${level === 'qp' ? 'QP' : 'Partial QP'} ${method} threshold ${value}%${provisional ? ' (provisional)' : ''}`,
          ),
        );
        chart.append(line);
      }
    }
  }
  for (const method of ['payments', 'patients'] as const) {
    const points = snapshots.flatMap((s, i) => {
      const percent = method === 'payments' ? s.paymentsPercent : s.patientsPercent;
      return typeof percent === 'number' ? [[x(i), y(percent), percent, s.date] as const] : [];
    });
    if (points.length > 1)
      chart.append(svg('polyline', { class: method, points: points.map(([px, py]) => `${px},${py}`).join(' ') }));
    for (const [px, py, percent, date] of points) {
      const dot = svg('circle', { class: method, cx: px, cy: py, r: 3 });
      dot.append(svg('title', {}, `${date} ${method}: ${Math.round(percent * 100) / 100}%`));
      chart.append(dot);
    }
  }
  const wrapper = element('div');
  wrapper.append(chart);
  wrapper.append(
    element(
      'div',
      thresholds
        ? `— payments (blue), patients (green); dashed: QP ${thresholds.qpPayments}%/${thresholds.qpPatients}%, Partial QP ${thresholds.partialQpPayments}%/${thresholds.partialQpPatients}%${provisional ? ' (provisional)' : ''}`
        : '— payments (blue), patients (green); no thresholds for this year',
      'legend',
    ),
  );
  return wrapper;
}

function renderTable(): void {
  const table = document.getElementById('clinicians') as HTMLTableElement;
  const head = element('tr');
  for (const column of COLUMNS) {
    const th = element('th');
    th.scope = 'col';
    th.setAttribute('aria-sort', sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
    // A button, so the sort is reachable with Tab and Enter and a screen reader announces it.
    const button = element('button', column.title, 'sort');
    button.type = 'button';
    button.addEventListener('click', () => {
      sort = { key: column.key, descending: sort.key === column.key ? !sort.descending : false };
      renderTable();
      (document.querySelector(`th button[data-key="${column.key}"]`) as HTMLButtonElement | null)?.focus();
    });
    button.dataset.key = column.key;
    th.append(button);
    head.append(th);
  }
  table.tHead!.replaceChildren(head);
  const filter = (document.getElementById('filter') as HTMLInputElement).value.trim().toLowerCase();
  const column = COLUMNS.find((c) => c.key === sort.key)!;
  const rows = clinicians
    .filter((c) => !filter || COLUMNS.some((col) => col.value(c).toLowerCase().includes(filter)))
    .sort(
      (a, b) =>
        column.value(a).localeCompare(column.value(b), undefined, { numeric: true }) * (sort.descending ? -1 : 1),
    );
  const body = table.tBodies[0];
  body.replaceChildren(
    ...rows.map((c) => {
      const tr = element('tr');
      for (const col of COLUMNS) {
        const td = element(
          'td',
          col.value(c),
          [col.key === 'npi' || col.key === 'tin' ? 'mono' : '', col.nowrap ? 'nowrap' : ''].join(' ').trim() ||
            undefined,
        );
        if (col.code) td.title = col.code(c);
        tr.append(td);
      }
      return tr;
    }),
  );
  if (rows.length === 0) {
    const td = element(
      'td',
      clinicians.length ? 'No clinician matches the filter.' : 'No participation lists in the workspace.',
    );
    td.colSpan = COLUMNS.length;
    const tr = element('tr');
    tr.append(td);
    body.append(tr);
  }
}

window.addEventListener('message', (event: MessageEvent<ReportMessage>) => {
  if (event.data?.type === 'report') render(event.data);
});
document.getElementById('filter')!.addEventListener('input', renderTable);
document.getElementById('refresh')!.addEventListener('click', () => vscodeApi.postMessage({ type: 'refresh' }));
document.getElementById('export')!.addEventListener('click', () => vscodeApi.postMessage({ type: 'export' }));
vscodeApi.postMessage({ type: 'ready' });
