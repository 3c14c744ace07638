// The one module the extension client and the language server share: the language id, the
// custom request and its answer, command ids, and the content-sniffing rule. Nothing else of the
// server is imported by the client (tests/unit/layering.test.ts checks it). No imports here.

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
