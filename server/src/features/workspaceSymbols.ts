// Workspace symbols (Ctrl+T) over every dump in the workspace: by `#floor`, by author, or by a
// word of the post's text. Each result names its thread and page file.
import * as l10n from '@vscode/l10n';
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import type { DumpEntry, WorkspaceQuery } from '../workspace';
import { firstWords, floorLabel, postLocation } from './util';

export const MAX_WORKSPACE_SYMBOLS = 500;

export function workspaceSymbols(workspace: WorkspaceQuery, query: string, isCancelled: () => boolean = () => false): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const floorQuery = /^#(\d+)$/.exec(q);
  const out: SymbolInformation[] = [];
  // Three passes of falling precision, so the best matches come first.
  const dumps = workspace.dumps();
  const seen = new Set<string>();
  const push = (d: DumpEntry, i: number) => {
    const k = `${d.uri}#${i}`;
    if (seen.has(k) || out.length >= MAX_WORKSPACE_SYMBOLS) return;
    seen.add(k);
    const text = d.text(i);
    out.push({
      name: `${floorLabel({ floor: d.floor(i) })} ${d.author(i)}${text === undefined ? '' : ` · ${firstWords(text, 30)}`}`,
      kind: SymbolKind.Class,
      location: postLocation(d.target(i)),
      containerName: `${d.tid ? l10n.t('thread {0}', d.tid) : l10n.t('dump')}${d.page !== null ? ` p${d.page}` : ''} · ${d.name}`,
    });
  };
  const passes: ((d: DumpEntry, i: number) => boolean)[] = floorQuery
    ? [(d, i) => d.floor(i) === Number(floorQuery[1])]
    : q === ''
      ? [() => true]
      : [(d, i) => d.author(i).toLowerCase() === q, (d, i) => d.author(i).toLowerCase().includes(q), (d, i) => d.text(i)?.toLowerCase().includes(q) === true];
  for (const match of passes) {
    for (const d of dumps) {
      if (out.length >= MAX_WORKSPACE_SYMBOLS || isCancelled()) return out;
      for (let i = 0; i < d.postCount; i++) if (match(d, i)) push(d, i);
    }
  }
  return out;
}
