// The thread view (a webview like the Markdown preview): the thread's posts in order with their
// headers (threadMeta), and bodies rendered to HTML fragments (threadPosts) with cheerio:
// quote headers become in-view links to the quoted post (resolved by the workspace's thread
// resolution; broken ones marked as the diagnostic says), the archive's `httphttps://` fixed,
// smilies small and inline, remote images only when allowed (https, no referrer), other links
// marked to open outside. The result keeps only ALLOWED_TAGS / ALLOWED_ATTR; the view sanitises
// it again with DOMPurify before it touches the DOM.
import * as l10n from '@vscode/l10n';
import type { CheerioAPI } from 'cheerio';
import render from 'dom-serializer';
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { WorkspaceIndex, type DumpFile, type RequestView, type ThreadResolution } from '../workspace';
import {
  ALLOWED_ATTR,
  ALLOWED_TAGS,
  MAX_BACKLINKS,
  MAX_POSTS_PER_REQUEST,
  SAFE_HREF,
  SAFE_SRC,
  type RenderedPost,
  type ThreadMeta,
  type ThreadPosts,
} from '../../../shared/protocol';
import { fixUrl } from './documentLinks';
import { cleanText, floorLabel } from './util';

// cheerio's htmlparser2-only entry (no parse5, no network code); its types are the main entry's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('cheerio/slim') as { load: (content: AnyNode | AnyNode[], options?: unknown, isDocument?: boolean) => CheerioAPI };

export interface ThreadViewOptions {
  /** `forumDump.remoteImages`: images as <img> (https only); off, they are links. */
  remoteImages?: boolean;
}

/** Elements dropped with everything inside them. */
const DROP = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'template', 'svg', 'math', 'noscript', 'noembed', 'title', 'textarea', 'select', 'option', 'meta', 'link', 'base', 'head', 'form', 'input', 'button', 'video', 'audio', 'source', 'track', 'canvas', 'xmp', 'plaintext', 'portal']);
const TAGS = new Set(ALLOWED_TAGS);
const ATTRS = new Set(ALLOWED_ATTR);

const SMILEY = /^https?:\/\/static\.(saraba1st|stage1st)\.com\/image\/smiley\//i;


/** The thread of the view's file, in order, with each file's first post id. */
function threadFiles(view: RequestView): { files: DumpFile[]; first: Map<string, number>; total: number } {
  const files = view.thread.files.includes(view.file) ? view.thread.files : [view.file];
  const first = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    first.set(f.uri, total);
    total += f.doc.posts.length;
  }
  return { files, first, total };
}

function generationOf(files: DumpFile[]): string {
  return files.map((f) => `${f.uri.length}:${f.generation}:${f.version}:${f.doc.posts.length}`).join('|');
}

/** The thread's title from a page file's name: `2243718-01[TITLE].md` → `TITLE`. */
function titleOf(file: DumpFile): string {
  const m = /\[(.*)\]\.[^.]+$/.exec(file.name);
  return cleanText(m ? m[1].replace(/&amp;/g, '&') : file.name);
}

/** Every post's header across the thread (no bodies): what the view lays out and filters by. */
export function threadMeta(view: RequestView): ThreadMeta {
  const tf = threadFiles(view);
  const authors: string[] = [];
  const authorIds = new Map<string, number>();
  const posts: ThreadMeta['posts'] = [];
  for (const f of tf.files) {
    for (const p of f.doc.posts) {
      let a = authorIds.get(p.author);
      if (a === undefined) {
        a = authors.length;
        authors.push(cleanText(p.author));
        authorIds.set(p.author, a);
      }
      posts.push([p.floor, a, p.date?.text ?? null, p.op ? 1 : 0, p.line]);
    }
  }
  return {
    key: WorkspaceIndex.threadKeyOf(view.file),
    title: titleOf(tf.files[0]),
    files: tf.files.map((f) => ({ uri: f.uri, name: cleanText(f.name), page: f.page, first: tf.first.get(f.uri)!, count: f.doc.posts.length })),
    authors,
    posts,
    generation: generationOf(tf.files),
  };
}

