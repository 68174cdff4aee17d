// Hover text for entity files: what a figure means, the threshold and rule of its performance year, the payment
// year and the regulation. Pure: text in, Markdown (with every file value escaped) and a span out.
import {
  apmStatusFor,
  appMeasureSet,
  findApm,
  isSupportedYear,
  lvtLimitsFor,
  MEASURE_TITLES,
  paymentYearOf,
  qpThresholdsFor,
  snapshotDates,
  EUC_PI_REWEIGHTING_PERCENT,
  APP_PROGRAM_START,
  INDIVIDUAL_QP_FROM,
  SSP_APP_PLUS_REQUIRED_FROM,
  type LvtLimitsRow,
  type QpThresholdRow,
  type QpThresholdValues,
} from '../data';
import { analyzeEntity } from '../entity/entity';
import {
  parseEntityFile,
  type EntityModel,
  type Located,
  type RatioModel,
  type SnapshotModel,
  type Span,
} from '../entity/model';
import { INDIVIDUAL_QP_RULE, lvtLimitOf, lvtMargin, npiLabel, shortfallOf } from '../entity/rules';
import { centsFromDecimalText, meetsPercent } from '../money';
import { escapeMarkdown, formatDollars, formatPercent } from '../text';
import { longDate } from '../dates';
import { maskTinShaped } from '../privacy';
import type { LvtCriterion } from '../types';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

const within = (span: Span | null | undefined, offset: number): boolean =>
  !!span && offset >= span.start && offset <= span.end;
/** A located value is hovered on its value or on its key. */
const onLocated = (located: Located<unknown> | null | undefined, offset: number): boolean =>
  !!located && (within(located, offset) || within(located.key, offset));
const spanOf = (located: Located<unknown>, offset: number): Span =>
  within(located, offset) ? located : (located.key ?? located);

function yearLine(py: number): string {
  return `Performance year ${py}, MIPS payment year ${paymentYearOf(py)}.`;
}

/** The hover at `offset`; it quotes the file's own keys and values, so TIN-shaped runs are masked. */
export function entityHover(text: string, offset: number): HoverResult | null {
  const hover = hoverAt(text, offset);
  return hover && { ...hover, markdown: maskTinShaped(hover.markdown) };
}

/** What every part of the entity hover gets: the file, its model and year, and the hovered offset. */
interface HoverContext {
  text: string;
  model: EntityModel;
  py: number | null;
  offset: number;
}
type HoverPart = (ctx: HoverContext) => HoverResult | null;

/** The hover for a located value: `lines` as paragraphs, over the value or the key hovered. */
function over(located: Located<unknown>, offset: number, lines: string[]): HoverResult {
  return { markdown: lines.join('\n\n'), ...spanOf(located, offset) };
}

function hoverAt(text: string, offset: number): HoverResult | null {
  const { model } = parseEntityFile(text);
  if (model.syntaxErrors) return null;
  const py = model.performanceYear && isSupportedYear(model.performanceYear.value) ? model.performanceYear.value : null;
  const ctx: HoverContext = { text, model, py, offset };
  for (const part of ENTITY_HOVER_PARTS) {
    const hover = part(ctx);
    if (hover) return hover;
  }
  return null;
}

const performanceYearHover: HoverPart = ({ model, py, offset }) => {
  if (!onLocated(model.performanceYear, offset)) return null;
  const located = model.performanceYear!;
  if (py === null)
    return over(located, offset, [
      `**Performance year** ${escapeMarkdown(located.raw)}: outside the supported years 2017–2027.`,
    ]);
  const qp = qpThresholdsFor(py);
  return over(
    located,
    offset,
    [
      `**Performance year ${py}**`,
      `MIPS payment year ${paymentYearOf(py)} (payment year = performance year + 2). 42 CFR 414.1430 lists QP thresholds by payment year.`,
      qp
        ? `QP thresholds (Medicare Option): ${readingText(qp)}${qp.otherReadings.length ? ` (${escapeMarkdown(qp.reading)})` : ''}.`
        : '',
      ...(qp?.otherReadings ?? []).map(
        (r) =>
          `Sources disagree. Under ${escapeMarkdown(r.label)}: ${readingText(r)}. QP007 gives the determination under each reading.`,
      ),
      qp?.provisional ? `QP thresholds for PY${py} are **provisional**: ${escapeMarkdown(qp.source)}.` : '',
      py >= INDIVIDUAL_QP_FROM.performanceYear
        ? `From PY${INDIVIDUAL_QP_FROM.performanceYear} each clinician is a QP if they meet a threshold "individually, or as part of an APM Entity group" (${INDIVIDUAL_QP_RULE}): give clinicians' own scores under \`qp.clinicians\`.`
        : '',
    ].filter(Boolean),
  );
};

