// JSON editing of entity files: key and value completion from the shipped schema, formatting, folding and selection
// ranges, through vscode-json-languageservice, in every editor (VS Code too: its own JSON service is not given entity
// files, since it would report schema findings beside QPP Lens's and flag comments). A client that edits entity
// files with a JSON service of its own says so with the `jsonServiceInClient` initialization option; then this class
// answers nothing, so nothing is offered twice. Schema validation and hovers are not taken from it: QPP Lens's own
// diagnostics and hovers say more.
import {
  getLanguageService,
  InsertTextFormat,
  type CompletionItem,
  type JSONDocument,
  type LanguageService,
} from 'vscode-json-languageservice';
import type {
  FoldingRange,
  FormattingOptions,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import entitySchema from '../../../schemas/qpp-entity.schema.json';

const SCHEMA_URI = 'qpp-lens:/schemas/qpp-entity.schema.json';

export class JsonEditing {
  private readonly service: LanguageService | null;
  /** The last parse, reused while the document's version stays (completion asks on every keystroke). */
  private parsed: { uri: string; version: number; json: JSONDocument } | null = null;

  constructor(
    /** False when the client has its own JSON service for entity files. */
    readonly enabled: boolean,
    private readonly snippetSupport: boolean,
  ) {
    this.service = enabled ? getLanguageService({}) : null;
    this.service?.configure({
      validate: false,
      allowComments: true,
      schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: entitySchema }],
    });
  }

  private jsonOf(document: TextDocument): JSONDocument {
    const { uri, version } = document;
    if (this.parsed?.uri !== uri || this.parsed.version !== version) {
      this.parsed = { uri, version, json: this.service!.parseJSONDocument(document) };
    }
    return this.parsed.json;
  }

  /**
   * The service's completion items, as plain text unless the client takes snippets. With a schema that applies to
   * every entity file the service proposes only the schema's keys and values (its examples and enums), never values
   * quoted from the file, so no TIN can reach an item.
   */
  async completion(document: TextDocument, position: Position): Promise<CompletionItem[]> {
    if (!this.service) return [];
    const list = await this.service.doComplete(document, position, this.jsonOf(document));
    const items = list?.items ?? [];
    if (this.snippetSupport) return items;
    for (const item of items) {
      if (item.insertTextFormat !== InsertTextFormat.Snippet) continue;
      if (item.textEdit) item.textEdit = { ...item.textEdit, newText: plainTextOfSnippet(item.textEdit.newText) };
      else item.insertText = plainTextOfSnippet(item.insertText ?? item.label);
      item.insertTextFormat = InsertTextFormat.PlainText;
    }
    return items;
  }

  format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[] {
    return this.service?.format(document, range, options) ?? [];
  }

  foldingRanges(document: TextDocument): FoldingRange[] {
    return this.service?.getFoldingRanges(document) ?? [];
  }

  selectionRanges(document: TextDocument, positions: Position[]): SelectionRange[] {
    return this.service?.getSelectionRanges(document, positions, this.jsonOf(document)) ?? [];
  }
}

/** `"${1:value}"$0` → `"value"`: placeholders keep their default text, tab stops go, `\$` is a dollar. */
function plainTextOfSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
