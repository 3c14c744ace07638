// Hover: on a quote header, a preview of the quoted post; on a post header, who quoted it.
// All content is untrusted: escaped Markdown, no links, no HTML, no images.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { targetAt, type DumpFile, type PostRef, type PostTarget, type RequestView } from '../workspace';
import { capList, cleanLabel, cleanText, distinctPosts, escapeMarkdown, firstQuotePerPost, floorLabel, hoursText, MAX_LISTED, plural, postHeaderSpan, postLabel, postOfQuote, sliceUnits, tMarkdown, toRange } from './util';

/** How much of a post a preview shows. */
export const PREVIEW_LINES = 12;
export const PREVIEW_CHARS = 1200;

function postHeading(t: PostTarget, from: DumpFile): string {
  const parts = [`**${escapeMarkdown(`${floorLabel(t)} ${cleanText(t.author)}`)}**`, escapeMarkdown(t.date ?? '(no date)')];
  if (t.op) parts.push(tMarkdown('OP'));
  if (t.full?.post.anonymous) parts.push(tMarkdown('anonymous'));
  if (t.uri !== from.uri) parts.push(tMarkdown('in {0}', escapeMarkdown(cleanText(t.fileName))));
  return parts.join(' · ');
}

/** How much of a post's body (markup included) a preview reads: work in proportion to what is shown. */
export const PREVIEW_SCAN = 32 * 1024;

/**
 * The first lines of a post's text, escaped, and how many lines were left out (for a post over
 * PREVIEW_SCAN: the lines read but not shown, and the body's lines after what was read).
 */
export function previewText(ref: PostRef): { lines: string[]; more: number } {
  const doc = ref.file.doc;
  const { text, cut } = doc.postText(ref.post, PREVIEW_SCAN);
  const all = cleanText(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const lines: string[] = [];
  let chars = 0;
  for (const l of all) {
    if (lines.length >= PREVIEW_LINES || chars >= PREVIEW_CHARS) break;
    const shown = l.length > PREVIEW_CHARS - chars ? sliceUnits(l, Math.max(0, PREVIEW_CHARS - chars)) + '…' : l;
    lines.push(shown);
    chars += shown.length;
  }
  const after = cut ? doc.lineOf(ref.post.body.end) - doc.lineOf(ref.post.body.start + PREVIEW_SCAN) : 0;
  return { lines, more: all.length - lines.length + after };
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

function preview(t: PostTarget, from: DumpFile, note?: string, options: HoverOptions = {}): string {
  const out = [postHeading(t, from)];
  if (note) out.push(`*${escapeMarkdown(note)}*`);
  // The text is shown when the post's thread is loaded in full (always, for a thread of open files).
  const ref = t.full;
  if (!ref) return out.join('\n');
  const { lines, more } = previewText(ref);
  out.push('');
  if (lines.length === 0) out.push(`*${tMarkdown('(no text)')}*`);
  else out.push(lines.map((l) => '> ' + escapeMarkdown(l)).join('  \n'));
  if (more > 0) out.push('', `*${plural(more, '1 more line', '{0} more lines', tMarkdown)}*`);
  if (options.remoteImages) {
    // Percent-encode what could end the Markdown image (parentheses, spaces): the URL stays a URL.
    for (const url of previewImages(ref)) out.push('', `![image](${url.replace(/[()\s<>]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))})`);
  }
  return out.join('\n');
}


export function hover(view: RequestView, position: Position, options: HoverOptions = {}): Hover | null {
  const { file } = view;
  const doc = file.doc;
  const at = targetAt(view, doc.offsetAt(position));
  if (at?.kind === 'quote' && at.quote.header) {
    const r = at.answer;
    const h = at.quote.header;
    let value: string;
    if (r?.target) {
      const note =
        r.how === 'offset'
          ? tMarkdown('found at a {0} h time-zone offset', hoursText(r.offsetHours!))
          : r.how === 'pid'
            ? tMarkdown('found by its findpost pid')
            : r.mismatch
              ? tMarkdown('the quoted text differs from this post (edited later?)')
              : undefined;
      value = preview(r.target, file, note, options);
    } else if (r?.status === 'ambiguous') {
      value = [`**${tMarkdown('Ambiguous quote')}**: ${tMarkdown('{0} posts by {1} at {2}', r.candidates.length, escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText))}`, '']
        .concat(r.candidates.slice(0, 3).map((c) => preview(c, file, undefined, options)))
        .join('\n\n---\n\n');
    } else if (r?.status === 'outside') {
      value =
        `**${tMarkdown('Not in this folder')}**: ` +
        (r.outsideReason === 'other-thread'
          ? tMarkdown('the post by {0} at {1} is in another thread ({2}).', escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText), escapeMarkdown(h.ptid ?? ''))
          : tMarkdown('the post by {0} at {1} is on a page file that is not here.', escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText)));
    } else {
      value = `**${tMarkdown('Broken quote')}**: ${tMarkdown('no post by {0} at {1} in this thread.', escapeMarkdown(cleanText(h.author)), escapeMarkdown(h.date?.text ?? h.dateText))}`;
    }
    return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, h.span) };
  }
  if (at?.kind === 'post') {
    // Who quoted it and whom it quotes: each post once (a reply quoting it twice is one reply),
    // at most MAX_LISTED named (a post quoted 100k times gets a few lines, not a megabyte).
    const from = firstQuotePerPost(view.repliesTo(at.target)).map(postOfQuote);
    const to = distinctPosts(view.quotesMadeBy(at.post).map((x) => x.target));
    const label = (t: PostTarget) => escapeMarkdown(cleanLabel(postLabel(t, file)));
    const lines = [postHeading(at.target, file)];
    lines.push('', from.length === 0 ? tMarkdown('No replies quote this post.') : tMarkdown('Quoted by {0}: {1}', plural(from.length, '1 post', '{0} posts', tMarkdown), capList(from, MAX_LISTED, label, tMarkdown)));
    if (to.length > 0) lines.push('', tMarkdown('Quotes {0}', capList(to, MAX_LISTED, label, tMarkdown)));
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(doc, postHeaderSpan(at.post)) };
  }
  return null;
}