const apmAndEntityHover: HoverPart = ({ model, py, offset }) => {
  if (onLocated(model.apmId, offset))
    return over(model.apmId!, offset, apmHover(model.apmId!.value, py, model.track?.value ?? null));
  if (onLocated(model.track, offset))
    return over(model.track!, offset, apmHover(model.apmId?.value ?? '', py, model.track!.value));
  if (!onLocated(model.entityId, offset)) return null;
  const apm = model.apmId ? findApm(model.apmId.value) : undefined;
  const lines = [`**APM Entity id** \`${escapeMarkdown(model.entityId!.value)}\``];
  if (apm?.entityIdPattern)
    lines.push(`${escapeMarkdown(apm.name)} entity ids look like \`${escapeMarkdown(apm.entityIdExample ?? '')}\`.`);
  lines.push('Participation list rows with this `apm_entity_id` belong to this entity.');
  return over(model.entityId!, offset, lines);
};

const lowVolumeHover: HoverPart = ({ model, py, offset }) => {
  for (const [index, segment] of (model.lowVolume?.segments ?? []).entries()) {
    const figure = lvtFigureHover(py, index, segment.allowedCharges, segment.beneficiaries, segment.services, offset);
    if (figure) return figure;
    for (const date of [segment.start_, segment.end_]) {
      if (date && onLocated(date, offset)) return over(date, offset, segmentDateHover(py, index));
    }
  }
  if (!onLocated(model.lowVolume?.election, offset)) return null;
  return over(
    model.lowVolume!.election!,
    offset,
    [
      '**Low-volume threshold election** (42 CFR 414.1310(b))',
      '`none`: no election. `opt-in`: an excluded APM Entity that exceeds at least one but not all criteria joins MIPS; ' +
        'the election is binding and the MIPS payment adjustment applies (from PY2019). `voluntary`: report without a payment adjustment.',
      py ? yearLine(py) : '',
    ].filter(Boolean),
  );
};

/** The entity's snapshots and each clinician's own (qp.clinicians): dates, scores, and the clinician's NPI. */
const qpHover: HoverPart = ({ text, model, py, offset }) => {
  const snapshotGroups: { snapshots: SnapshotModel[]; npi: string | null }[] = [
    { snapshots: model.qp?.snapshots ?? [], npi: null },
  ];
  for (const clinician of model.qp?.clinicians ?? []) {
    if (onLocated(clinician.npi, offset))
      return over(clinician.npi!, offset, clinicianHover(text, py, clinician.npi!.value.trim()));
    snapshotGroups.push({ snapshots: clinician.snapshots, npi: clinician.npi?.value.trim() ?? null });
  }
  for (const { snapshots, npi } of snapshotGroups) {
    for (const snapshot of snapshots) {
      if (snapshot.date && onLocated(snapshot.date, offset))
        return over(snapshot.date, offset, snapshotHover(py, snapshot.date.value, hasFigures(snapshot)));
      const hover = scoreHover(py, snapshot, npi, offset);
      if (hover) return hover;
    }
  }
  return null;
};

function scoreHover(
  py: number | null,
  snapshot: SnapshotModel,
  npi: string | null,
  offset: number,
): HoverResult | null {
  const ratios: [RatioModel | null, 'payments' | 'patients', boolean][] = [
    [snapshot.payments, 'payments', false],
    [snapshot.patients, 'patients', false],
    [snapshot.allPayer?.payments ?? null, 'payments', true],
    [snapshot.allPayer?.patients ?? null, 'patients', true],
  ];
  for (const [ratio, method, allPayer] of ratios) {
    if (!ratio) continue;
    const onFigure =
      onLocated(ratio.numerator, offset) || onLocated(ratio.denominator, offset) || within(ratio.key, offset);
    if (!onFigure) continue;
    const span = [ratio.numerator, ratio.denominator].find((f) => onLocated(f, offset));
    const at = span ? spanOf(span, offset) : ratio.key;
    const lines = ratioHover(py, ratio, method, allPayer, snapshot.date?.value ?? null);
    if (npi !== null) lines.splice(1, 0, individualLine(py, npi));
    return { markdown: lines.join('\n\n'), start: at.start, end: at.end };
  }
  return null;
}

