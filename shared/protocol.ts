// The one module the extension client and the language server share: the language id, the
// custom requests and their answers, command ids, and the content-sniffing rule. Nothing else of
// the server is imported by the client (tests/unit/layering.test.ts checks it). No imports here.

/** The language id of forum dumps. */
export const LANGUAGE_ID = 'forum-dump';

/** The custom request: every post of a file, as `PostSummary[]`. Params: `{ uri }`. */
export const POSTS_REQUEST = 'forumDump/posts';

export interface PostsParams {
  uri: string;
}

/** What `forumDump/posts` answers per post: what a picker or a status bar shows. */
export interface PostSummary {
  index: number;
  floor: number | null;
  author: string;
  date: string | null;
  op: boolean;
  /** 0-based lines: the author line, and the post's last line. */
  line: number;
  endLine: number;
  firstWords: string;
  replies: number;
}

/** `#12` (or `#?` when the floor line is malformed): how every view writes a floor. */
export function floorLabel(post: { floor: number | null }): string {
  return post.floor === null ? '#?' : `#${post.floor}`;
}

/** The client command a lens runs: peek `locations` at `position` of `uri`. */
export const SHOW_REPLIES_COMMAND = 'forumDump.peekLocations';

/** The reader commands the client contributes (package.json names the same ids). */
export const COMMANDS = {
  goToFloor: 'forumDump.goToFloor',
  nextPost: 'forumDump.nextPost',
  previousPost: 'forumDump.previousPost',
  nextReply: 'forumDump.nextReply',
  showReplies: 'forumDump.showReplies',
  goToQuotedPost: 'forumDump.goToQuotedPost',
  peekLocations: SHOW_REPLIES_COMMAND,
  restartServer: 'forumDump.restartServer',
  openThreadView: 'forumDump.openThreadView',
  openThreadViewToSide: 'forumDump.openThreadViewToSide',
  onlyThisAuthor: 'forumDump.onlyThisAuthor',
  nextPostBySameAuthor: 'forumDump.nextPostBySameAuthor',
  previousPostBySameAuthor: 'forumDump.previousPostBySameAuthor',
} as const;

// Content sniffing: is this text a forum dump? Looks at the first few KB only.

/** How much of the start of a file the sniffer reads. */
export const SNIFF_BYTES = 8192;

/**
 * True when the start of `text` holds the dump pattern: a `*****` line, then an author line
 * `#### NAME`, then a floor line `##### N# … 发表于 …`.
 */
export function looksLikeDump(text: string): boolean {
  const head = text.slice(0, SNIFF_BYTES);
  const lines = head.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i].replace(/^\ufeff/, '');
    if (a.startsWith('#### ') && /^##### +\d+#.*发表于/.test(lines[i + 1])) {
      // A separator among the non-blank lines before it (or the file's start).
      let j = i - 1;
      while (j >= 0 && lines[j].trim() === '') j--;
      if (j < 0 || /^\ufeff?\*{5}\s*$/.test(lines[j])) return true;
    }
  }
  return false;
}

// File requests: what the language server sends the client in the browser (github.dev,
// vscode.dev), where it has no disk. The client answers them with vscode.workspace.fs, for URIs
// inside the workspace only (client/src/files.ts; the server's side: server/src/workspace/clientSource.ts).


/** `{ uri }` → `FileEntryDto[]` (the folder's entries; [] when it cannot be listed or is outside the workspace). */
export const LIST_REQUEST = 'forumDump/fs/list';
/** `{ uri }` → `FileStatDto | null`. */
export const STAT_REQUEST = 'forumDump/fs/stat';
/** `{ uri, maxBytes }` → `{ base64 } | null` (null: not a regular file, unreadable, outside the workspace, or too large). */
export const READ_REQUEST = 'forumDump/fs/read';

export interface UriParams {
  uri: string;
}

export interface ReadParams {
  uri: string;
  maxBytes: number;
}

