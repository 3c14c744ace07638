// Workspace symbols (Ctrl+T) over every dump in the workspace: by `#floor`, by author, or by a
// word of the post's text. Each result names its thread and page file.
import * as l10n from '@vscode/l10n';
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace';
import { firstWords } from './callHierarchy';
import { postLocation } from './util';

export const MAX_WORKSPACE_SYMBOLS = 500;

export function workspaceSymbols(index: WorkspaceIndex, query: string, isCancelled: () => boolean = () => false): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const floorQuery = /^#(\d+)$/.exec(q);
  const out: SymbolInformation[] = [];
  // Three passes of falling precision, so the best matches come first.
  const files = index.all().sort((a, b) => (a.tid ?? '').localeCompare(b.tid ?? '') || (a.page ?? 0) - (b.page ?? 0) || a.uri.localeCompare(b.uri));
  const seen = new Set<string>();
  const push = (fileUri: string, postIndex: number) => {
    const k = `${fileUri}#${postIndex}`;
    if (seen.has(k) || out.length >= MAX_WORKSPACE_SYMBOLS) return;
    seen.add(k);
    const file = index.get(fileUri)!;
    const post = file.doc.posts[postIndex];
    const ref = { file, post };
    out.push({
      name: `${post.floor === null ? '#?' : '#' + post.floor} ${post.author} · ${firstWords(ref, 30)}`,
      kind: SymbolKind.Class,
      location: postLocation(ref),
      containerName: `${file.tid ? l10n.t('thread {0}', file.tid) : l10n.t('dump')}${file.page !== null ? ` p${file.page}` : ''} · ${file.name}`,
    });
  };
  const passes: ((uri: string, i: number) => boolean)[] = floorQuery
    ? [(u, i) => index.get(u)!.doc.posts[i].floor === Number(floorQuery[1])]
    : q === ''
      ? [() => true]
      : [
          (u, i) => index.get(u)!.doc.posts[i].author.toLowerCase() === q,
          (u, i) => index.get(u)!.doc.posts[i].author.toLowerCase().includes(q),
          (u, i) => {
            const f = index.get(u)!;
            return f.doc.postText(f.doc.posts[i]).toLowerCase().includes(q);
          },
        ];
  for (const match of passes) {
    for (const f of files) {
      if (out.length >= MAX_WORKSPACE_SYMBOLS || isCancelled()) return out;
      for (let i = 0; i < f.doc.posts.length; i++) if (match(f.uri, i)) push(f.uri, i);
    }
  }
  return out;
}