const appHover: HoverPart = ({ model, py, offset }) => {
  for (const measure of model.app?.qualityMeasures ?? []) {
    if (onLocated(measure, offset))
      return over(measure, offset, measureHover(py, model.app?.program?.value ?? 'app1', measure.value));
  }
  if (!onLocated(model.app?.program, offset)) return null;
  const program = model.app!.program!.value;
  const start = APP_PROGRAM_START.find((row) => row.program === program);
  return over(
    model.app!.program!,
    offset,
    [
      `**APM Performance Pathway program** \`${escapeMarkdown(program)}\``,
      start
        ? `Available from PY${start.firstPerformanceYear}.`
        : 'Known programs: `app1` (from PY2021), `appPlus` (from PY2025).',
      findApm(model.apmId?.value ?? '')?.id === 'SSP' && py !== null && py >= SSP_APP_PLUS_REQUIRED_FROM.performanceYear
        ? `Shared Savings Program ACOs must report the APP Plus quality measure set from PY${SSP_APP_PLUS_REQUIRED_FROM.performanceYear} (CY2025 PFS final rule; APP006)${SSP_APP_PLUS_REQUIRED_FROM.provisional ? `. _Provisional:_ ${escapeMarkdown(SSP_APP_PLUS_REQUIRED_FROM.source)}` : ''}.`
        : '',
      py ? yearLine(py) : '',
    ].filter(Boolean),
  );
};

const eucHover: HoverPart = ({ model, py, offset }) => {
  const euc = model.euc;
  if (!euc || !(onLocated(euc.mipsEligibleClinicians, offset) || onLocated(euc.piReweightingEligible, offset)))
    return null;
  const located = onLocated(euc.mipsEligibleClinicians, offset)
    ? euc.mipsEligibleClinicians!
    : euc.piReweightingEligible!;
  const total = euc.mipsEligibleClinicians?.value;
  const qualified = euc.piReweightingEligible?.value;
  const lines = [
    '**Extreme and uncontrollable circumstances (APM Entity)**',
    `At least ${EUC_PI_REWEIGHTING_PERCENT.value}% of the entity's MIPS eligible clinicians must qualify for Promoting Interoperability reweighting.`,
  ];
  if (typeof total === 'number' && typeof qualified === 'number' && total > 0) {
    const meets = qualified * 100 >= EUC_PI_REWEIGHTING_PERCENT.value * total;
    lines.push(
      `${qualified} of ${total} = ${formatPercent(qualified, total)}: ${meets ? 'meets' : 'does not meet'} the ${EUC_PI_REWEIGHTING_PERCENT.value}% rule.`,
    );
  }
  if (py) lines.push(yearLine(py));
  return over(located, offset, lines);
};

/** The parts of an entity file a hover explains, tried in this order. */
const ENTITY_HOVER_PARTS: readonly HoverPart[] = [
  performanceYearHover,
  apmAndEntityHover,
  lowVolumeHover,
  qpHover,
  appHover,
  eucHover,
];

const readingText = (r: QpThresholdValues): string =>
  `QP ${r.medicare.qp.payments}% payments / ${r.medicare.qp.patients}% patients, Partial QP ${r.medicare.partialQp.payments}% / ${r.medicare.partialQp.patients}%`;