/** Posts [from, to) of the thread, rendered (at most MAX_POSTS_PER_REQUEST). */
export function threadPosts(view: RequestView, from: number, to: number, options: ThreadViewOptions = {}): ThreadPosts {
  const tf = threadFiles(view);
  const start = Math.max(0, Math.floor(from) || 0);
  const end = Math.min(tf.total, Math.floor(to) || 0, start + MAX_POSTS_PER_REQUEST);
  const posts: RenderedPost[] = [];
  let fi = 0;
  for (let id = start; id < end; id++) {
    while (fi + 1 < tf.files.length && tf.first.get(tf.files[fi + 1].uri)! <= id) fi++;
    const file = tf.files[fi];
    posts.push(renderPost(view.thread, file, id - tf.first.get(file.uri)!, tf.first, options));
  }
  return { generation: generationOf(tf.files), posts };
}

/** Placeholders for quote headers, put into the source text before parsing. */
const HEADER_TAG = 'fd-quote-header';

/** One post: its body as an allow-listed HTML fragment, and who quotes it. */
export function renderPost(thread: ThreadResolution, file: DumpFile, postIndex: number, first: Map<string, number>, options: ThreadViewOptions = {}): RenderedPost {
  const doc = file.doc;
  const post = doc.posts[postIndex];
  const id = first.get(file.uri)! + postIndex;
  // Quote headers are swapped for placeholders in the source (their spans are known exactly),
  // then built as elements after parsing.
  let src = '';
  let at = post.body.start;
  const headers: number[] = [];
  for (const qid of post.quotes) {
    const h = doc.quotes[qid].header;
    if (!h || h.span.start < at || h.span.end > post.body.end) continue;
    src += doc.slice(at, h.span.start) + `<${HEADER_TAG} data-q="${headers.length}"></${HEADER_TAG}>`;
    headers.push(qid);
    at = h.span.end;
  }
  src += doc.slice(at, post.body.end);
  const $ = load(parseDocument(cleanText(src), { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children, null, false);

  $(HEADER_TAG).each((_, el) => {
    const qid = headers[Number($(el).attr('data-q'))];
    const q = doc.quotes[qid];
    const h = q.header!;
    const r = thread.of(q);
    const label = `${h.author} 发表于 ${h.date?.text ?? h.dateText}`;
    const head = $('<div class="quote-head"></div>');
    const targetFirst = r?.target ? first.get(r.target.file.uri) : undefined;
    const block = $(el).closest('blockquote');
    if (r?.target && targetFirst !== undefined) {
      const target = targetFirst + r.target.post.index;
      const a = $('<a class="quote-link"></a>').text(label);
      a.attr('href', `#p-${target}`);
      a.attr('data-target', String(target));
      a.attr('data-target-floor', r.target.post.floor === null ? '' : String(r.target.post.floor));
      a.attr('data-status', 'resolved');
      a.attr('title', l10n.t('Go to {0}', `${floorLabel(r.target.post)} ${cleanText(r.target.post.author)}`));
      const t = $('<span class="quote-toggle" role="button" tabindex="0"></span>').text('+');
      t.attr('data-target', String(target));
      t.attr('aria-label', l10n.t('Show the quoted post here'));
      t.attr('title', l10n.t('Show the quoted post here'));
      head.append(a, ' ', t);
      block.attr('data-status', 'resolved');
    } else {
      const status = r?.status === 'resolved' ? 'outside' : (r?.status ?? 'notfound');
      const s = $('<span class="quote-link"></span>').text(label);
      s.attr('data-status', status);
      const who = cleanText(h.author);
      const when = h.date?.text ?? h.dateText;
      s.attr(
        'title',
        status === 'ambiguous'
          ? l10n.t('Ambiguous quote: {0} posts by {1} at {2} ({3}) and the quoted text does not decide', r!.candidates.length, who, when, r!.candidates.map((c) => floorLabel(c.post)).join(', '))
          : status === 'outside'
            ? r?.outsideReason === 'other-thread'
              ? l10n.t('The quoted post is in another thread ({0}), not in this folder', h.ptid ?? '')
              : l10n.t('The quoted post ({0}, {1}) is not in this folder: it predates the page files present', who, when)
            : l10n.t('Broken quote: no post by {0} at {1} in this thread', who, when),
      );
      head.append(s);
      block.attr('data-status', status);
    }
    $(el).replaceWith(head);
  });

  $('img').each((_, el) => {
    const img = $(el);
    const url = fixUrl(img.attr('src') ?? '') ?? '';
    const smiley = SMILEY.test(url);
    if (options.remoteImages && SAFE_SRC.test(url)) {
      const out = $('<img>');
      out.attr('src', url);
      out.attr('alt', smiley ? '' : l10n.t('image'));
      out.attr('class', smiley ? 'smiley' : 'image');
      // The archive's tags carry `no-referrer`; the view never sends one whatever they say.
      out.attr('referrerpolicy', 'no-referrer');
      out.attr('loading', 'lazy');
      img.replaceWith(out);
    } else if (SAFE_HREF.test(url)) {
      const a = $('<a></a>').text(smiley ? '☺' : `[${l10n.t('image')}]`);
      a.attr('href', url);
      a.attr('class', smiley ? 'smiley-link' : 'image-link');
      a.attr('data-external', '1');
      a.attr('title', url);
      img.replaceWith(a);
    } else img.remove();
  });

  $('a').each((_, el) => {
    const a = $(el);
    if (a.hasClass('quote-link') || a.attr('data-external') === '1') return;
    const href = fixUrl(a.attr('href') ?? '') ?? '';
    for (const k of Object.keys((el as Element).attribs)) a.removeAttr(k);
    if (SAFE_HREF.test(href) && !href.startsWith('#')) {
      a.attr('href', href);
      a.attr('data-external', '1');
      a.attr('class', 'external');
      a.attr('title', href);
    }
  });

  restrict($, $.root().toArray()[0].children as AnyNode[]);
  linkMarkdown($);
  const replies = thread.repliesOf(post);
  const backlinks: number[] = [];
  for (const r of replies) {
    const f = first.get(r.file.uri);
    if (f !== undefined) backlinks.push(f + r.quote.postIndex);
  }
  backlinks.sort((a, b) => a - b);
  const unique = backlinks.filter((b, i) => i === 0 || backlinks[i - 1] !== b);
  return { id, html: tidy(render($.root().toArray()[0].children as AnyNode[], { encodeEntities: 'utf8' })), backlinks: unique.slice(0, MAX_BACKLINKS), replies: unique.length };
}

/** Keeps only allowed tags and attributes (unknown tags unwrapped, dangerous ones dropped whole). */
function restrict($: CheerioAPI, nodes: AnyNode[]): void {
  for (const node of [...nodes]) {
    if (node.type === 'text') continue;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') {
      $(node).remove(); // comments, directives, CDATA
      continue;
    }
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (DROP.has(name) || node.type !== 'tag') {
      $(el).remove();
      continue;
    }
    restrict($, el.children as AnyNode[]);
    if (!TAGS.has(name)) {
      $(el).replaceWith(el.children as AnyNode[]);
      continue;
    }
    for (const [k, v] of Object.entries(el.attribs)) {
      if (!ATTRS.has(k) || (k === 'href' && !SAFE_HREF.test(v)) || (k === 'src' && !SAFE_SRC.test(v))) delete el.attribs[k];
    }
    if (name === 'img' && !el.attribs.src) $(el).remove();
  }
}

const MD_LINK = /\[([^\]\n]{0,500})\]\(((?:http)?https?:\/\/[^\s()<>]{1,2000})\)/g;

