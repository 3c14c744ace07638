// The dump model's data types. Offsets are UTF-16 code-unit offsets into the document text
// (the same unit LSP positions use), so a column is simply `offset - lineStart`.

/** A half-open span of text offsets: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A date at minute precision, normalised from the archive's `YYYY-M-D HH:MM[:SS]`. */
export interface DumpDate {
  /** `YYYY-MM-DD HH:MM`, zero-padded. */
  text: string;
  /** Minutes since 1970-01-01 00:00, read as if the wall-clock time were UTC. */
  minute: number;
  /** Seconds, when the source carried them (quote headers sometimes do). */
  seconds?: number;
}

export interface QuoteHeader {
  /** The whole header: `AUTHOR 发表于 DATE`, or the `<a …>…</a>` element around it. */
  span: Span;
  /** Where the author name stands, for precise hovers and edits. */
  authorSpan: Span;
  /** Where the date stands (the text a quick fix rewrites). */
  dateSpan: Span;
  author: string;
  date: DumpDate | null;
  /** The raw date text as written. */
  dateText: string;
  /** findpost pid from the header link, if any. */
  pid: string | null;
  /** ptid (thread id) from the header link, if any. */
  ptid: string | null;
  /** Where the link's href stands (read it with `doc.slice`; not kept, to keep big threads small). */
  hrefSpan: Span | null;
  /** The old STAGE1 app form `引用第N楼NAME于DATE发表的` names a floor. */
  floor: number | null;
  form: 'link' | 'plain' | 'app';
}

export interface Quote {
  /** Position in `DumpDocument.quotes` (document order of the opening tags). */
  id: number;
  /** Index of the post holding it. */
  postIndex: number;
  /** From `<blockquote>` to the end of `</blockquote>` (or the end of the body when unclosed). */
  span: Span;
  /** Offset right after the opening tag. */
  contentStart: number;
  /** Offset of the closing tag (or the end of the body when unclosed). */
  contentEnd: number;
  closed: boolean;
  /** 0 for a top-level quote, 1 for a quote inside a quote, … */
  depth: number;
  /** id of the enclosing quote, or -1. */
  parent: number;
  /** Quotes directly inside this one. */
  children: number[];
  /** The header (`AUTHOR 发表于 DATE`), read on first use from the text after the opening tag. */
  readonly header: QuoteHeader | null;
  /** Where the header region (the rest of the opening tag's line) ends. */
  headerLimit: number;
}

export interface Post {
  /** The post's place in its file: its identity (floors repeat and go backwards). */
  index: number;
  /** Floor number as written (`12` for `##### 12#`); null when the floor line is malformed. */
  floor: number | null;
  author: string;
  anonymous: boolean;
  /** Author line carries `该用户已被删除`. */
  deletedUser: boolean;
  /** Marked `楼主` (the thread starter) on the floor line. */
  op: boolean;
  date: DumpDate | null;
  /** 0-based line of the `####` author line. */
  line: number;
  /** From the author line to the end of the last non-blank body line. */
  span: Span;
  readonly authorLine: Span;
  /** The author name inside the author line. */
  readonly authorSpan: Span;
  readonly floorLine: Span;
  readonly body: Span;
  /** ids of the quotes inside this post (all depths), in document order. */
  quotes: number[];
  /** Set when the header is not the well-formed pair of lines. */
  malformed: string | null;
  /** True when the floor line `##### N#` is present (the header stands on its own two lines). */
  hasFloorLine: boolean;
  /** Problems the scanner found in this post (malformed header, unbalanced blockquotes). */
  problems: ScanProblem[];
}

export type ProblemCode =
  | 'malformed-header'
  | 'unclosed-blockquote'
  | 'stray-blockquote-close'
  | 'duplicate-floor'
  | 'backwards-floor';

/** A problem the scanner finds in one file, independent of any other file. */
export interface ScanProblem {
  code: ProblemCode;
  span: Span;
  /** The message in English. */
  message: string;
  /** The message as a template with `{0}`-style holes, and what fills them (for translation). */
  template: string;
  args: (string | number)[];
  /** Post the problem belongs to, if any. */
  postIndex: number;
}