function apmHover(apmId: string, py: number | null, track: string | null): string[] {
  const apm = findApm(apmId);
  if (!apm) return [`**APM id** \`${escapeMarkdown(apmId)}\` is not in the APM catalog.`];
  const lines = [
    `**${escapeMarkdown(apm.name)}** (\`${apm.id}\`${apm.aliases.length ? `; also ${apm.aliases.map(escapeMarkdown).join(', ')}` : ''})`,
  ];
  lines.push(
    `In the catalog for PY${apm.firstYear}–PY${apm.lastYear}.${apm.tracks.length ? ` Tracks: ${apm.tracks.map(escapeMarkdown).join(', ')}.` : ''}`,
  );
  if (py !== null) {
    const status = apmStatusFor(apm, py, track);
    const advanced = status.advancedDependsOnTrack
      ? 'Advanced APM in some tracks only (give `apm.track`)'
      : status.advanced
        ? 'Advanced APM'
        : 'not an Advanced APM';
    lines.push(
      `PY${py}${track ? ` track ${escapeMarkdown(track)}` : ''}: ${status.active ? '' : 'not active this year; '}${advanced}; ${status.mipsApm ? 'MIPS APM' : 'not a MIPS APM'}; ` +
        `${apm.eucEligibleYears.includes(py) ? 'on the EUC-eligible list' : 'not on the EUC-eligible list'}.`,
    );
    if (!status.verified) lines.push(`_Flags unverified:_ ${escapeMarkdown(status.source)}.`);
    lines.push(yearLine(py));
  }
  return lines;
}

function lvtFigureHover(
  py: number | null,
  index: number,
  charges: Located<number> | null,
  beneficiaries: Located<number> | null,
  services: Located<number> | null,
  offset: number,
): HoverResult | null {
  const figures: [Located<number> | null, LvtCriterion][] = [
    [charges, 'charges'],
    [beneficiaries, 'beneficiaries'],
    [services, 'services'],
  ];
  const hit = figures.find(([located]) => onLocated(located, offset));
  if (!hit) return null;
  const located = hit[0]!;
  const criterion = hit[1];
  const limits = py !== null ? lvtLimitsFor(py) : undefined;
  const title = {
    charges: 'Allowed charges',
    beneficiaries: 'Part B beneficiaries',
    services: 'Covered professional services',
  }[criterion];
  const lines = [`**${title}**, segment ${index + 1} (low-volume threshold, 42 CFR 414.1310(b))`];
  if (!limits || py === null)
    lines.push('The limit depends on the performance year, which is missing or not supported.');
  else lines.push(...lvtComparisonLines(py, limits, criterion, located));
  return { markdown: lines.join('\n\n'), ...spanOf(located, offset) };
}

/** A low-volume figure against its PY limit, and how far it is from exceeding it (or above it). */
function lvtComparisonLines(
  py: number,
  limits: LvtLimitsRow,
  criterion: LvtCriterion,
  located: Located<number>,
): string[] {
  const lines: string[] = [];
  // Charges are compared in cents read from the text; counts must be whole to have a distance.
  const value =
    criterion === 'charges'
      ? centsFromDecimalText(located.raw)
      : Number.isInteger(located.value) && located.value >= 0
        ? located.value
        : null;
  if (criterion === 'services' && limits.services === null) {
    lines.push(`PY${py} has no covered-services criterion (it starts in PY2019).`);
  } else {
    const limit = lvtLimitOf(criterion, limits);
    const limitText = criterion === 'charges' ? formatDollars(limit) : String(limit);
    const shown = criterion === 'charges' && value !== null ? formatDollars(value) : escapeMarkdown(located.raw);
    const exceeded = criterion === 'charges' ? value !== null && value > limit : located.value > limit;
    lines.push(
      `${shown} ${exceeded ? '**exceeds**' : '**does not exceed**'} the PY${py} limit of ${limitText} ` +
        '(a unit is excluded when any criterion is at or below its limit; exactly the limit is not exceeded).',
    );
    if (value !== null) lines.push(`Distance: ${lvtMargin(criterion, value, limits).text}.`);
  }
  lines.push(yearLine(py));
  if (limits.provisional) lines.push(`_Provisional:_ ${escapeMarkdown(limits.source)}.`);
  return lines;
}

function segmentDateHover(py: number | null, index: number): string[] {
  const limits = py !== null ? lvtLimitsFor(py) : undefined;
  const lines = [`**Low-volume determination segment ${index + 1}**`];
  if (limits && py !== null) {
    const [first, second] = limits.periods;
    lines.push(
      `PY${py} determination periods: segment 1 ${first.start} to ${first.end}; segment 2 ${second.start} to ${second.end}.`,
    );
    lines.push(yearLine(py));
  }
  return lines;
}

