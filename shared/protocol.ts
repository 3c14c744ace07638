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
