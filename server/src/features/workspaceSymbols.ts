// Workspace symbols (Ctrl+T) over every dump in the workspace: by `#floor` and by author over
// both tiers (open and recently used threads in full, every other dump as its summary), by a
// word of the post's text where the text is held (threads in full), for a bounded time. Each
// result names its thread and page file; name and place are the same whichever tier answered.
import * as l10n from '@vscode/l10n';
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import type { DumpEntry, WorkspaceQuery } from '../workspace';
import { cleanLabel, floorLabel, postLocation } from './util';

export const MAX_WORKSPACE_SYMBOLS = 500;

/**
 * How much post text (UTF-16 units) the word-of-a-post pass reads per query, at the most (it runs
 * last, the better matches are in): a byte budget, not a time one, so the answer does not depend
 * on the machine's load. 4 M units are about 100–200 ms here.
 */
export const WORD_SEARCH_UNITS = 4 * 1024 * 1024;

/**
 * How much of each post's body (markup included) the word pass reads: its first 16 KiB (a 50 MB
 * post costs no more than any other; the text is read before the budget above can count it).
 */
export const TEXT_SCAN_PER_POST = 16 * 1024;

export function workspaceSymbols(workspace: WorkspaceQuery, query: string, isCancelled: () => boolean = () => false, wordBudget = WORD_SEARCH_UNITS): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const floorQuery = /^#(\d+)$/.exec(q);
  const out: SymbolInformation[] = [];
  const progress = workspace.indexing?.();
  if (progress) {
    // While the index is being built, the first entry says the answer is incomplete.
    out.push({
      name: l10n.t('Indexing: {0} of {1} files — results incomplete', progress.done, progress.total),
      kind: SymbolKind.File,
      location: { uri: progress.folder, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    });
  }
  // Three passes of falling precision, so the best matches come first.
  const dumps = workspace.dumps();
  const seen = new Set<string>();
  const push = (d: DumpEntry, i: number) => {
    const k = `${d.uri}#${i}`;
    if (seen.has(k) || out.length >= MAX_WORKSPACE_SYMBOLS) return;
    seen.add(k);
    const target = d.target(i);
    out.push({
      name: cleanLabel(`${floorLabel({ floor: d.floor(i) })} ${d.author(i)} · ${target.date ?? l10n.t('(no date)')}`),
      kind: SymbolKind.Class,
      location: postLocation(target),
      containerName: cleanLabel(`${d.tid ? l10n.t('thread {0}', d.tid) : l10n.t('dump')}${d.page !== null ? ` p${d.page}` : ''} · ${d.name}`),
    });
  };
  // Author matches are decided once per distinct name (a workspace has far fewer authors than
  // posts): by name for entries in full, by id for the compact tier's shared author table.
  type Match = (d: DumpEntry, i: number) => boolean;
  /** For an author test: the posts of a compact-tier entry it accepts, read from the id column. */
  const idPasses = new Map<Match, (d: DumpEntry) => number[]>();
  const authorTest = (test: (a: string) => boolean) => {
    const memo = new Map<string, boolean>();
    const f = (d: DumpEntry, i: number) => {
      const a = d.author(i);
      let v = memo.get(a);
      if (v === undefined) memo.set(a, (v = test(a.toLowerCase())));
      return v;
    };
    let byId: { names: readonly string[]; memo: Int8Array } | undefined;
    idPasses.set(f, (d) => {
      const t = d.authorIds!;
      if (byId?.names !== t.names) byId = { names: t.names, memo: new Int8Array(t.names.length).fill(-1) };
      const memo = byId.memo;
      const out: number[] = [];
      for (let i = 0; i < t.ids.length; i++) {
        const id = t.ids[i];
        let v = memo[id];
        if (v < 0) v = memo[id] = test(t.names[id].toLowerCase()) ? 1 : 0;
        if (v === 1) out.push(i);
      }
      return out;
    });
    return f;
  };
  let wordsLeft = wordBudget;
  const words = (d: DumpEntry, i: number): boolean => {
    if (wordsLeft <= 0) return false;
    const t = d.text(i, TEXT_SCAN_PER_POST);
    if (t === undefined) return false;
    wordsLeft -= t.cut ? TEXT_SCAN_PER_POST : t.text.length;
    return t.text.toLowerCase().includes(q);
  };
  const passes: Match[] = floorQuery
    ? [(d, i) => d.floor(i) === Number(floorQuery[1])]
    : q === ''
      ? [() => true]
      : [authorTest((a) => a === q), authorTest((a) => a.includes(q)), words];
  for (const match of passes) {
    for (const d of dumps) {
      if (out.length >= MAX_WORKSPACE_SYMBOLS || isCancelled()) return out;
      if (match === words && !d.hasText) continue;
      const viaIds = d.authorIds ? idPasses.get(match) : undefined;
      if (viaIds) for (const i of viaIds(d)) push(d, i);
      else for (let i = 0; i < d.postCount; i++) if (match(d, i)) push(d, i);
    }
  }
  return out;
}
