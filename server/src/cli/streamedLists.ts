// Participation lists too large to hold, checked in streaming passes (docs/cli.md#large-lists).
import { NpiCensus, type QppWorkspace } from '../core';
import { NotReadable, forEachChunk, type NotRead } from './inputs';

/**
 * Checks lists too large to hold in two streaming passes with the same validator as the in-memory path:
 * the first counts each membership row's NPI across every list, the second checks each list and keeps only
 * the rows cross-file rules can use (rows whose NPI repeats, the first row of each entity id, rows of
 * entities with an entity file), so memory follows those rows and the findings, not the file size.
 */
export function checkStreamedLists(ws: QppWorkspace, streamed: readonly string[], notRead: NotRead): Set<string> {
  const unread = new Set<string>();
  /** Runs one pass over a file; a file that fails a pass is reported and left out of the rest. */
  const pass = (file: string, run: () => void) => {
    if (unread.has(file)) return;
    try {
      run();
    } catch (e) {
      if (!(e instanceof NotReadable)) throw e;
      notRead.push(e.message);
      unread.add(file);
    }
  };
  const census = new NpiCensus();
  for (const key of ws.keys()) {
    const rows = ws.list(key)?.rows;
    for (let i = 0; rows && i < rows.length; i++) census.add(rows.npiKeyAt(i));
  }
  for (const file of streamed) {
    pass(file, () => {
      const counter = ws.listValidator(
        (npiKey) => {
          census.add(npiKey);
          return false;
        },
        0,
        file,
      );
      forEachChunk(file, (text) => counter.push(text));
      counter.push('', true);
    });
  }
  const entityIds = new Set(ws.keys().map((key) => ws.entity(key)?.model.entityId?.value));
  for (const file of streamed) {
    pass(file, () => {
      const validator = ws.listValidator(
        (npiKey, entityId, firstOfEntity) => firstOfEntity || census.isRepeated(npiKey) || entityIds.has(entityId),
        undefined,
        file,
      );
      forEachChunk(file, (text) => validator.push(text));
      validator.push('', true);
      ws.setCheckedList(file, validator.result());
    });
  }
  return unread;
}
