// The cross-file rules, one file each, in one table. A rule reads the cross-file index and reports each finding to
// the file it belongs to through `sinkOf(key)`. The table's order is the order they run; which findings a file keeps
// does not depend on it (the sinks keep the earliest by position). A new cross-file code goes in CODES (codes.ts),
// gets its page docs/rules/<CODE>.md and a rule here; test/unit/cross-file-rules.test.ts checks that every XF code
// has its rule.
import type { Code } from '../codes';
import type { FindingSink } from '../findings';
import type { CrossFileIndex } from './index';
import { namedListMissing } from './xf001NamedListMissing';
import { rowApmDisagreesWithEntityFile } from './xf002RowApmDisagrees';
import { overlappingParticipation } from './xf003OverlappingParticipation';
import { rowsWithoutEntityFile } from './xf004RowsWithoutEntityFile';
import { entityWithoutRows } from './xf005EntityWithoutRows';
import { unlistedIndividualScores } from './xf006UnlistedIndividualScores';
import { cmsEntityMemberNotListed } from './xf007CmsEntityMemberNotListed';
import { listedButCmsDisagrees } from './xf008ListedButCmsDisagrees';
import { tinNotInCmsRecord } from './xf009TinNotInCmsRecord';
import { cmsScoresDiffer } from './xf010CmsScoresDiffer';
import { cmsQpStatusDiffers } from './xf011CmsQpStatusDiffers';
import { cmsLvtFlagDiffers } from './xf012CmsLvtFlagDiffers';

/** The findings of the file with this key (entity file or list). */
export type SinkOf = (key: string) => FindingSink;

/**
 * A cross-file rule: a function of the index that adds findings to the files' sinks. It may be a generator
 * (`function*`) that `yield`s between files: the language server then answers requests in between. A rule that does
 * little per workspace can be a plain function.
 */
export type CrossFileCheck = (index: CrossFileIndex, sinkOf: SinkOf) => void | Generator<void, void>;

export interface CrossFileRule {
  /** The codes the rule reports (docs/rules/<CODE>.md). */
  readonly codes: readonly Code[];
  readonly check: CrossFileCheck;
}

export const CROSS_FILE_RULES: readonly CrossFileRule[] = [
  { codes: ['XF001'], check: namedListMissing },
  { codes: ['XF002'], check: rowApmDisagreesWithEntityFile },
  { codes: ['XF003'], check: overlappingParticipation },
  { codes: ['XF004'], check: rowsWithoutEntityFile },
  { codes: ['XF005'], check: entityWithoutRows },
  { codes: ['XF006'], check: unlistedIndividualScores },
  // Saved CMS eligibility records (*.eligibility.json) against the entity files and lists.
  { codes: ['XF007'], check: cmsEntityMemberNotListed },
  { codes: ['XF008'], check: listedButCmsDisagrees },
  { codes: ['XF009'], check: tinNotInCmsRecord },
  { codes: ['XF010'], check: cmsScoresDiffer },
  { codes: ['XF011'], check: cmsQpStatusDiffers },
  { codes: ['XF012'], check: cmsLvtFlagDiffers },
];