const hasFigures = (snapshot: SnapshotModel): boolean =>
  !!(snapshot.payments || snapshot.patients || snapshot.allPayer);

/** Whose scores a clinician's snapshot holds, and whether the PY uses them. */
function individualLine(py: number | null, npi: string): string {
  return py !== null && py < INDIVIDUAL_QP_FROM.performanceYear
    ? `The clinician's own scores (${escapeMarkdown(npiLabel(npi))}): **not used in PY${py}**; individual-level Medicare Option determinations start in PY${INDIVIDUAL_QP_FROM.performanceYear} (${INDIVIDUAL_QP_RULE}).`
    : `The clinician's own scores (${escapeMarkdown(npiLabel(npi))}), individual level: ${INDIVIDUAL_QP_RULE}.`;
}

function clinicianHover(text: string, py: number | null, npi: string): string[] {
  const lines = [`**Clinician** ${escapeMarkdown(npiLabel(npi))}: individual-level QP scores`];
  if (py !== null && py < INDIVIDUAL_QP_FROM.performanceYear) {
    lines.push(
      `Not used in PY${py}: until PY${INDIVIDUAL_QP_FROM.performanceYear - 1} the Medicare Option QP determination is the APM Entity group's (42 CFR 414.1425(c)(3)(i)).`,
    );
    return lines;
  }
  const result = analyzeEntity(text).determination?.individualQp?.clinicians.find((c) => c.npi === npi);
  lines.push(
    result ? escapeMarkdown(result.summary) : 'No determination for this clinician (see the findings on this entry).',
  );
  lines.push(
    `From PY${INDIVIDUAL_QP_FROM.performanceYear} a clinician is a QP if they "individually, or as part of an APM Entity group" meet a threshold at a QP snapshot (${INDIVIDUAL_QP_RULE}); the better level counts. Across the workspace only snapshots on which the clinician is on the Participation List count.`,
  );
  if (py !== null) lines.push(yearLine(py));
  return lines;
}

function snapshotHover(py: number | null, date: string, figures = false): string[] {
  const lines = [`**QP snapshot date** ${escapeMarkdown(date)}`];
  if (py !== null) {
    const dates = snapshotDates(py);
    const match = dates.find((d) => d.date === date);
    if (match) {
      lines.push(
        match.countsForQp
          ? `${longDate(match.date)} is a QP determination snapshot of PY${py}.`
          : `${longDate(match.date)} counts only for MIPS APM and APP participation, not for QP status${figures ? ': **the scores given here are not used** (QP010)' : ''}.`,
      );
    } else {
      lines.push(
        `Not a snapshot of PY${py}; QP snapshots are ${dates
          .filter((d) => d.countsForQp)
          .map((d) => d.date)
          .join(', ')}.`,
      );
    }
    lines.push(yearLine(py));
  }
  return lines;
}

function ratioHover(
  py: number | null,
  ratio: RatioModel,
  method: 'payments' | 'patients',
  allPayer: boolean,
  date: string | null,
): string[] {
  const methodName = method === 'payments' ? 'Payment amount method' : 'Patient count method';
  const lines = [
    `**${methodName}**${allPayer ? ' (All-Payer Combination Option)' : ' (Medicare Option)'}${date ? `, snapshot ${escapeMarkdown(date)}` : ''}`,
  ];
  const numerator = ratio.numerator?.value;
  const denominator = ratio.denominator?.value;
  if (typeof numerator === 'number' && typeof denominator === 'number') {
    lines.push(
      denominator > 0
        ? `Threshold score ${escapeMarkdown(ratio.numerator!.raw)} / ${escapeMarkdown(ratio.denominator!.raw)} = **${formatPercent(numerator, denominator)}**.`
        : 'Zero denominator: no score.',
    );
  }
  const thresholds = py !== null ? qpThresholdsFor(py) : undefined;
  if (!thresholds || py === null) return lines;
  if (!allPayer) lines.push(...medicareThresholdLines(py, thresholds, method, usableScore(ratio, method)));
  else if (thresholds.allPayer) {
    const qp = thresholds.allPayer.qp[method];
    const pqp = thresholds.allPayer.partialQp[method];
    lines.push(
      `PY${py} all-payer thresholds: QP ${qp.total}% (with a Medicare score of at least ${qp.medicareMin}%), Partial QP ${pqp.total}% (Medicare at least ${pqp.medicareMin}%). 42 CFR 414.1440, 414.1430.`,
    );
  } else lines.push(`PY${py} has no All-Payer Combination Option (it starts in PY2019).`);
  lines.push(yearLine(py));
  if (thresholds.provisional) lines.push(`_Provisional:_ ${escapeMarkdown(thresholds.source)}.`);
  return lines;
}

