// One way for the tests to build a workspace and read features' answers: the seed as an open
// document, URIs of paths, hover text, how a quote resolves, a post's replies.
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { WorkspaceIndex, type QuoteRef, type QuoteResolution } from '../../server/src/workspace';
import { read, SEED } from './paths';

export const uriOf = (p: string): string => pathToFileURL(p).href;

/** The seed dump as an open document of a fresh index. */
export function seed(version = 1) {
  const index = new WorkspaceIndex();
  const file = index.set(uriOf(SEED), read(SEED), version);
  return { index, file, uri: file.uri, post: (floor: number) => file.doc.posts.find((p) => p.floor === floor)! };
}

export const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

/** How quote `id` of the file at `uri` resolves. */
export function quoteResolution(index: WorkspaceIndex, uri: string, id: number): QuoteResolution | null {
  const view = index.view(uri);
  const q = view?.file.doc.quotes[id];
  return view && q ? view.thread.of(q) : null;
}

/** The quotes across the thread that resolve to post `postIndex` of the file at `uri`. */
export function repliesTo(index: WorkspaceIndex, uri: string, postIndex: number): QuoteRef[] {
  const view = index.view(uri);
  const p = view?.file.doc.posts[postIndex];
  return view && p ? view.thread.repliesOf(p) : [];
}

/** The 0-based line of the first line of `text` that includes `needle` (tests find places by text, not by number). */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  throw new Error(`no line includes ${JSON.stringify(needle)}`);
}