/** The dump's Markdown links `[text](url)` in text nodes become external links. */
function linkMarkdown($: CheerioAPI): void {
  const texts: AnyNode[] = [];
  const walk = (nodes: AnyNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') {
        if ((n as unknown as { data: string }).data.includes('](')) texts.push(n);
      } else if (n.type === 'tag' && (n as Element).name !== 'a') walk((n as Element).children as AnyNode[]);
    }
  };
  walk($.root().toArray()[0].children as AnyNode[]);
  for (const n of texts) {
    const data = (n as unknown as { data: string }).data;
    const parts: (string | ReturnType<CheerioAPI>)[] = [];
    let last = 0;
    for (const m of data.matchAll(MD_LINK)) {
      const url = fixUrl(m[2]) ?? '';
      if (!SAFE_HREF.test(url)) continue;
      parts.push(data.slice(last, m.index));
      const a = $('<a class="external" data-external="1"></a>').text(m[1] || url);
      a.attr('href', url);
      a.attr('title', url);
      parts.push(a);
      last = m.index! + m[0].length;
    }
    if (parts.length === 0) continue;
    parts.push(data.slice(last));
    $(n).replaceWith(parts.map((p) => (typeof p === 'string' ? escapeText(p) : $.html(p))).join(''));
  }
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Runs of blank lines carry no meaning in the archive: at most one blank line, none at the ends. */
function tidy(html: string): string {
  return html.replace(/\n[ \t\u3000\u00a0]*(?:\n[ \t\u3000\u00a0]*){2,}/g, '\n\n').replace(/^\s+|\s+$/g, '');
}
