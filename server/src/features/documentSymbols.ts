// Outline: one symbol per post (`#12 sellboy`, detail `2025-01-31 09:32 · OP`), the quotes
// inside a post as its children (`↪ #6 sellboy`).
import * as l10n from '@vscode/l10n';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Quote } from '../model';
import type { DumpFile, QuoteAnswer, RequestView } from '../workspace';
import { cleanLabel, floorLabel, postHeaderSpan, postLabel, quoteHeaderSpan, toRange } from './util';

function quoteName(q: Quote, r: QuoteAnswer | null | undefined, file: DumpFile): string {
  const h = q.header;
  if (!h) return `↪ (${l10n.t('quote')})`;
  if (r?.target) return `↪ ${postLabel(r.target, file)}`;
  const when = h.date ? h.date.text.slice(11) : h.dateText;
  // The thread is not read yet: nothing that reading it could change.
  if (r === undefined) return `↪ ${h.author} ${when}`;
  const why = r?.status === 'ambiguous' ? l10n.t('ambiguous') : r?.status === 'outside' ? l10n.t('not in this folder') : l10n.t('not found');
  return `↪ ${h.author} ${when} (${why})`;
}

/**
 * The last outline of each file, reused while neither the file nor its thread's resolution
 * changed (VS Code asks again for breadcrumbs, sticky scroll and the outline view).
 */
const memo = new WeakMap<DumpFile, { generation: number; res: unknown; epoch: number; symbols: DocumentSymbol[] }>();

/** Levels of nested quotes the outline shows as a tree; deeper ones are listed flat. */
export const MAX_QUOTE_DEPTH = 16;

/**
 * `threadReady`: whether the file's thread has been read (the server waits briefly for it); until
 * then quotes are named by their header only, never "not found" for a post not read yet.
 */
export function documentSymbols(view: RequestView, threadReady = true): DocumentSymbol[] {
  const { file } = view;
  const res = threadReady ? view.thread : undefined;
  const hit = memo.get(file);
  if (hit && hit.generation === file.generation && hit.res === res && hit.epoch === res?.epoch) return hit.symbols;
  const symbols = computeSymbols(view, res !== undefined);
  memo.set(file, { generation: file.generation, res, epoch: res?.epoch ?? 0, symbols });
  return symbols;
}

function computeSymbols(view: RequestView, resolved: boolean): DocumentSymbol[] {
  const { file } = view;
  const doc = file.doc;
  return doc.posts.map((post) => {
    const detail = [post.date?.text ?? l10n.t('(no date)'), post.op ? l10n.t('OP') : '', post.anonymous ? l10n.t('anonymous') : '', post.deletedUser ? l10n.t('deleted user') : '']
      .filter(Boolean)
      .join(' · ');
    const children: DocumentSymbol[] = [];
    // Where each quote's inner quotes go: under it, down to MAX_QUOTE_DEPTH levels; deeper ones
    // beside their parent (a 10k-deep tree does not even serialise: JSON.stringify overflows).
    // null: the post's own list.
    const holderOf = new Map<number, DocumentSymbol | null>();
    for (const id of post.quotes) {
      const q = doc.quotes[id];
      const sym: DocumentSymbol = {
        name: cleanLabel(quoteName(q, resolved ? view.resolve(q) : undefined, file)),
        detail: q.header ? cleanLabel(`${q.header.author} 发表于 ${q.header.dateText}`) : '',
        kind: SymbolKind.Interface,
        range: toRange(doc, q.span),
        selectionRange: toRange(doc, q.header ? quoteHeaderSpan(q) : { start: q.span.start, end: q.contentStart }),
      };
      const holder = q.parent >= 0 ? (holderOf.get(q.parent) ?? null) : null;
      if (holder) (holder.children ??= []).push(sym);
      else children.push(sym);
      holderOf.set(id, q.depth + 1 < MAX_QUOTE_DEPTH ? sym : holder);
    }
    const sym: DocumentSymbol = {
      name: cleanLabel(`${floorLabel(post)} ${post.author || l10n.t('(no name)')}`),
      detail,
      kind: SymbolKind.Class,
      range: toRange(doc, post.span),
      selectionRange: toRange(doc, postHeaderSpan(post)),
    };
    // No empty `children` arrays: a 10 MiB dump's outline is megabytes of JSON already.
    if (children.length > 0) sym.children = children;
    return sym;
  });
}
