// Editor features over the rules core, as plain data (offsets, Markdown); the language server converts them to LSP.
export { entityHover, type HoverResult } from './entityHover';
export { eligibilityHover } from './eligibilityHover';
export { listHover, cellAt, knownColumns, type ListHoverContext } from './listHover';
export { entityCompletions, listCompletions, type CompletionEntry } from './completion';
export {
  entitySymbols,
  listSymbols,
  entityInlayHints,
  entityCodeLenses,
  listClinicianLenses,
  MAX_CLINICIAN_LENSES,
  csvCellTokens,
  CSV_CELL_ROLES,
  type OutlineSymbol,
  type SymbolKind,
  type InlayHintData,
  type CodeLensData,
  type CellToken,
  type CsvCellRole,
} from './structure';
export { actionsFor, fixAllEdits, type QuickFixData, type ExplainActionData } from './actions';
export { draftOptInElection, explainClinicianMarkdown, fileStatusOf, type FileStatusData } from './documents';
export {
  listTargetAt,
  entityTargetAt,
  definitionsOf,
  referencesOf,
  renameEntityId,
  participationListLinks,
  participationListHover,
  type ListLink,
  type NavigationTarget,
  type Place,
  type RenameEdit,
} from './navigation';
