// The cross-file check: the index built, then every rule of CROSS_FILE_RULES over it, as one generator of steps.
import { FindingSink } from '../findings';
import type { AnalyzedEntity } from '../entity/entity';
import type { ParsedList } from '../csv/list';
import type { ParsedEligibilityFile } from '../eligibility/record';
import { buildCrossFileIndex, type CrossFileIndex } from './index';
import { CROSS_FILE_RULES } from './rules';

export interface CrossFileResult {
  index: CrossFileIndex;
  /** Cross-file findings by file key; a file without any has no sink. */
  findings: ReadonlyMap<string, FindingSink>;
}

export function* checkCrossFile(
  entities: ReadonlyMap<string, AnalyzedEntity>,
  lists: ReadonlyMap<string, ParsedList>,
  maxFindingsPerFile: number,
  records: ReadonlyMap<string, ParsedEligibilityFile> = new Map(),
): Generator<void, CrossFileResult> {
  const index = yield* buildCrossFileIndex(entities, lists, records);
  const findings = new Map<string, FindingSink>();
  const sinkOf = (key: string): FindingSink => {
    let sink = findings.get(key);
    if (!sink) {
      sink = new FindingSink(maxFindingsPerFile, 'earliest');
      findings.set(key, sink);
    }
    return sink;
  };
  for (const rule of CROSS_FILE_RULES) {
    const steps = rule.check(index, sinkOf);
    if (steps) yield* steps;
  }
  return { index, findings };
}
