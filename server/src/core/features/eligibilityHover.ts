// Hover text for saved CMS eligibility records: what CMS's field means (with its source), and for flags and scores
// the year's threshold and rule they were set against. TIN-shaped runs are masked; names are never shown.
import { findApm } from '../data';
import { ELIGIBILITY_FIELDS } from '../data/eligibilityFields';
import { catalogApmId, cmsQpStatus, lvtSentences, scoreSentence } from '../eligibility/explain';
import { parseEligibilityFile, type EligibilityApm, type EligibilityRecord } from '../eligibility/record';
import type { Located, Span } from '../entity/model';
import { maskTinShaped } from '../privacy';
import { QP_STATUS_LABEL } from '../statusText';
import { escapeMarkdown } from '../text';
import type { HoverResult } from './entityHover';

const within = (span: Span | null | undefined, offset: number) => !!span && offset >= span.start && offset <= span.end;
const on = (located: Located<unknown> | null | undefined, offset: number): located is Located<unknown> =>
  !!located && (within(located, offset) || within(located.key, offset));

function field(name: string): string {
  const f = ELIGIBILITY_FIELDS[name];
  if (!f) return `**${name}**`;
  return `**${name}** — ${f.meaning}\n\n_Source: ${escapeMarkdown(f.source)}${f.verified ? '' : ' (meaning not fully stated by CMS)'}._`;
}

export function eligibilityHover(text: string, offset: number): HoverResult | null {
  const parsed = parseEligibilityFile(text);
  for (const record of parsed.records) {
    if (!within(record, offset)) continue;
    const hover = recordHover(record, offset);
    return hover && { ...hover, markdown: maskTinShaped(hover.markdown) };
  }
  return null;
}

/** The hover over a located value: `lines` as paragraphs (empty ones dropped), over the value or its key. */
type At = (located: Located<unknown>, lines: string[]) => HoverResult;

function recordHover(record: EligibilityRecord, offset: number): HoverResult | null {
  const at: At = (located, lines) => {
    const span = within(located, offset) ? located : (located.key ?? located);
    return { markdown: lines.filter((l) => l !== '').join('\n\n'), start: span.start, end: span.end };
  };
  const clinician = clinicianFieldHover(record, offset, at);
  if (clinician) return clinician;
  for (const org of record.organizations) {
    if (on(org.tin, offset))
      return at(org.tin, [field('TIN'), org.tinLast4 ? `Last digits: ${org.tinLast4}.` : 'No digits to compare.']);
    if (on(org.orgName, offset)) return at(org.orgName, [field('prvdrOrgName')]);
    for (const apm of org.apms) {
      if (!within(apm, offset)) continue;
      const hover = apmFieldHover(apm, record.year, offset, at);
      if (hover) return hover;
    }
  }
  return null;
}

/** The record's own fields: the clinician's NPI, CMS's QP status and the kind of score it rests on. */
function clinicianFieldHover(record: EligibilityRecord, offset: number, at: At): HoverResult | null {
  const yearLine = record.year === null ? '' : `Record for performance year ${record.year}.`;
  if (on(record.npi, offset))
    return at(record.npi, [
      field('npi'),
      record.initials ? `Clinician ${record.initials} (initials only).` : '',
      yearLine,
    ]);
  if (on(record.qpStatus, offset)) {
    const status = cmsQpStatus(record);
    return at(record.qpStatus, [
      field('qpStatus'),
      status ? `Here: **${QP_STATUS_LABEL[status]}**.` : 'Here: a value QPP Lens cannot read as a status.',
      yearLine,
    ]);
  }
  if (on(record.qpScoreType, offset)) {
    const type = record.qpScoreType.value;
    const option = type[0] === 'M' ? 'Medicare Option' : type[0] === 'A' ? 'All-Payer Combination Option' : '?';
    const level = { E: 'APM Entity level', I: 'individual level', T: 'TIN level' }[type[1]] ?? '?';
    return at(record.qpScoreType, [field('qpScoreType'), `Here: ${option}, ${level}.`]);
  }
  if (on(record.nationalProviderIdentifierType, offset))
    return at(record.nationalProviderIdentifierType, [field('nationalProviderIdentifierType')]);
  return null;
}

/** A field of one APM of the record: its model code, Advanced APM flag, LVT figures, QP scores, and plain fields. */
function apmFieldHover(apm: EligibilityApm, py: number | null, offset: number, at: At): HoverResult | null {
  if (on(apm.apmId, offset)) {
    const entry = findApm(apm.apmId.value);
    return at(apm.apmId, [
      field('apmId'),
      entry
        ? `Here: ${escapeMarkdown(entry.name)} (${entry.id} in QPP Lens's APM catalog).`
        : "Not in QPP Lens's APM catalog.",
    ]);
  }
  if (on(apm.advancedApmFlag, offset)) {
    const id = catalogApmId(apm);
    return at(apm.advancedApmFlag, [
      field('advancedApmFlag'),
      apm.advancedApmFlag.value
        ? 'Here: an Advanced APM, so its clinicians can be QPs or Partial QPs (42 CFR 414.1415).'
        : 'Here: not an Advanced APM, so no clinician becomes a QP through it.',
      id
        ? `QPP Lens's catalog entry for ${id} says which tracks are Advanced; the entity file's \`apm.track\` decides there.`
        : '',
    ]);
  }
  for (const name of ['lvtFlag', 'lvtPayments', 'lvtPatients', 'lvtPerformanceYear'] as const) {
    const located = apm[name];
    if (on(located, offset)) return at(located, [field(name), ...lvtSentences(apm, py)]);
  }
  for (const score of apm.scores) {
    if (on(score.value, offset) || on(score.snapshot, offset))
      return at(score.value, [
        field(score.method === 'payments' ? 'qpPaymentScores' : 'qpPatientScores'),
        escapeMarkdown(scoreSentence(score, py)),
        'A score meets a threshold when it is at least the threshold ("meets or exceeds", 42 CFR 414.1430).',
      ]);
  }
  const plain: [Located<unknown> | null, string][] = [
    [apm.apmName, 'apmName'],
    [apm.subdivisionId, 'subdivisionId'],
    [apm.subdivisionName, 'subdivisionName'],
    [apm.entityName, 'entityName'],
    [apm.entityId, 'apmEntityId'],
    [apm.providerRelationshipCode, 'providerRelationshipCode'],
    [apm.mipsApmFlag, 'mipsApmFlag'],
  ];
  for (const [located, name] of plain) if (on(located, offset)) return at(located, [field(name)]);
  return null;
}
