// LSP glue for go to definition, find references, document highlights, rename and workspace symbols over the
// core's navigation (core/features/navigation.ts): offsets to positions, workspace keys to the client's URIs. Names
// and tooltips quote the user's ids and paths, so they pass the TIN mask (a rename's edits are the user's own text).
import {
  DocumentHighlightKind,
  ResponseError,
  ErrorCodes,
  SymbolKind,
  type DefinitionParams,
  type DocumentLink,
  type DocumentLinkParams,
  type DocumentHighlight,
  type DocumentHighlightParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceSymbol,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { cellRange, maskTinShaped } from '../core';
import { npiString } from '../core/identifiers';
import {
  definitionsOf,
  entityTargetAt,
  listTargetAt,
  participationListLinks,
  referencesOf,
  renameEntityId,
  type NavigationTarget,
  type Place,
} from '../core/features';
import { keyOfUri } from './uris';
import type { WorkspaceIndex } from './workspaceIndex';

/** Workspace symbols answer at most this many: the picker shows a few dozen. */
const MAX_WORKSPACE_SYMBOLS = 500;

export class Navigation {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly uriOf: (key: string) => string,
  ) {}

  definition(params: DefinitionParams): Location[] | null {
    const found = this.targetAt(params.textDocument.uri, params.position);
    return found && this.locations(definitionsOf(this.index.core, found.target));
  }

  references(params: ReferenceParams): Location[] | null {
    const found = this.targetAt(params.textDocument.uri, params.position);
    return found && this.locations(referencesOf(this.index.core, found.target));
  }

  documentHighlight(params: DocumentHighlightParams): DocumentHighlight[] | null {
    const found = this.targetAt(params.textDocument.uri, params.position);
    if (!found) return null;
    return referencesOf(this.index.core, found.target)
      .filter((place) => place.file === found.key)
      .map((place) => ({ range: this.range(place), kind: DocumentHighlightKind.Text }));
  }

  prepareRename(params: PrepareRenameParams): { range: Range; placeholder: string } | null {
    const found = this.targetAt(params.textDocument.uri, params.position);
    if (found?.target.kind !== 'entity')
      throw new ResponseError(ErrorCodes.InvalidRequest, 'Only an APM Entity id can be renamed.');
    const here = referencesOf(this.index.core, found.target).find(
      (place) => place.file === found.key && place.start <= found.offset && found.offset <= place.end,
    );
    return here ? { range: this.range(here), placeholder: maskTinShaped(found.target.id) } : null;
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    const found = this.targetAt(params.textDocument.uri, params.position);
    if (found?.target.kind !== 'entity') return null;
    const edits = renameEntityId(this.index.core, found.target.id, params.newName);
    if (typeof edits === 'string') throw new ResponseError(ErrorCodes.InvalidParams, edits);
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of edits) {
      const uri = this.uriOf(edit.file);
      changes[uri] ??= [];
      changes[uri].push({ range: this.range(edit), newText: edit.text });
    }
    return { changes };
  }

  /** Each `participationLists` entry of an entity file links to the list it names, when that list exists. */
  documentLinks(params: DocumentLinkParams): DocumentLink[] {
    const key = keyOfUri(params.textDocument.uri);
    const document = this.index.document(key);
    if (this.index.kindOf(key) !== 'entity' || !document || this.index.oversizedBy(key) !== undefined) return [];
    // A missing list gets no link (XF001 says it is missing): following it would only offer to create the file.
    return participationListLinks(key, document.getText())
      .filter((link) => this.index.core.has(link.file))
      .map((link) => ({
        range: { start: document.positionAt(link.start), end: document.positionAt(link.end) },
        target: this.uriOf(link.file),
        tooltip: maskTinShaped(`Open ${link.path}`),
      }));
  }

  /** APM Entity ids (entity files and lists) and NPIs whose text contains the query. */
  workspaceSymbols(params: WorkspaceSymbolParams): WorkspaceSymbol[] {
    const query = params.query.trim().toLowerCase();
    const ws = this.index.core;
    const symbols: WorkspaceSymbol[] = [];
    const add = (name: string, kind: SymbolKind, place: Place, containerName: string) => {
      if (symbols.length < MAX_WORKSPACE_SYMBOLS && name.toLowerCase().includes(query)) {
        symbols.push({
          name: maskTinShaped(name),
          kind,
          containerName,
          location: { uri: this.uriOf(place.file), range: this.range(place) },
        });
      }
    };
    for (const key of ws.keys()) {
      const id = ws.entity(key)?.model.entityId;
      if (id) add(id.value, SymbolKind.Class, { file: key, start: id.start, end: id.end }, 'APM Entity');
    }
    // NPIs only for a query of digits: every row of every list would drown the entity ids.
    if (/^\d{3,10}$/.test(query)) {
      const seen = new Set<string>();
      for (const key of ws.keys()) {
        const list = ws.list(key);
        if (!list) continue;
        const rows = list.rows;
        for (let i = 0; i < rows.length && symbols.length < MAX_WORKSPACE_SYMBOLS; i++) {
          const npi = npiString(rows.npiAt(i));
          if (seen.has(npi) || !npi.includes(query)) continue;
          seen.add(npi);
          // The row being read is the NPI's first place: no search of every list for it.
          const [start, end] = cellRange(list, i, 'npi');
          add(npi, SymbolKind.Variable, { file: key, start, end }, 'NPI');
        }
      }
    }
    return symbols;
  }

  private targetAt(
    uri: string,
    position: { line: number; character: number },
  ): { key: string; offset: number; target: NavigationTarget } | null {
    const key = keyOfUri(uri);
    const kind = this.index.kindOf(key);
    const document = this.index.document(key);
    if (!kind || kind === 'eligibility' || !document || this.index.oversizedBy(key) !== undefined) return null;
    this.index.flush();
    const offset = document.offsetAt(position);
    const text = document.getText();
    const target = kind === 'entity' ? entityTargetAt(text, offset) : listTargetAt(text, offset);
    return target && { key, offset, target };
  }

  private locations(places: Place[]): Location[] {
    return places.map((place) => ({ uri: this.uriOf(place.file), range: this.range(place) }));
  }

  private range(place: Place): Range {
    return { start: this.index.positionAt(place.file, place.start), end: this.index.positionAt(place.file, place.end) };
  }
}