/** The ratio in the units thresholds are compared in (cents, or whole patients), when it makes a score. */
function usableScore(ratio: RatioModel, method: 'payments' | 'patients'): { num: number; den: number } | null {
  const scaled = (located: Located<number> | null): number | null =>
    located === null
      ? null
      : method === 'payments'
        ? centsFromDecimalText(located.raw)
        : Number.isInteger(located.value)
          ? located.value
          : null;
  const num = scaled(ratio.numerator);
  const den = scaled(ratio.denominator);
  return num !== null && den !== null && den > 0 && num >= 0 && num <= den ? { num, den } : null;
}

/** The Medicare Option thresholds, what the score meets, its distance to the next status, and other readings. */
function medicareThresholdLines(
  py: number,
  thresholds: QpThresholdRow,
  method: 'payments' | 'patients',
  score: { num: number; den: number } | null,
): string[] {
  const meets = (qp: number, pqp: number): 'QP' | 'Partial QP' | 'neither' | null =>
    score === null
      ? null
      : meetsPercent(score.num, score.den, qp)
        ? 'QP'
        : meetsPercent(score.num, score.den, pqp)
          ? 'Partial QP'
          : 'neither';
  const qp = thresholds.medicare.qp[method];
  const pqp = thresholds.medicare.partialQp[method];
  const verdict = meets(qp, pqp);
  const lines = [
    `PY${py} Medicare thresholds: QP ${qp}%, Partial QP ${pqp}% (meets or exceeds, no rounding).${verdict === null ? '' : verdict === 'neither' ? ' This score meets neither.' : ` This score meets the ${verdict} threshold.`} 42 CFR 414.1430, 414.1435.`,
  ];
  if (score !== null) {
    // Score units are hundredths: cents already for payments, patients × 100.
    const hundredths = method === 'payments' ? score : { num: score.num * 100, den: score.den * 100 };
    const gaps = [shortfallOf(method, hundredths, 'partial-qp', pqp), shortfallOf(method, hundredths, 'qp', qp)].filter(
      (g) => g !== null,
    );
    if (gaps.length)
      lines.push(`Distance: ${gaps.map((g) => g.text).join('; ')} (exact; the denominator held as it is).`);
  }
  for (const reading of thresholds.otherReadings) {
    const rQp = reading.medicare.qp[method];
    const rPqp = reading.medicare.partialQp[method];
    const rVerdict = meets(rQp, rPqp);
    lines.push(
      `Sources disagree: these thresholds follow ${escapeMarkdown(thresholds.reading)}. Under ${escapeMarkdown(reading.label)}: QP ${rQp}%, Partial QP ${rPqp}%; this score${rVerdict === null ? ' —' : ` meets ${rVerdict}`}.`,
    );
  }
  return lines;
}

function measureHover(py: number | null, program: string, measure: string): string[] {
  const title = MEASURE_TITLES[measure];
  const lines = [`**Quality measure** \`${escapeMarkdown(measure)}\`${title ? `: ${escapeMarkdown(title)}` : ''}`];
  if (py !== null && (program === 'app1' || program === 'appPlus')) {
    const set = appMeasureSet(py, program);
    if (set)
      lines.push(
        `${set.measures.includes(measure) ? 'Allowed' : '**Not allowed**'} in \`${program}\` for PY${py} (allowed: ${set.measures.join(', ')}).`,
      );
    else lines.push(`\`${program}\` has no measure set for PY${py}.`);
    lines.push(yearLine(py));
  }
  return lines;
}
