// The request view: what every feature gets for one request on one document.
//
//   const view = index.view(uri);          // undefined when the URI is not an indexed dump
//   view.file                              // the document's full model (DumpFile: uri, doc, tid, page)
//   view.thread                            // its thread's resolution (computed on first use, cached)
//   view.resolve(quote)                    // how a quote of this file resolves: QuoteAnswer
//   targetAt(view, offset)                 // what is under the cursor: a quote or a post header
//
// THE SEAM (for the two-tier workspace of issue 12). A feature never reads another file's model
// to describe a post it points at: a quote's target, an ambiguous quote's candidates, a post a
// post quotes are all `PostTarget`s — uri, name and page of its file, floor, author, date, OP,
// and the lines of its header and of the whole post. That is what a compact summary of a dump
// holds too. Only when the target's thread is loaded in full is `full` set (the `PostRef`:
// file + post), and only previews and excerpts read it; every feature must answer (with less
// detail) when it is absent. So a feature never knows which tier answered.
//
// Workspace-wide features (workspace symbols) take a `WorkspaceQuery`, never the index itself.
import type { Post, Quote, Span } from '../model';
import type { DumpFile } from './files';
import type { PostRef, QuoteRef, QuoteResolution, QuoteStatus, ResolvedHow, ThreadResolution } from './resolve';

/** A position as LSP counts it (0-based line, UTF-16 character): no LSP types in the workspace. */
export interface LinePosition {
  line: number;
  character: number;
}

export interface LineRange {
  start: LinePosition;
  end: LinePosition;
}

/** A post as a feature sees it when it points at it, whichever tier holds it (see above). */
export interface PostTarget {
  readonly uri: string;
  /** The file's base name, decoded. */
  readonly fileName: string;
  readonly tid: string | null;
  readonly page: number | null;
  /** Index of the post in its file. */
  readonly index: number;
  readonly floor: number | null;
  readonly author: string;
  /** `2025-01-31 09:32`, or null when the floor line has no valid date. */
  readonly date: string | null;
  readonly op: boolean;
  /** 0-based line of the author line. */
  readonly line: number;
  /** The header (author line to floor line): where a reference or definition lands. */
  readonly header: LineRange;
  /** The whole post. */
  readonly range: LineRange;
  /** The full model, when the post's thread is loaded in full. */
  readonly full?: PostRef;
}

/** A PostTarget over a full model: positions are read when asked (an edit may move the post). */
class LoadedTarget implements PostTarget {
  constructor(readonly full: PostRef) {}
  get uri() {
    return this.full.file.uri;
  }
  get fileName() {
    return this.full.file.name;
  }
  get tid() {
    return this.full.file.tid;
  }
  get page() {
    return this.full.file.page;
  }
  get index() {
    return this.full.post.index;
  }
  get floor() {
    return this.full.post.floor;
  }
  get author() {
    return this.full.post.author;
  }
  get date() {
    return this.full.post.date?.text ?? null;
  }
  get op() {
    return this.full.post.op;
  }
  get line() {
    return this.full.post.line;
  }
  get header() {
    return spanRange(this.full.file, postHeaderSpan(this.full.post));
  }
  get range() {
    return spanRange(this.full.file, this.full.post.span);
  }
}

/** The target of a post of a fully loaded file. */
export function targetOf(ref: PostRef): PostTarget {
  return new LoadedTarget(ref);
}

/** The header lines of a post: where a reference or definition lands. */
export function postHeaderSpan(post: Post): Span {
  return { start: post.authorLine.start, end: post.floorLine.end };
}

/** A quote's header, or the whole quote when it has none: where a quote is pointed at from. */
export function quoteHeaderSpan(quote: Quote): Span {
  return quote.header?.span ?? quote.span;
}

export function spanRange(file: DumpFile, span: Span): LineRange {
  return { start: file.doc.positionAt(span.start), end: file.doc.positionAt(span.end) };
}

/** How a quote resolves, with its posts as PostTargets (QuoteResolution over either tier). */
export interface QuoteAnswer {
  status: QuoteStatus;
  how?: ResolvedHow;
  target?: PostTarget;
  /** For ambiguous quotes: the posts it could be; for resolved ones: the other candidates. */
  candidates: PostTarget[];
  offsetHours?: number;
  mismatch?: boolean;
  /** Another quote with the same findpost pid (always in the same, loaded, thread). */
  pidConflict?: QuoteRef;
  /** The post the conflicting quote lands on. */
  pidConflictTarget?: PostTarget;
  outsideReason?: 'earlier' | 'other-thread';
}

const NO_TARGETS: PostTarget[] = [];
Object.freeze(NO_TARGETS);

export function answerOf(r: QuoteResolution | null, thread: ThreadResolution): QuoteAnswer | null {
  if (!r) return null;
  const a: QuoteAnswer = { status: r.status, candidates: r.candidates.length === 0 ? NO_TARGETS : r.candidates.map(targetOf) };
  if (r.how) a.how = r.how;
  if (r.target) a.target = targetOf(r.target);
  if (r.offsetHours !== undefined) a.offsetHours = r.offsetHours;
  if (r.mismatch) a.mismatch = true;
  if (r.outsideReason) a.outsideReason = r.outsideReason;
  if (r.pidConflict) {
    a.pidConflict = r.pidConflict;
    const t = thread.of(r.pidConflict.quote)?.target;
    if (t) a.pidConflictTarget = targetOf(t);
  }
  return a;
}