export interface FileEntryDto {
  name: string;
  uri: string;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileStatDto {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface ReadResultDto {
  /** The bytes, base64 (JSON-RPC carries text). */
  base64: string;
}

/** The most a client answers for one read, whatever `maxBytes` asks (VS Code opens files up to 50 MB). */
export const CLIENT_MAX_READ_BYTES = 50 * 1024 * 1024;
/** The most entries a client lists for one folder. */
export const CLIENT_MAX_LIST_ENTRIES = 20000;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes (no Buffer, no btoa of a binary string: works in a worker and in Node alike). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    chunk += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** The bytes of a base64 string, or null when it is not base64. */
export function fromBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const v = c === 61 && i + j >= s.length - pad ? 0 : c < 128 ? B64_INDEX[c] : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

// The thread view (issue 14): its two requests, what they answer, and the allow-list of the
// rendered HTML, shared by the server, the extension client and the webview script.

/** `{ uri }` → ThreadMetaWire (decodeMeta → ThreadMeta): the thread of a page file, every post's header, no bodies. */
export const THREAD_VIEW_REQUEST = 'forumDump/threadView';

export interface ThreadViewParams {
  uri: string;
}
/** `{ uri, from, to }` → ThreadPosts: posts [from, to) of the thread, rendered. */
export const THREAD_VIEW_POSTS_REQUEST = 'forumDump/threadViewPosts';

export interface ThreadPostsParams {
  uri: string;
  from: number;
  to: number;
}

/** At most this many posts per THREAD_VIEW_POSTS_REQUEST. */
export const MAX_POSTS_PER_REQUEST = 200;

export interface ThreadFileMeta {
  uri: string;
  name: string;
  page: number | null;
  /** Thread-wide id of the file's first post, and how many posts it has. */
  first: number;
  count: number;
}

export interface ThreadMeta {
  /** `tid:<id>` or `file:<uri>`: the key reading progress is kept under. */
  key: string;
  title: string;
  files: ThreadFileMeta[];
  /** Author names; `posts[i][1]` indexes this. */
  authors: string[];
  /** Every post in thread order (its id is its place here): [floor, author, date, op, line]. */
  posts: [floor: number | null, author: number, date: string | null, op: 0 | 1, line: number][];
  /** Changes whenever a file of the thread changes (cache key for rendered posts). */
  generation: string;
}

/**
 * ThreadMeta as it travels (server → extension → view): columns, delta-encoded, about a third of
 * the size of `posts` as tuples (a 30 MB thread has ~80k posts). encodeMeta / decodeMeta convert.
 */
export interface ThreadMetaWire {
  key: string;
  title: string;
  files: ThreadFileMeta[];
  authors: string[];
  generation: string;
  /** Floor minus the previous post's floor (0 for a post with no floor: see noFloor). */
  floor: number[];
  author: number[];
  /** Minutes since 1970 (wall clock read as UTC) minus the previous dated post's (0 when undated: see noDate). */
  minute: number[];
  /** Line minus the previous post's line in the same file (the first post of a file: its line). */
  line: number[];
  op: number[];
  noFloor: number[];
  noDate: number[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-01-31 09:28` from minutes since 1970 read as UTC (as the server's DumpDate.minute). */
export function minuteText(minute: number): string {
  const d = new Date(minute * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function textMinute(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 60_000 : null;
}

export function encodeMeta(meta: ThreadMeta): ThreadMetaWire {
  const w: ThreadMetaWire = { key: meta.key, title: meta.title, files: meta.files, authors: meta.authors, generation: meta.generation, floor: [], author: [], minute: [], line: [], op: [], noFloor: [], noDate: [] };
  let floor = 0;
  let minute = 0;
  let fi = 0;
  meta.posts.forEach(([f, a, d, op, line], id) => {
    if (f === null) {
      w.noFloor.push(id);
      w.floor.push(0);
    } else {
      w.floor.push(f - floor);
      floor = f;
    }
    w.author.push(a);
    const m = d === null ? null : textMinute(d);
    if (m === null) {
      w.noDate.push(id);
      w.minute.push(0);
    } else {
      w.minute.push(m - minute);
      minute = m;
    }
    while (fi + 1 < meta.files.length && meta.files[fi + 1].first <= id) fi++;
    w.line.push(id === meta.files[fi].first ? line : line - meta.posts[id - 1][4]);
    if (op) w.op.push(id);
  });
  return w;
}

export function decodeMeta(w: ThreadMetaWire): ThreadMeta {
  const n = w.floor.length;
  const posts: ThreadMeta['posts'] = new Array(n);
  // Flags in typed arrays and the date text built per day (a 30 MB thread has ~80k posts).
  const flags = new Uint8Array(n);
  for (const id of w.noFloor) if (id < n) flags[id] |= 1;
  for (const id of w.noDate) if (id < n) flags[id] |= 2;
  for (const id of w.op) if (id < n) flags[id] |= 4;
  for (const f of w.files) if (f.first < n) flags[f.first] |= 8;
  let floor = 0;
  let minute = 0;
  let line = 0;
  let day = NaN;
  let dayText = '';
  for (let id = 0; id < n; id++) {
    const fl = flags[id];
    let f: number | null = null;
    if (!(fl & 1)) f = floor += w.floor[id];
    let d: string | null = null;
    if (!(fl & 2)) {
      minute += w.minute[id];
      const dd = Math.floor(minute / 1440);
      if (dd !== day) {
        day = dd;
        dayText = minuteText(dd * 1440).slice(0, 11);
      }
      const m = minute - dd * 1440;
      d = dayText + pad(Math.floor(m / 60)) + ':' + pad(m % 60);
    }
    line = fl & 8 ? w.line[id] : line + w.line[id];
    posts[id] = [f, w.author[id], d, fl & 4 ? 1 : 0, line];
  }
  return { key: w.key, title: w.title, files: w.files, authors: w.authors, generation: w.generation, posts };
}

export interface RenderedPost {
  id: number;
  /** The body as an HTML fragment, already restricted to ALLOWED_TAGS / ALLOWED_ATTR (sanitised again in the view). */
  html: string;
  /** Ids of the posts that quote this one, in thread order (capped at MAX_BACKLINKS). */
  backlinks: number[];
  /** How many posts quote it (may exceed backlinks.length). */
  replies: number;
}

export interface ThreadPosts {
  generation: string;
  posts: RenderedPost[];
}

export const MAX_BACKLINKS = 100;

/** Tags a rendered body may hold; everything else is unwrapped (or dropped with its content). */
export const ALLOWED_TAGS = ['a', 'b', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'sup', 'u', 'ul'];

/** Attributes a rendered element may carry (URLs only in href/src, checked on their own). */
export const ALLOWED_ATTR = ['class', 'href', 'src', 'alt', 'title', 'referrerpolicy', 'loading', 'role', 'tabindex', 'aria-label', 'data-target', 'data-target-floor', 'data-status', 'data-external'];

/** What an `href` may be: an in-view link `#p-N` or an http(s) URL (opened by the extension). */
export const SAFE_HREF = /^(?:#p-\d+|https?:\/\/[^\s"'<>`]+)$/i;
/** What an image `src` may be: https only. */
export const SAFE_SRC = /^https:\/\/[^\s"'<>`]+$/i;
