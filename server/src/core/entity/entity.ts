// One entity file through the stages: syntax → shape → identifiers → rules. A stage that cannot
// give the next one what it needs stops the chain, so one mistake does not cascade.
import { paymentYearOf } from '../data';
import type { FindingSink } from '../findings';
import type { EntityDetermination, IndividualQpDetermination, LowVolumeDetermination, QpDetermination } from '../types';
import { parseEntityFile, type EntityModel, type ParsedEntity } from './model';
import { determineApp, determineEuc, determineIndividualQp, determineLowVolume, determineMips, determineQp, resolveContext, type EntityContext } from './rules';

export interface AnalyzedEntity extends ParsedEntity {
  context: EntityContext | null;
  determination: EntityDetermination | null;
  /** Rules that threw (a defect): reported as GEN003, the others still ran. */
  failedRules: string[];
}

/** One rule of the chain: its name in GEN003 messages and its function. */
interface EntityRule<T> {
  readonly name: string;
  run(m: EntityModel, ctx: EntityContext, sink: FindingSink): T;
}

/**
 * The guarded rules, called through this table rather than directly only so that a test can make one of them throw
 * and prove the GEN003 containment (test/unit/rule-containment.test.ts swaps a `run` and restores it). Nothing
 * else changes it.
 */
export const ENTITY_RULES: {
  lowVolume: EntityRule<LowVolumeDetermination | null>;
  qp: EntityRule<QpDetermination | null>;
  individualQp: EntityRule<IndividualQpDetermination | null>;
  app: EntityRule<EntityDetermination['app']>;
  euc: EntityRule<EntityDetermination['euc']>;
} = {
  lowVolume: { name: 'low-volume threshold', run: determineLowVolume },
  qp: { name: 'QP', run: determineQp },
  individualQp: { name: 'individual-level QP', run: determineIndividualQp },
  app: { name: 'APP', run: determineApp },
  euc: { name: 'EUC', run: determineEuc },
};

export function analyzeEntity(text: string, maxFindings = Number.POSITIVE_INFINITY): AnalyzedEntity {
  const parsed = parseEntityFile(text, maxFindings);
  const result: AnalyzedEntity = { text: parsed.text, model: parsed.model, findings: parsed.findings, context: null, determination: null, failedRules: [] };
  if (parsed.model.syntaxErrors) return result;
  const m = parsed.model;
  const ctx = resolveContext(m, parsed.findings);
  result.context = ctx;
  if (!ctx) return result;
  const lowVolume = guarded(ENTITY_RULES.lowVolume, m, ctx, result, null);
  const qp = guarded(ENTITY_RULES.qp, m, ctx, result, null);
  const individualQp = guarded(ENTITY_RULES.individualQp, m, ctx, result, null);
  const mips = determineMips(ctx.py, qp, lowVolume, m);
  const app = guarded(ENTITY_RULES.app, m, ctx, result, { available: false, required: false, explanation: mips.explanation });
  const euc = guarded(ENTITY_RULES.euc, m, ctx, result, { status: 'not-applying' as const, explanation: mips.explanation });
  result.determination = {
    performanceYear: ctx.py,
    paymentYear: paymentYearOf(ctx.py),
    apmId: ctx.apm.id,
    entityId: m.entityId?.value ?? '',
    lowVolume,
    qp,
    individualQp,
    mips,
    app,
    euc,
  };
  return result;
}

/** Runs one rule; if it throws (a defect), reports GEN003 and uses the fallback, so the other rules still run. */
function guarded<T>(rule: EntityRule<T>, m: EntityModel, ctx: EntityContext, result: AnalyzedEntity, fallback: T): T {
  try {
    return rule.run(m, ctx, result.findings);
  } catch {
    result.failedRules.push(rule.name);
    result.findings.add('GEN003', 0, 0, `The ${rule.name} rule failed on this file; its findings are missing. Please report this.`);
    return fallback;
  }
}
