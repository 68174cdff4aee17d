// XF001: an entity file's `participationLists` names a list the workspace does not have.
import { basenameOf } from '../paths';
import { quoteUserText } from '../privacy';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function namedListMissing(index: CrossFileIndex, sinkOf: SinkOf): void {
  for (const [key, named] of index.namedLists) {
    for (const { ref, key: listKey } of named) {
      if (index.list(listKey)) continue;
      sinkOf(key).add(
        'XF001',
        ref.start,
        ref.end,
        `Participation list "${quoteUserText(ref.value)}" does not exist (looked for ${quoteUserText(basenameOf(listKey))} next to this file)`,
      );
    }
  }
}
