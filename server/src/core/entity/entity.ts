// One entity file through the stages: syntax → shape → identifiers → rules. A stage that cannot
// give the next one what it needs stops the chain, so one mistake does not cascade.
import { paymentYearOf } from '../data';
import type { EntityDetermination } from '../types';
import { parseEntityFile, type ParsedEntity } from './model';
import { determineApp, determineEuc, determineLowVolume, determineMips, determineQp, resolveContext, type EntityContext } from './rules';

export interface AnalyzedEntity extends ParsedEntity {
  context: EntityContext | null;
  determination: EntityDetermination | null;
  /** Rules that threw (a defect): reported as GEN003, the others still ran. */
  failedRules: string[];
}

export function analyzeEntity(text: string, maxFindings = Number.POSITIVE_INFINITY): AnalyzedEntity {
  const parsed = parseEntityFile(text, maxFindings);
  const result: AnalyzedEntity = { text: parsed.text, model: parsed.model, findings: parsed.findings, context: null, determination: null, failedRules: [] };
  if (parsed.model.syntaxErrors) return result;
  const sink = parsed.findings;
  const m = parsed.model;
  const ctx = resolveContext(m, sink);
  result.context = ctx;
  if (!ctx) return result;
  const guarded = <T>(rule: string, run: () => T, fallback: T): T => {
    try {
      return run();
    } catch {
      result.failedRules.push(rule);
      sink.add('GEN003', 0, 0, `The ${rule} rule failed on this file; its findings are missing. Please report this.`);
      return fallback;
    }
  };
  const lowVolume = guarded('low-volume threshold', () => determineLowVolume(m, ctx, sink), null);
  const qp = guarded('QP', () => determineQp(m, ctx, sink), null);
  const mips = determineMips(ctx.py, qp, lowVolume, m);
  const app = guarded('APP', () => determineApp(m, ctx, sink), { available: false, required: false, explanation: mips.explanation });
  const euc = guarded('EUC', () => determineEuc(m, ctx, sink), { status: 'not-applying' as const, explanation: mips.explanation });
  result.determination = {
    performanceYear: ctx.py,
    paymentYear: paymentYearOf(ctx.py),
    apmId: ctx.apm.id,
    entityId: m.entityId?.value ?? '',
    lowVolume,
    qp,
    mips,
    app,
    euc,
  };
  return result;
}
