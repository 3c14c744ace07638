// Hover: on a quote header, a preview of the quoted post; on a post header, who quoted it.
// All content is untrusted: escaped Markdown, no links, no HTML, no images.
import * as l10n from '@vscode/l10n';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { DumpFile, PostRef, QuoteRef, WorkspaceIndex } from '../workspace';
import { cleanText, escapeMarkdown, floorLabel, postLabel, sliceUnits, toRange } from './util';

/** How much of a post a preview shows. */
export const PREVIEW_LINES = 12;
export const PREVIEW_CHARS = 1200;

function postHeading(ref: PostRef, from: DumpFile): string {
  const p = ref.post;
  const parts = [`**${escapeMarkdown(`${floorLabel(p)} ${cleanText(p.author)}`)}**`, escapeMarkdown(p.date?.text ?? '(no date)')];
  if (p.op) parts.push(l10n.t('OP'));
  if (p.anonymous) parts.push(l10n.t('anonymous'));
  if (ref.file.uri !== from.uri) parts.push(l10n.t('in {0}', escapeMarkdown(cleanText(ref.file.name))));
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
    const cut = l.length > PREVIEW_CHARS - chars ? sliceUnits(l, Math.max(0, PREVIEW_CHARS - chars)) + '…' : l;
    lines.push(cut);
    chars += cut.length;
  }
  return { lines, more: all.length - lines.length };
}

export interface HoverOptions {
  /** Show the post's images (https only, not smilies): off unless `forumDump.remoteImages` is on. */
  remoteImages?: boolean;
}

/** Images a preview may show: https URLs of real images (no smilies), at most three. */
export function previewImages(ref: PostRef): string[] {
  const out: string[] = [];
  for (const img of ref.file.doc.extras(ref.post).images) {
    if (img.smiley || out.length >= 3) continue;
    try {
      const u = new URL(img.url);
      if (u.protocol === 'https:') out.push(u.href);
    } catch {
      /* not a URL */
    }
  }
  return out;
}

function preview(ref: PostRef, from: DumpFile, note?: string, options: HoverOptions = {}): string {
  const { lines, more } = previewText(ref);
  const out = [postHeading(ref, from)];
  if (note) out.push(`*${escapeMarkdown(note)}*`);
  out.push('');
  if (lines.length === 0) out.push(`*${l10n.t('(no text)')}*`);
  else out.push(lines.map((l) => '> ' + escapeMarkdown(l)).join('  \n'));
  if (more > 0) out.push('', `*${more === 1 ? l10n.t('1 more line') : l10n.t('{0} more lines', more)}*`);
  if (options.remoteImages) {
    // Percent-encode what could end the Markdown image (parentheses, spaces): the URL stays a URL.
    for (const url of previewImages(ref)) out.push('', `![image](${url.replace(/[()\s<>]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))})`);
  }
  return out.join('\n');
}

function replyList(refs: QuoteRef[], index: WorkspaceIndex, from: DumpFile): string {
  const names = refs.map((r) => {
    const post = r.file.doc.posts[r.quote.postIndex];
    return escapeMarkdown(cleanText(postLabel({ file: r.file, post }, from)).replace(/\s+/g, ' '));
  });
  void index;
  return names.join(', ');
}

export function hover(index: WorkspaceIndex, uri: string, position: Position, options: HoverOptions = {}): Hover | null {
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
          ? l10n.t('found at a {0} h time-zone offset', `${r.offsetHours! > 0 ? '+' : ''}${r.offsetHours}`)
          : r.how === 'pid'
            ? l10n.t('found by its findpost pid')
            : r.mismatch
              ? l10n.t('the quoted text differs from this post (edited later?)')
              : undefined;
      value = preview(r.target, file, note, options);
    } else if (r?.status === 'ambiguous') {
      value = [`**${l10n.t('Ambiguous quote')}**: ${l10n.t('{0} posts by {1} at {2}', r.candidates.length, escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText))}`, '']
        .concat(r.candidates.slice(0, 3).map((c) => preview(c, file, undefined, options)))
        .join('\n\n---\n\n');
    } else if (r?.status === 'outside') {
      value =
        `**${l10n.t('Not in this folder')}**: ` +
        (r.outsideReason === 'other-thread'
          ? l10n.t('the post by {0} at {1} is in another thread ({2}).', escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText), escapeMarkdown(h.ptid ?? ''))
          : l10n.t('the post by {0} at {1} is on a page file that is not here.', escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText)));
    } else {
      value = `**${l10n.t('Broken quote')}**: ${l10n.t('no post by {0} at {1} in this thread.', escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText))}`;
    }
    return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, h.span) };
  }
  const post = doc.postHeaderAt(offset);
  if (post) {
    const replies = index.repliesTo(uri, post.index);
    const quoted = index.quotedBy(uri, post.index);
    const lines = [postHeading({ file, post }, file)];
    lines.push('', replies.length === 0 ? l10n.t('No replies quote this post.') : l10n.t('Quoted by {0}: {1}', replies.length === 1 ? l10n.t('1 post') : l10n.t('{0} posts', replies.length), replyList(replies, index, file)));
    if (quoted.length > 0) {
      lines.push('', l10n.t('Quotes {0}', quoted.map((x) => escapeMarkdown(cleanText(postLabel(x.target, file)))).join(', ')));
    }
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(doc, { start: post.authorLine.start, end: post.floorLine.end }) };
  }
  return null;
}
