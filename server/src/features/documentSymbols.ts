// Outline: one symbol per post (`#12 sellboy`, detail `2025-01-31 09:32 · OP`), the quotes
// inside a post as its children (`↪ #6 sellboy`).
import * as l10n from '@vscode/l10n';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Quote } from '../model';
import type { DumpFile, QuoteResolution, WorkspaceIndex } from '../workspace';
import { floorLabel, postHeaderSpan, postLabel, toRange } from './util';

function quoteName(q: Quote, r: QuoteResolution | null | undefined, file: DumpFile): string {
  const h = q.header;
  if (!h) return `↪ (${l10n.t('quote')})`;
  if (r?.target) return `↪ ${postLabel(r.target, file)}`;
  const when = h.date ? h.date.text.slice(11) : h.dateText;
  const why = r?.status === 'ambiguous' ? l10n.t('ambiguous') : r?.status === 'outside' ? l10n.t('not in this folder') : l10n.t('not found');
  return `↪ ${h.author} ${when} (${why})`;
}

export function documentSymbols(index: WorkspaceIndex, uri: string): DocumentSymbol[] {
  const file = index.get(uri);
  if (!file) return [];
  const doc = file.doc;
  const res = index.resolution(uri);
  return doc.posts.map((post) => {
    const detail = [post.date?.text ?? l10n.t('(no date)'), post.op ? l10n.t('OP') : '', post.anonymous ? l10n.t('anonymous') : '', post.deletedUser ? l10n.t('deleted user') : '']
      .filter(Boolean)
      .join(' · ');
    const children: DocumentSymbol[] = [];
    const byId = new Map<number, DocumentSymbol>();
    for (const id of post.quotes) {
      const q = doc.quotes[id];
      const sym: DocumentSymbol = {
        name: quoteName(q, res?.of(doc.quotes[id]), file),
        detail: q.header ? `${q.header.author} 发表于 ${q.header.dateText}` : '',
        kind: SymbolKind.Interface,
        range: toRange(doc, q.span),
        selectionRange: toRange(doc, q.header?.span ?? { start: q.span.start, end: q.contentStart }),
        children: [],
      };
      byId.set(id, sym);
      const parent = q.parent >= 0 ? byId.get(q.parent) : undefined;
      (parent ? (parent.children as DocumentSymbol[]) : children).push(sym);
    }
    return {
      name: `${floorLabel(post)} ${post.author || l10n.t('(no name)')}`,
      detail,
      kind: SymbolKind.Class,
      range: toRange(doc, post.span),
      selectionRange: toRange(doc, postHeaderSpan(post)),
      children,
    };
  });
}
