// LSP glue for hover, completion, code actions, symbols, inlay hints, code lenses and semantic tokens: it finds the
// document, asks the pure features in core/features for plain data and converts offsets to positions.
import {
  CodeActionKind,
  CompletionItemKind,
  InlayHintKind,
  MarkupKind,
  SemanticTokensBuilder,
  SymbolKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type CompletionItem,
  type CompletionParams,
  type Diagnostic,
  type DocumentFormattingParams,
  type DocumentRangeFormattingParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type FoldingRange,
  type FoldingRangeParams,
  type Hover,
  type HoverParams,
  type InlayHint,
  type InlayHintParams,
  type SemanticTokens,
  type SemanticTokensLegend,
  type SemanticTokensParams,
  type SemanticTokensRangeParams,
  type SelectionRange,
  type SelectionRangeParams,
  type TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { modify as modifyJson, parse as parseJsonc } from 'jsonc-parser';
import { lineStarts, positionAt, type FileKind, type Finding } from '../core';
import { shownFindings } from '../suppression';
import {
  actionsFor,
  csvCellTokens,
  fixAllEdits,
  CSV_CELL_ROLES,
  eligibilityHover,
  entityCodeLenses,
  listClinicianLenses,
  entityCompletions,
  entityHover,
  entityInlayHints,
  entitySymbols,
  listCompletions,
  listHover,
  listSymbols,
  participationListHover,
  type CompletionEntry,
  type CsvCellRole,
  type HoverResult,
  type ListHoverContext,
  type OutlineSymbol,
} from '../core/features';
import { CONFIG_FILE_NAME, type QppSettings } from '../config';
import { rulePageUri } from './diagnostics';
import type { JsonEditing } from './jsonEditing';
import { keyOfUri, uriOfPath } from './uris';
import type { WorkspaceIndex } from './workspaceIndex';

/** Semantic token types for CSV cells, by column role (standard LSP types so every theme colours them). */
const TOKEN_TYPE_OF_ROLE: Record<CsvCellRole, string> = {
  header: 'property',
  apmId: 'namespace',
  entityId: 'class',
  npi: 'variable',
  tin: 'string',
  ccn: 'type',
  code: 'enumMember',
  date: 'number',
  unknown: 'comment',
};
const TOKEN_TYPES = [...new Set(CSV_CELL_ROLES.map((role) => TOKEN_TYPE_OF_ROLE[role]))];
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: TOKEN_TYPES, tokenModifiers: [] };
/**
 * Semantic tokens stop after this many cells (a few thousand rows; about 250 KB of answer): a huge list keeps its
 * TextMate colours beyond that, and clients that ask for the visible range get that range's cells.
 */
const MAX_SEMANTIC_TOKENS = 20_000;

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  number: SymbolKind.Number,
  string: SymbolKind.String,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
  field: SymbolKind.Field,
  namespace: SymbolKind.Namespace,
};
const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  field: CompletionItemKind.Field,
};

