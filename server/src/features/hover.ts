// Hover: on a quote header, a preview of the quoted post; on a post header, who quoted it.
// All content is untrusted: escaped Markdown, no links, no HTML, no images.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { DumpFile, PostRef, QuoteRef, WorkspaceIndex } from '../workspace';
import { cleanText, escapeMarkdown, floorLabel, postLabel, toRange } from './util';

/** How much of a post a preview shows. */
export const PREVIEW_LINES = 12;
export const PREVIEW_CHARS = 1200;

function postHeading(ref: PostRef, from: DumpFile): string {
  const p = ref.post;
  const parts = [`**${escapeMarkdown(`${floorLabel(p)} ${cleanText(p.author)}`)}**`, escapeMarkdown(p.date?.text ?? '(no date)')];
  if (p.op) parts.push('OP');
  if (p.anonymous) parts.push('anonymous');
  if (ref.file.uri !== from.uri) parts.push(`in ${escapeMarkdown(cleanText(ref.file.name))}`);
  return parts.join(' · ');
}

/** The first lines of a post's text, escaped, and how many lines were left out. */
export function previewText(ref: PostRef): { lines: string[]; more: number } {
  const all = cleanText(ref.file.doc.postText(ref.post))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const lines: string[] = [];
  let chars = 0;
  for (const l of all) {
    if (lines.length >= PREVIEW_LINES || chars >= PREVIEW_CHARS) break;
    const cut = l.length > PREVIEW_CHARS - chars ? l.slice(0, Math.max(0, PREVIEW_CHARS - chars)) + '…' : l;
    lines.push(cut);
    chars += cut.length;
  }
  return { lines, more: all.length - lines.length };
}

function preview(ref: PostRef, from: DumpFile, note?: string): string {
  const { lines, more } = previewText(ref);
  const out = [postHeading(ref, from)];
  if (note) out.push(`*${escapeMarkdown(note)}*`);
  out.push('');
  if (lines.length === 0) out.push('*(no text)*');
  else out.push(lines.map((l) => '> ' + escapeMarkdown(l)).join('  \n'));
  if (more > 0) out.push('', `*${more} more line${more === 1 ? '' : 's'}*`);
  return out.join('\n');
}

function replyList(refs: QuoteRef[], index: WorkspaceIndex, from: DumpFile): string {
  const names = refs.map((r) => {
    const post = r.file.doc.posts[r.quote.postIndex];
    return escapeMarkdown(postLabel({ file: r.file, post }, from).replace(/\s+/g, ' '));
  });
  void index;
  return names.join(', ');
}

export function hover(index: WorkspaceIndex, uri: string, position: Position): Hover | null {
  const file = index.get(uri);
  if (!file) return null;
  const doc = file.doc;
  const offset = doc.offsetAt(position);
  const q = doc.quoteHeaderAt(offset);
  if (q && q.header) {
    const r = index.quoteResolution(uri, q.id);
    const h = q.header;
    let value: string;
    if (r?.target) {
      const note =
        r.how === 'offset'
          ? `found at a ${r.offsetHours! > 0 ? '+' : ''}${r.offsetHours} h time-zone offset`
          : r.how === 'pid'
            ? 'found by its findpost pid'
            : r.mismatch
              ? 'the quoted text differs from this post (edited later?)'
              : undefined;
      value = preview(r.target, file, note);
    } else if (r?.status === 'ambiguous') {
      value = [`**Ambiguous quote**: ${r.candidates.length} posts by ${escapeMarkdown(cleanText(h.author))} at ${escapeMarkdown(h.date?.text ?? h.dateText)}`, '']
        .concat(r.candidates.slice(0, 3).map((c) => preview(c, file)))
        .join('\n\n---\n\n');
    } else if (r?.status === 'outside') {
      value = `**Not in this folder**: the post by ${escapeMarkdown(cleanText(h.author))} at ${escapeMarkdown(h.date?.text ?? h.dateText)} is on a page file that is not here${r.outsideReason === 'other-thread' ? ` (thread ${escapeMarkdown(h.ptid ?? '')})` : ''}.`;
    } else {
      value = `**Broken quote**: no post by ${escapeMarkdown(cleanText(h.author))} at ${escapeMarkdown(h.date?.text ?? h.dateText)} in this thread.`;
    }
    return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, h.span) };
  }
  const post = doc.postHeaderAt(offset);
  if (post) {
    const replies = index.repliesTo(uri, post.index);
    const quoted = index.quotedBy(uri, post.index);
    const lines = [postHeading({ file, post }, file)];
    lines.push('', replies.length === 0 ? 'No replies quote this post.' : `Quoted by ${replies.length} post${replies.length === 1 ? '' : 's'}: ${replyList(replies, index, file)}`);
    if (quoted.length > 0) {
      lines.push('', `Quotes ${quoted.map((x) => escapeMarkdown(postLabel(x.target, file))).join(', ')}`);
    }
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(doc, { start: post.authorLine.start, end: post.floorLine.end }) };
  }
  return null;
}