/** One request's view of one document (see the top of this file). */
export interface RequestView {
  readonly uri: string;
  readonly file: DumpFile;
  /** The resolution of the file's thread (computed on first use; kept current through edits). */
  readonly thread: ThreadResolution;
  /** How a quote of this file resolves (null for a quote without a header). */
  resolve(quote: Quote): QuoteAnswer | null;
  /** The quotes that point at a post (its replies), in thread order, wherever the post is. */
  repliesTo(target: PostTarget): QuoteRef[];
  /** The resolved quotes a post of this file makes, with their targets, in file order. */
  quotesMadeBy(post: Post): { quote: QuoteRef; target: PostTarget }[];
}

export class DocumentView implements RequestView {
  private res: ThreadResolution | undefined;
  constructor(
    readonly file: DumpFile,
    private readonly threadOf: () => ThreadResolution,
    /** The resolution of another file's thread (undefined when that file is not loaded in full). */
    private readonly threadFor: (uri: string) => ThreadResolution | undefined,
  ) {}
  get uri(): string {
    return this.file.uri;
  }
  get thread(): ThreadResolution {
    return (this.res ??= this.threadOf());
  }
  resolve(quote: Quote): QuoteAnswer | null {
    return answerOf(this.thread.of(quote), this.thread);
  }
  repliesTo(target: PostTarget): QuoteRef[] {
    if (!target.full) return [];
    const res = target.uri === this.file.uri ? this.thread : this.threadFor(target.uri);
    return res?.repliesOf(target.full.post) ?? [];
  }
  quotesMadeBy(post: Post): { quote: QuoteRef; target: PostTarget }[] {
    return this.thread.quotesMadeBy(this.file, post).map((x) => ({ quote: x.quote, target: targetOf(x.target) }));
  }
}

/** What is under the cursor. */
export type Target =
  | {
      kind: 'quote';
      quote: Quote;
      /** How it resolves (null: no header). */
      answer: QuoteAnswer | null;
      /** Where the request points from: the findpost link when the offset is on it, else the header. */
      origin: Span;
    }
  | { kind: 'post'; post: Post; target: PostTarget };

/** The quote header (or its findpost link) or the post header at `offset`, if any. */
export function targetAt(view: RequestView, offset: number): Target | undefined {
  const doc = view.file.doc;
  const q = doc.quoteHeaderAt(offset);
  if (q && q.header) {
    const h = q.header;
    const origin = h.hrefSpan && offset >= h.hrefSpan.start && offset <= h.hrefSpan.end ? h.hrefSpan : h.span;
    return { kind: 'quote', quote: q, answer: view.resolve(q), origin };
  }
  const post = doc.postHeaderAt(offset);
  if (post) return { kind: 'post', post, target: targetOf({ file: view.file, post }) };
  return undefined;
}

/** One dump of the workspace as workspace-wide features read it (either tier). */
export interface DumpEntry {
  readonly uri: string;
  readonly name: string;
  readonly tid: string | null;
  readonly page: number | null;
  readonly postCount: number;
  floor(i: number): number | null;
  author(i: number): string;
  target(i: number): PostTarget;
  /** Whether this tier holds the posts' text. */
  readonly hasText: boolean;
  /** The posts' authors as ids into a table shared by many entries (the compact tier), when there is one. */
  readonly authorIds?: { ids: Int32Array; names: readonly string[] };
  /**
   * The post's own text from the first `limit` characters of its body (DumpDocument.postText;
   * `cut`: there is more), or undefined when this tier does not hold it.
   */
  text(i: number, limit: number): { text: string; cut: boolean } | undefined;
}

/** What workspace-wide features may ask of the workspace. */
export interface WorkspaceQuery {
  /** Every dump, by thread id, page, then URI. */
  dumps(): DumpEntry[];
  /** While the workspace is being indexed: how far it is (answers may be incomplete), else undefined. */
  indexing?(): { done: number; total: number; folder: string } | undefined;
}

/** A DumpEntry over a fully loaded file. */
export class LoadedEntry implements DumpEntry {
  constructor(readonly file: DumpFile) {}
  get uri() {
    return this.file.uri;
  }
  get name() {
    return this.file.name;
  }
  get tid() {
    return this.file.tid;
  }
  get page() {
    return this.file.page;
  }
  get postCount() {
    return this.file.doc.posts.length;
  }
  floor(i: number) {
    return this.file.doc.posts[i].floor;
  }
  author(i: number) {
    return this.file.doc.posts[i].author;
  }
  target(i: number) {
    return targetOf({ file: this.file, post: this.file.doc.posts[i] });
  }
  readonly hasText = true;
  text(i: number, limit: number) {
    return this.file.doc.postText(this.file.doc.posts[i], limit);
  }
}