export const OPEN_RULE_PAGE_COMMAND = 'qpp.openRulePage';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.qpp`;
/** The VS Code client's commands; showReport and draftOptIn take the entity file's URI. */
export const SHOW_REPORT_COMMAND = 'qpp.showReport';
export const DRAFT_OPT_IN_COMMAND = 'qpp.draftOptIn';
/** Takes the NPI. */
export const EXPLAIN_CLINICIAN_COMMAND = 'qpp.explainClinician';

interface OpenFile {
  key: string;
  kind: FileKind;
  document: TextDocument;
}

export class LanguageFeatures {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settingsFor: (key: string) => QppSettings,
    private readonly uriOf: (key: string) => string,
    /** False during the startup scan, when every file read would make a hover rebuild the cross-file index. */
    private readonly workspaceIsLoaded: () => boolean,
    /** Schema completion, formatting, folding and selection ranges for entity files (off when the client has them). */
    private readonly jsonEditing: JsonEditing,
    /** Where the settings file of a file's workspace folder is (for the column-mapping fix), and whether it may be created. */
    private readonly configFiles: { fileFor: (key: string) => string | null; canCreate: boolean } = {
      fileFor: () => null,
      canCreate: false,
    },
  ) {}

  private openFile(uri: string): OpenFile | null {
    const key = keyOfUri(uri);
    const kind = this.index.kindOf(key);
    const document = this.index.document(key);
    // A buffer over the cap is answered nothing, also before the next validation has marked it as over.
    if (
      !kind ||
      !document ||
      this.index.oversizedBy(key) !== undefined ||
      document.getText().length > this.index.maxFileSizeBytes
    )
      return null;
    return { key, kind, document };
  }

  hover(params: HoverParams): Hover | null {
    const file = this.openFile(params.textDocument.uri);
    if (!file) return null;
    const offset = file.document.offsetAt(params.position);
    const text = file.document.getText();
    let result: HoverResult | null;
    if (file.kind === 'eligibility') {
      result = eligibilityHover(text, offset);
    } else if (file.kind === 'entity') {
      this.index.flush();
      result = entityHover(text, offset) ?? participationListHover(this.index.core, file.key, text, offset);
    } else {
      // The hovered text is the buffer's; the cross-file facts are those of the last complete check, as the diagnostics
      // shown are: parsing every buffer edited since, or waiting for a check under way, would hold the answer up.
      result = listHover(this.listContext(file.key), text, offset);
    }
    if (!result) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: result.markdown },
      range: { start: file.document.positionAt(result.start), end: file.document.positionAt(result.end) },
    };
  }

  private listContext(key: string): ListHoverContext {
    const core = this.index.core;
    if (!this.workspaceIsLoaded()) {
      return {
        revealTins: this.settingsFor(key).revealTins,
        cliniciansWithNpi: () => [],
        performanceYearOf: () => null,
        workspaceChecked: false,
      };
    }
    return {
      revealTins: this.settingsFor(key).revealTins,
      columnNames: this.settingsFor(key).columns,
      workspaceChecked: core.hasCompleteCrossFileCheck(),
      cliniciansWithNpi: (npi) => core.clinicians('lastComplete').filter((c) => c.npi === npi),
      performanceYearOf: (entityId) => {
        for (const entityKey of core.entitiesWithId(entityId, 'lastComplete')) {
          const py = core.entity(entityKey)?.context?.py;
          if (py !== undefined) return py;
        }
        return null;
      },
    };
  }

  /** QPP Lens's own items first; in entity files then the schema's, less those that insert what ours insert. */
  async completion(params: CompletionParams): Promise<CompletionItem[]> {
    const file = this.openFile(params.textDocument.uri);
    if (!file) return [];
    const offset = file.document.offsetAt(params.position);
    const text = file.document.getText();
    if (file.kind === 'eligibility') return [];
    const entries = file.kind === 'entity' ? entityCompletions(text, offset) : listCompletions(text, offset);
    const ours: CompletionItem[] = entries.map((entry, i) => ({
      label: entry.label,
      kind: COMPLETION_KIND[entry.kind],
      detail: entry.detail,
      documentation: entry.documentation,
      sortText: String(i).padStart(4, '0'),
      // Clients filter by the text the edit replaces, quotes included.
      filterText: entry.newText,
      textEdit: {
        range: { start: file.document.positionAt(entry.replaceStart), end: file.document.positionAt(entry.replaceEnd) },
        newText: entry.newText,
      },
    }));
    if (file.kind !== 'entity') return ours;
    const offered = new Set(entries.flatMap((entry) => [entry.label, entry.newText]));
    const fromSchema = await this.jsonEditing.completion(file.document, params.position);
    return [
      ...ours,
      ...fromSchema
        .filter((item) => !offered.has(item.label) && !offered.has(item.textEdit?.newText ?? ''))
        .map((item) => ({ ...item, sortText: `~${item.sortText ?? item.label}` })),
    ];
  }

  formatting(params: DocumentFormattingParams | DocumentRangeFormattingParams): TextEdit[] {
    const file = this.openFile(params.textDocument.uri);
    if (file?.kind !== 'entity') return [];
    return this.jsonEditing.format(file.document, 'range' in params ? params.range : undefined, params.options);
  }

  foldingRanges(params: FoldingRangeParams): FoldingRange[] {
    const file = this.openFile(params.textDocument.uri);
    return file?.kind === 'entity' ? this.jsonEditing.foldingRanges(file.document) : [];
  }

  selectionRanges(params: SelectionRangeParams): SelectionRange[] {
    const file = this.openFile(params.textDocument.uri);
    return file?.kind === 'entity' ? this.jsonEditing.selectionRanges(file.document, params.positions) : [];
  }

  /**
   * The findings the user sees for a file: the core's, after the severity overrides and ignore rules of its settings;
   * cross-file ones from the last complete check, as published (a check under way is not waited for).
   */
  private visibleFindings(key: string): Finding[] {
    this.index.flushFile(key);
    if (!this.index.core.has(key)) return [];
    return shownFindings(
      this.index.core,
      key,
      this.index.core.analyze(key, 'lastComplete').findings,
      this.settingsFor(key),
    );
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const file = this.openFile(params.textDocument.uri);
    if (!file) return [];
    const only = params.context.only;
    if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind))) return this.fixAll(file);
    if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
    const { document } = file;
    const start = document.offsetAt(params.range.start);
    const end = document.offsetAt(params.range.end);
    const { fixes, explanations, draftOptIn } = actionsFor(this.visibleFindings(file.key), start, end);
    const matching = (finding: Finding): Diagnostic[] => {
      const s = document.positionAt(finding.start);
      const e = document.positionAt(finding.end);
      return params.context.diagnostics.filter(
        (d) =>
          d.code === finding.code &&
          d.range.start.line === s.line &&
          d.range.start.character === s.character &&
          d.range.end.line === e.line &&
          d.range.end.character === e.character,
      );
    };
    const uri = this.uriOf(file.key);
    const actions: CodeAction[] = fixes.map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: matching(fix.finding),
      isPreferred: fix.preferred,
      edit: {
        changes: {
          [uri]: fix.edits.map((edit) => ({
            range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
            newText: edit.text,
          })),
        },
      },
    }));
    if (draftOptIn) {
      actions.push({
        title: 'Draft Opt-In Election',
        kind: CodeActionKind.QuickFix,
        command: { title: 'Draft Opt-In Election', command: DRAFT_OPT_IN_COMMAND, arguments: [uri] },
      });
    }
    for (const finding of this.visibleFindings(file.key)) {
      if (finding.code !== 'CSV003' || finding.start > end || start > finding.end) continue;
      const action = this.columnMappingAction(file.key, finding, matching(finding));
      if (action) actions.push(action);
    }
    for (const explanation of explanations) {
      actions.push({
        title: explanation.title,
        kind: CodeActionKind.QuickFix,
        command: {
          title: explanation.title,
          command: OPEN_RULE_PAGE_COMMAND,
          arguments: [rulePageUri(explanation.code)],
        },
      });
    }
    return actions;
  }

  /** One action with every safe fix of the file (source.fixAll.qpp, e.g. on save with editor.codeActionsOnSave). */
  private fixAll(file: OpenFile): CodeAction[] {
    const edits = fixAllEdits(this.visibleFindings(file.key));
    if (edits.length === 0) return [];
    const { document } = file;
    return [
      {
        title: 'Fix all auto-fixable QPP Lens problems',
        kind: FIX_ALL_KIND,
        edit: {
          changes: {
            [this.uriOf(file.key)]: edits.map((edit) => ({
              range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
              newText: edit.text,
            })),
          },
        },
      },
    ];
  }

  /**
   * For a CSV003 whose header has a name that looks like the missing column: an edit of the folder's
   * `.qpp-lens.json` that maps that name to the column (creating the file when the client can). Nothing is written
   * unless the user applies the action.
   */
  private columnMappingAction(key: string, finding: Finding, diagnostics: Diagnostic[]): CodeAction | null {
    const mapping = finding.data?.columnMapping as { column: string; header: string } | undefined;
    const configPath = mapping ? this.configFiles.fileFor(key) : null;
    if (!mapping || !configPath) return null;
    const configUri = uriOfPath(configPath);
    const title = `Read "${mapping.header}" as ${mapping.column}: add it to ${CONFIG_FILE_NAME}`;
    let text: string | null = null;
    try {
      text = readFileSync(configPath, 'utf8');
    } catch {
      // no settings file yet
    }
    if (text === null) {
      if (!this.configFiles.canCreate) return null;
      const content = `${JSON.stringify({ columns: { [mapping.column]: [mapping.header] } }, null, 2)}\n`;
      const start = { line: 0, character: 0 };
      return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        edit: {
          documentChanges: [
            { kind: 'create', uri: configUri, options: { ignoreIfExists: true } },
            {
              textDocument: { uri: configUri, version: null },
              edits: [{ range: { start, end: start }, newText: content }],
            },
          ],
        },
      };
    }
    const current = (parseJsonc(text) as { columns?: Record<string, unknown> } | undefined)?.columns?.[mapping.column];
    const names = Array.isArray(current) ? current.filter((n): n is string => typeof n === 'string') : [];
    if (names.includes(mapping.header)) return null;
    const edits = modifyJson(text, ['columns', mapping.column], [...names, mapping.header], {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
    });
    const starts = lineStarts(text);
    return {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: {
        changes: {
          [configUri]: edits.map((e) => ({
            range: { start: positionAt(starts, e.offset), end: positionAt(starts, e.offset + e.length) },
            newText: e.content,
          })),
        },
      },
    };
  }

  documentSymbols(params: DocumentSymbolParams): DocumentSymbol[] {
    const file = this.openFile(params.textDocument.uri);
    if (!file) return [];
    const text = file.document.getText();
    if (file.kind === 'eligibility') return [];
    const settings = this.settingsFor(file.key);
    const symbols =
      file.kind === 'entity'
        ? entitySymbols(text)
        : listSymbols(text, { revealTins: settings.revealTins, columnNames: settings.columns });
    const convert = (symbol: OutlineSymbol): DocumentSymbol => ({
      name: symbol.name,
      detail: symbol.detail,
      kind: SYMBOL_KIND[symbol.kind],
      range: { start: file.document.positionAt(symbol.start), end: file.document.positionAt(symbol.end) },
      selectionRange: {
        start: file.document.positionAt(symbol.selectionStart),
        end: file.document.positionAt(symbol.selectionEnd),
      },
      children: symbol.children.map(convert),
    });
    return symbols.map(convert);
  }

  inlayHints(params: InlayHintParams): InlayHint[] {
    const file = this.openFile(params.textDocument.uri);
    if (file?.kind !== 'entity') return [];
    const { document } = file;
    return entityInlayHints(
      document.getText(),
      document.offsetAt(params.range.start),
      document.offsetAt(params.range.end),
    ).map((hint) => ({
      position: document.positionAt(hint.offset),
      label: hint.label,
      tooltip: hint.tooltip,
      kind: InlayHintKind.Parameter,
      paddingLeft: false,
    }));
  }

  /**
   * Entity files: the determination, a click opens the report at this entity. Lists: "Explain clinician" above the
   * rows, a click explains the row's NPI across the workspace.
   */
  codeLenses(params: CodeLensParams): CodeLens[] {
    const file = this.openFile(params.textDocument.uri);
    if (!file) return [];
    const { document } = file;
    const at = (offset: number) => {
      const position = document.positionAt(offset);
      return { start: position, end: position };
    };
    if (file.kind === 'participation') {
      return listClinicianLenses(document.getText(), this.settingsFor(file.key).columns).map((lens) => ({
        range: at(lens.offset),
        command: { title: 'Explain clinician', command: EXPLAIN_CLINICIAN_COMMAND, arguments: [lens.npi] },
      }));
    }
    this.index.flushFile(file.key);
    const determination = this.index.core.entity(file.key)?.determination ?? null;
    const uri = this.uriOf(file.key);
    return entityCodeLenses(document.getText(), determination).map((lens) => ({
      range: at(lens.offset),
      command: { title: lens.title, command: SHOW_REPORT_COMMAND, arguments: [uri] },
    }));
  }

  semanticTokens(params: SemanticTokensParams | SemanticTokensRangeParams): SemanticTokens {
    const file = this.openFile(params.textDocument.uri);
    if (file?.kind !== 'participation') return { data: [] };
    const { document } = file;
    const builder = new SemanticTokensBuilder();
    const range = 'range' in params ? params.range : null;
    const from = range ? document.offsetAt(range.start) : 0;
    const to = range ? document.offsetAt(range.end) : document.getText().length;
    for (const token of csvCellTokens(document.getText(), MAX_SEMANTIC_TOKENS, from, to)) {
      const start = document.positionAt(token.start);
      const end = document.positionAt(token.start + token.length);
      if (end.line !== start.line) continue; // a quoted cell with a newline: tokens are single-line
      builder.push(start.line, start.character, token.length, TOKEN_TYPES.indexOf(TOKEN_TYPE_OF_ROLE[token.role]), 0);
    }
    return builder.build();
  }
}
