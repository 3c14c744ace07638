// Quote resolution across the files of one thread: the one place that decides which post a
// quote points at. By (author, minute); ties broken by the quoted excerpt; findpost pids learned
// from resolved quotes settle the rest; whole-hour time-zone offsets as a marked fallback.
import { decodeEntities, type DocumentEdit, type Post, type Quote } from '../model';
import { compareFiles, type DumpFile } from './files';

export interface PostRef {
  file: DumpFile;
  post: Post;
}

export interface QuoteRef {
  file: DumpFile;
  quote: Quote;
}

export type QuoteStatus = 'resolved' | 'ambiguous' | 'notfound' | 'outside';

/** How a resolved quote found its post. */
export type ResolvedHow = 'exact' | 'excerpt' | 'duplicate' | 'pid' | 'offset' | 'floor';

export interface QuoteResolution {
  status: QuoteStatus;
  how?: ResolvedHow;
  target?: PostRef;
  /** For ambiguous quotes: the posts it could be; for resolved ones: the other candidates. */
  candidates: PostRef[];
  /** For `offset`: the whole hours added to the quote's time to find the post. */
  offsetHours?: number;
  /** Resolved by author and time, but the quoted text is not from that post. */
  mismatch?: boolean;
  /** Another quote with the same findpost pid lands on a different post. */
  pidConflict?: QuoteRef;
  /** Why it is outside: the quoted post predates the files present, or it is in another thread. */
  outsideReason?: 'earlier' | 'other-thread';
}

/**
 * How far into a post a quoted excerpt is looked for (the longest post of the corpus is 27k
 * characters normalised). Unbounded, thousands of quotes of one huge post cost quotes × post size.
 */
export const EXCERPT_WINDOW = 1 << 16;

/**
 * At most this many posts with one author and minute (or floor) are weighed for a quote (the
 * corpus has at most 42 in a file: repeated blocks). 100k copies of one post would otherwise cost
 * every one of their quotes 100k comparisons and a 100k-entry candidate list.
 */
export const MAX_CANDIDATES = 200;

/** How well a quoted excerpt matches a post: 3 prefix, 2 substring, 1 shared start, 0 none. */
export function excerptScore(quoted: string, post: string): number {
  if (quoted.length === 0) return 0;
  if (post.startsWith(quoted)) return 3;
  if ((post.length > EXCERPT_WINDOW + quoted.length ? post.slice(0, EXCERPT_WINDOW + quoted.length) : post).includes(quoted)) return 2;
  let i = 0;
  const n = Math.min(quoted.length, post.length);
  while (i < n && quoted.charCodeAt(i) === post.charCodeAt(i)) i++;
  return i >= 8 || (i >= 3 && i >= quoted.length / 2) ? 1 : 0;
}

/**
 * An (author, minute) key: one number while the author's id fits in 21 bits (the minutes of years
 * 0000–9999 times 2^21 stay below 2^53, so the number is exact), a string `id:minute` beyond (a
 * string never equals a number). Keys never collide: ids are never reused.
 */
export type AuthorMinuteKey = number | string;
const AUTHOR_BITS = 2097152;

/** Authors as small numbers, so most (author, minute) keys are one number, not a string per post. */
export class AuthorMinuteKeys {
  private readonly ids = new Map<string, number>();

  key(author: string, minute: number): AuthorMinuteKey {
    let id = this.ids.get(author);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(author, id);
    }
    const k = minute * AUTHOR_BITS + id;
    return id < AUTHOR_BITS && Number.isSafeInteger(k) ? k : `${id}:${minute}`;
  }
}

/** Whole-hour offsets tried, nearest first (quote times are shown in the quoting user's zone). */
const OFFSETS = [-1, 1, -2, 2, -3, 3, 6, -6, 7, -7, 8, -8, 9, -9, 12, -12, 13, -13, 14, -14, 15, -15, 16, -16, 4, -4, 5, -5, 10, -10, 11, -11];

function isBlocked(ref: PostRef): boolean {
  return ref.file.doc.extras(ref.post).blocked !== null;
}

/** The same text posted again: a repeated block (same floor) or a double post (next floors). */
function sameBlock(a: PostRef, b: PostRef): boolean {
  return a.file.doc.postNormalized(a.post) === b.file.doc.postNormalized(b.post);
}

/** Quotes of anonymous posts name the author `匿名者`; the posts say `匿名`. */
export function quoteAuthor(author: string): string {
  return author === '匿名者' ? '匿名' : author;
}

/** Shared by every answer without candidates (most of them). */
const NONE: PostRef[] = [];
Object.freeze(NONE);

const BY_PID_SOURCES = new Set<ResolvedHow>(['exact', 'excerpt', 'duplicate']);

/**
 * The resolution of one thread's quotes, kept current through edits: an edit re-resolves only the
 * quotes it can affect (its own, and those naming an author and minute whose posts changed), then
 * re-applies the findpost pids and rebuilds the replies (both cheap passes over plain maps).
 */
export class ThreadResolution {
  files: DumpFile[];
  /** findpost pid → post, learned from quotes resolved by author, minute and excerpt. */
  pids = new Map<string, PostRef>();
  private readonly byKey = new Multi<AuthorMinuteKey, PostRef>();
  private readonly keys = new AuthorMinuteKeys();
  /**
   * Posts by floor number and author (`floor\0author`): only the STAGE1 app's quotes need it, so it
   * is built on demand. (By author too: a floor's posts filtered per quote were quadratic in a
   * file of one repeated floor.)
   */
  private floors: Multi<string, PostRef> | undefined;
  /** Quotes (with a header and a date) by the key they look up. */
  private readonly quotesByKey = new Multi<AuthorMinuteKey, Quote>();
  /** Quotes of the STAGE1 app form (they name a floor): few; re-resolved on every edit. */
  private readonly appQuotes = new Set<Quote>();
  private readonly fileOf = new Map<Quote, DumpFile>();
  /** Resolution by author, minute, excerpt, floor and offset (before pids). */
  private readonly base = new Map<Quote, QuoteResolution | null>();
  /** The final answer per quote. */
  private final = new Map<Quote, QuoteResolution | null>();
  /**
   * The quotes resolving to each post, as sets (moving a quote between posts is O(1): with lists,
   * a post quoted by 100k quotes made every move a 100k-long search), and each post's list in
   * thread order, built when asked for and dropped when its set changes.
   */
  private readonly replySets = new Map<Post, Set<Quote>>();
  private readonly replyLists = new Map<Post, QuoteRef[]>();
  /** Quotes with no post at their own author and minute (not found, outside, or found by floor or offset). */
  private readonly unmatched = new Set<Quote>();
  /** Quotes whose answer is worth a diagnostic (not cleanly resolved): few, even in huge threads. */
  private readonly flagged = new Set<Quote>();
  /** Quotes by the findpost pid in their link (usually one to three each). */
  private readonly pidQuotes = new Multi<string, Quote>();
  /** The earliest post's minute (what is "outside" depends on it), kept by a count per minute. */
  private minMinute = Infinity;
  private readonly minutes = new MinuteCounts();

  constructor(
    files: DumpFile[],
    readonly threadId: string | null,
    /** Posts of another thread of the workspace (by its id, author and minute), for quotes across threads. */
    private readonly foreign: ForeignLookup = () => NONE,
  ) {
    this.files = files;
    for (const f of files) for (const p of f.doc.posts) this.addPost(f, p);
    for (const f of files) for (const q of f.doc.quotes) this.addQuote(f, q);
    for (const q of this.base.keys()) this.setBase(q, this.resolveBase(q));
    this.finish(this.base.keys(), []);
  }

  /** How a quote resolves (null for a quote without a header). */
  of(quote: Quote): QuoteResolution | null {
    return this.final.get(quote) ?? null;
  }

  /** The quotes that resolve to a post (its replies), in thread order. */
  repliesOf(post: Post): QuoteRef[] {
    let l = this.replyLists.get(post);
    if (!l) {
      const set = this.replySets.get(post);
      if (!set) return NO_REPLIES;
      l = [...set].sort(this.order).map((quote) => ({ file: this.fileOf.get(quote) as DumpFile, quote }));
      this.replyLists.set(post, l);
    }
    return l;
  }

  /** The resolved quotes a post of a file of this thread makes, with their targets, in file order. */
  quotesMadeBy(file: DumpFile, post: Post): { quote: QuoteRef; target: PostRef }[] {
    const out: { quote: QuoteRef; target: PostRef }[] = [];
    for (const id of post.quotes) {
      const quote = file.doc.quotes[id];
      const target = this.of(quote)?.target;
      if (target) out.push({ quote: { file, quote }, target });
    }
    return out;
  }

  /** One entry per quote of a file, in the file's order. */
  quotesOf(file: DumpFile): (QuoteResolution | null)[] {
    return file.doc.quotes.map((q) => this.of(q));
  }

  /** Counts the edits taken in (what caches of derived results key on). */
  epoch = 0;

  /** A page file joins the thread (read from disk, or opened). */
  addFile(file: DumpFile): void {
    if (this.files.includes(file)) return;
    this.files = [...this.files, file].sort(compareFiles);
    this.applyEdit(file, { fromIndex: 0, removedPosts: [], addedPosts: file.doc.posts, removedQuotes: [], addedQuotes: file.doc.quotes, delta: 0 });
  }

  /** A page file leaves the thread (deleted, or replaced by a newer reading). */
  removeFile(file: DumpFile): void {
    if (!this.files.includes(file)) return;
    this.files = this.files.filter((f) => f !== file);
    this.applyEdit(file, { fromIndex: 0, removedPosts: file.doc.posts, addedPosts: [], removedQuotes: file.doc.quotes, addedQuotes: [], delta: 0 });
  }

  /** Takes in an edit of one file of the thread (already applied to its document). */
  applyEdit(file: DumpFile, edit: DocumentEdit): void {
    this.epoch++;
    const dirty = new Set<Quote>();
    const touchedKeys = new Set<AuthorMinuteKey>();
    const minBefore = this.minMinute;
    for (const k of this.removePosts(edit.removedPosts)) touchedKeys.add(k);
    for (const p of edit.addedPosts) {
      const k = this.addPost(file, p);
      if (k) touchedKeys.add(k);
    }
    // Minutes counted out after the re-read posts counted in (a minute that stays is not dropped).
    for (const p of edit.removedPosts) if (p.date) this.minutes.remove(p.date.minute);
    this.minMinute = this.minutes.min();
    const removed = this.removeQuotes(edit.removedQuotes);
    for (const q of edit.addedQuotes) {
      this.addQuote(file, q);
      dirty.add(q);
    }
    // The earliest post decides what is "outside": if it moved, the quotes it can change are
    // those without a post at their own author and minute (the rest never look at it), all in
    // `unmatched` — not every quote of the thread (a 100k-quote thread re-resolved them all).
    if (this.minMinute !== minBefore) for (const q of this.unmatched) dirty.add(q);
    // Quotes naming a changed author and minute…
    for (const k of touchedKeys) for (const q of this.quotesByKey.get(k)) dirty.add(q);
    // …or that minute at a whole-hour offset: only quotes without a match of their own use
    // offsets (few), so look from them rather than from every changed key.
    for (const q of this.unmatched) {
      const h = q.header;
      if (!h?.date) continue;
      const author = quoteAuthor(h.author);
      for (const hours of OFFSETS) {
        if (touchedKeys.has(this.key(author, h.date.minute + hours * 60))) {
          dirty.add(q);
          break;
        }
      }
    }
    for (const q of this.appQuotes) dirty.add(q);
    for (const q of dirty) if (this.base.has(q)) this.setBase(q, this.resolveBase(q));
    this.finish(dirty, removed);
  }

  private key(author: string, minute: number): AuthorMinuteKey {
    return this.keys.key(author, minute);
  }

  private addPost(file: DumpFile, post: Post): AuthorMinuteKey | null {
    const ref = { file, post };
    this.floors = undefined;
    if (!post.date) return null;
    this.minutes.add(post.date.minute);
    if (post.date.minute < this.minMinute) this.minMinute = post.date.minute;
    const k = this.key(decodeEntities(post.author), post.date.minute);
    // Keep each key's posts in thread order (files in page order, posts in file order).
    this.byKey.add(k, ref, comparePostRefs(this.files));
    return k;
  }

  /**
   * Forgets the posts an edit removed; returns their (author, minute) keys. One pass per key
   * (a search and splice per post was quadratic when an edit removed many posts of one key).
   */
  private removePosts(posts: Post[]): Set<AuthorMinuteKey> {
    this.floors = undefined;
    const byKey = new Map<AuthorMinuteKey, Set<Post>>();
    for (const post of posts) {
      if (!post.date) continue;
      const k = this.key(decodeEntities(post.author), post.date.minute);
      let set = byKey.get(k);
      if (!set) byKey.set(k, (set = new Set()));
      set.add(post);
    }
    for (const [k, set] of byKey) this.byKey.removeAll(k, (r) => set.has(r.post));
    return new Set(byKey.keys());
  }

  private addQuote(file: DumpFile, q: Quote): void {
    const h = q.header;
    if (!h) return;
    this.fileOf.set(q, file);
    this.base.set(q, null);
    if (h.pid) {
      this.pidQuotes.add(h.pid, q);
    }
    if (h.date) {
      const k = this.key(quoteAuthor(h.author), h.date.minute);
      this.quotesByKey.add(k, q);
    }
    if (h.floor !== null) this.appQuotes.add(q);
  }

  /**
   * Forgets quotes (their final answers and replies go in finish); returns those that had a
   * header. One pass per key, as for posts.
   */
  private removeQuotes(quotes: Quote[]): Quote[] {
    const out: Quote[] = [];
    const byKey = new Map<AuthorMinuteKey, Set<Quote>>();
    for (const q of quotes) {
      const h = q.header;
      if (!this.base.has(q)) continue;
      out.push(q);
      this.base.delete(q);
      this.unmatched.delete(q);
      this.appQuotes.delete(q);
      if (h?.date) {
        const k = this.key(quoteAuthor(h.author), h.date.minute);
        let set = byKey.get(k);
        if (!set) byKey.set(k, (set = new Set()));
        set.add(q);
      }
    }
    for (const [k, set] of byKey) this.quotesByKey.removeAll(k, (x) => set.has(x));
    return out;
  }

  private pick(quoted: string, cands: PostRef[]): { best: PostRef[]; score: number } {
    let score = -1;
    let best: PostRef[] = [];
    for (const c of cands) {
      const sc = excerptScore(quoted, c.file.doc.postNormalized(c.post));
      if (sc > score) {
        score = sc;
        best = [c];
      } else if (sc === score) best.push(c);
    }
    return { best, score };
  }

  private setBase(q: Quote, r: QuoteResolution): void {
    this.base.set(q, r);
    if (r.status !== 'resolved' || r.how === 'offset' || r.how === 'floor') this.unmatched.add(q);
    else this.unmatched.delete(q);
  }

  /**
   * A quote's answer by author and minute (the excerpt breaks ties); null when no post has them.
   * What the pids never override: a quote settled here keeps its post.
   */
  private byAuthorMinute(file: DumpFile, quote: Quote, author: string, minute: number): QuoteResolution | null {
    // Exact copies (a block stored twice) are one candidate: the first.
    const cands = withoutCopies(capped(this.byKey.get(this.key(author, minute))));
    if (cands.length === 0) return null;
    const quoted = file.doc.quotedNormalized(quote);
    const res: QuoteResolution = { status: 'resolved', candidates: NONE };
    if (cands.length === 1) {
      res.how = 'exact';
      res.target = cands[0];
      if (quoted.length > 0 && excerptScore(quoted, cands[0].file.doc.postNormalized(cands[0].post)) === 0 && !isBlocked(cands[0])) res.mismatch = true;
      return res;
    }
    const { best, score } = this.pick(quoted, cands);
    if (score > 0 && best.length === 1) {
      res.how = 'excerpt';
      res.target = best[0];
      res.candidates = cands.filter((c) => c !== best[0]);
      return res;
    }
    const pool = score > 0 ? best : cands;
    if (pool.every((c) => sameBlock(c, pool[0]))) {
      res.how = 'duplicate';
      res.target = pool[0];
      res.candidates = pool.slice(1);
    } else {
      res.status = 'ambiguous';
      res.candidates = pool.slice(); // never the index's own array
    }
    return res;
  }

  /**
   * The post a quote would resolve to if its header named `author` (as quote headers name it)
   * at `minute`, with its quoted text as it is: what a quick fix may offer to rewrite it to.
   * Undefined when author and minute would not settle it.
   */
  resolveAs(quote: Quote, author: string, minute: number): PostRef | undefined {
    const file = this.fileOf.get(quote);
    return file ? this.byAuthorMinute(file, quote, quoteAuthor(author), minute)?.target : undefined;
  }

  /** Resolution by author and minute, the excerpt, the app form's floor, and offsets. */
  private resolveBase(quote: Quote): QuoteResolution {
    const file = this.fileOf.get(quote) as DumpFile;
    const h = quote.header!;
    const res: QuoteResolution = { status: 'notfound', candidates: NONE };
    if (!h.date) return res;
    const author = quoteAuthor(h.author);
    const byKey = this.byAuthorMinute(file, quote, author, h.date.minute);
    if (byKey) return byKey;
    const quoted = () => file.doc.quotedNormalized(quote);
    if (this.threadId && h.ptid && h.ptid !== this.threadId) {
      // Another thread of the workspace, if it holds the post (by author and minute).
      const there = capped(this.foreign(h.ptid, author, h.date.minute));
      if (there.length > 0) {
        const { best, score } = there.length > 1 ? this.pick(quoted(), there) : { best: there, score: 1 };
        res.status = best.length === 1 || best.every((c) => sameBlock(c, best[0])) ? 'resolved' : 'ambiguous';
        if (res.status === 'resolved') {
          res.how = there.length === 1 ? 'exact' : score > 0 ? 'excerpt' : 'duplicate';
          res.target = best[0];
          res.candidates = there.filter((c) => c !== best[0]);
        } else res.candidates = best.slice();
        return res;
      }
      res.status = 'outside';
      res.outsideReason = 'other-thread';
      return res;
    }
    if (h.date.minute < this.minMinute) {
      res.status = 'outside';
      res.outsideReason = 'earlier';
    }
    // The app form names a floor: take the post of that floor by that author.
    if (h.floor !== null) {
      if (!this.floors) {
        this.floors = new Multi<string, PostRef>();
        for (const f of this.files) for (const p of f.doc.posts) if (p.floor !== null) this.floors.add(floorKey(p.floor, decodeEntities(p.author)), { file: f, post: p });
      }
      const onFloor = capped(this.floors.get(floorKey(h.floor, author)));
      if (onFloor.length > 0 && onFloor.every((c) => sameBlock(c, onFloor[0]))) {
        delete res.outsideReason;
        res.status = 'resolved';
        res.how = 'floor';
        res.target = onFloor[0];
        return res;
      }
    }
    // Whole-hour time-zone offsets: a candidate only when the excerpt agrees.
    const q = quoted();
    const found: { ref: PostRef; hours: number }[] = [];
    for (const hours of OFFSETS) {
      for (const c of capped(this.byKey.get(this.key(author, h.date.minute + hours * 60)))) {
        if (q.length === 0 || excerptScore(q, c.file.doc.postNormalized(c.post)) >= 2) found.push({ ref: c, hours });
      }
      if (found.length > 0) break;
    }
    if (found.length > 0 && q.length > 0 && found.every((f) => sameBlock(f.ref, found[0].ref))) {
      delete res.outsideReason;
      res.status = 'resolved';
      res.how = 'offset';
      res.target = found[0].ref;
      res.offsetHours = found[0].hours;
    } else if (found.length > 0 && res.status === 'notfound') {
      res.candidates = found.map((f) => f.ref);
    }
    return res;
  }

  /** Thread order of two quotes: page file order, then place in the file. */
  private order = (a: Quote, b: Quote): number => {
    const fa = this.fileOf.get(a) as DumpFile;
    const fb = this.fileOf.get(b) as DumpFile;
    return fa === fb ? a.id - b.id : this.files.indexOf(fa) - this.files.indexOf(fb);
  };

  /** Sets a quote's final answer, moving it between the reply sets of its old and new target. */
  private setFinal(q: Quote, r: QuoteResolution | null): void {
    const old = this.final.get(q)?.target?.post;
    const now = r?.target?.post;
    if (old !== now) {
      if (old) {
        const set = this.replySets.get(old);
        set?.delete(q);
        if (set && set.size === 0) this.replySets.delete(old);
        this.replyLists.delete(old);
      }
      if (now) {
        let set = this.replySets.get(now);
        if (!set) this.replySets.set(now, (set = new Set()));
        set.add(q);
        this.replyLists.delete(now);
      }
    }
    this.final.set(q, r);
    if (r && !(r.status === 'resolved' && !r.mismatch && r.how !== 'offset' && !r.pidConflict)) this.flagged.add(q);
    else this.flagged.delete(q);
  }

  /** The quotes of a file whose answer is not a clean resolution (for diagnostics), in file order. */
  flaggedIn(file: DumpFile): Quote[] {
    const out: Quote[] = [];
    for (const q of this.flagged) if (this.fileOf.get(q) === file) out.push(q);
    return out.sort((a, b) => a.id - b.id);
  }

  /**
   * The final answers of the given quotes (just re-resolved) and of every quote sharing a pid
   * with them: pids are learned from quotes resolved by author, minute and excerpt (the first in
   * thread order teaches it), contradicting quotes are flagged, the rest are settled by pid.
   */
  private finish(dirty: Iterable<Quote>, removed: Quote[]): void {
    const touchedPids = new Set<string>();
    for (const q of removed) {
      this.setFinal(q, null);
      this.final.delete(q);
      this.flagged.delete(q);
      this.fileOf.delete(q);
      const pid = q.header?.pid;
      if (pid) touchedPids.add(pid);
    }
    // One pass per pid (a search per quote was quadratic for many quotes of one pid).
    const gone = new Set(removed);
    for (const pid of touchedPids) this.pidQuotes.removeAll(pid, (x) => gone.has(x));
    for (const q of dirty) {
      if (!this.base.has(q)) continue;
      const pid = q.header?.pid;
      if (pid) touchedPids.add(pid);
      else this.setFinal(q, this.base.get(q) ?? null);
    }
    for (const pid of touchedPids) this.settlePid(pid);
  }

  private settlePid(pid: string): void {
    const qs = this.pidQuotes.get(pid).slice().sort(this.order);
    if (qs.length === 0) {
      this.pids.delete(pid);
      return;
    }
    let known: PostRef | undefined;
    let first: QuoteRef | undefined;
    for (const q of qs) {
      const b = this.base.get(q);
      if (b && b.status === 'resolved' && b.target && BY_PID_SOURCES.has(b.how as ResolvedHow)) {
        known = b.target;
        first = { file: this.fileOf.get(q) as DumpFile, quote: q };
        break;
      }
    }
    if (known) this.pids.set(pid, known);
    else this.pids.delete(pid);
    for (const q of qs) {
      const b = this.base.get(q) ?? null;
      if (!b || !known) {
        this.setFinal(q, b);
        continue;
      }
      if (b.status === 'resolved' && b.target && BY_PID_SOURCES.has(b.how as ResolvedHow)) {
        const conflict = (known.post !== b.target.post || known.file !== b.target.file) && !sameBlock(known, b.target);
        this.setFinal(q, conflict ? { ...b, pidConflict: first } : b);
      } else if (!(b.status === 'resolved' && known.post === b.target?.post)) {
        // Not settled by author and minute (or only by floor or offset): the pid decides.
        this.setFinal(q, { status: 'resolved', how: 'pid', target: known, candidates: b.candidates.filter((c) => c.post !== known.post || c.file !== known.file) });
      } else this.setFinal(q, b);
    }
  }
}

/**
 * A map to one or more values that stores a lone value without an array (most keys — an author's
 * minute, a pid — have exactly one), to keep huge threads small in memory.
 */
class Multi<K, V extends object> {
  private readonly m = new Map<K, V | V[]>();
  get(k: K): V[] {
    const x = this.m.get(k);
    return x === undefined ? (NONE_ANY as V[]) : Array.isArray(x) ? x : [x];
  }
  /**
   * Adds `v`; with `order`, keeps the values in that order: appended when it sorts last (posts
   * mostly come in thread order), else inserted where a binary search puts it (sorting the
   * whole list on every add was quadratic for many posts with one author and minute).
   */
  add(k: K, v: V, order?: (a: V, b: V) => number): void {
    const x = this.m.get(k);
    if (x === undefined) this.m.set(k, v);
    else if (Array.isArray(x)) {
      if (!order || order(x[x.length - 1], v) <= 0) x.push(v);
      else {
        let lo = 0;
        let hi = x.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (order(x[mid], v) <= 0) lo = mid + 1;
          else hi = mid;
        }
        x.splice(lo, 0, v);
      }
    } else this.m.set(k, !order || order(x, v) <= 0 ? [x, v] : [v, x]);
  }
  /** Removes every value of `k` that `pred` picks, in one pass. */
  removeAll(k: K, pred: (v: V) => boolean): void {
    const x = this.m.get(k);
    if (x === undefined) return;
    if (!Array.isArray(x)) {
      if (pred(x)) this.m.delete(k);
      return;
    }
    const kept = x.filter((v) => !pred(v));
    if (kept.length === 0) this.m.delete(k);
    else this.m.set(k, kept.length === 1 ? kept[0] : kept);
  }

}
/**
 * How many posts have each minute, and the earliest of them: a min-heap of the minutes with
 * lazy deletion (a minute leaves the heap when it reaches the top with no post left), rebuilt
 * when stale entries outnumber live ones. Finding the new earliest minute when the earliest post
 * changes is O(log n), not a walk over every post of the thread.
 */
class MinuteCounts {
  private readonly counts = new Map<number, number>();
  private heap: number[] = [];

  add(m: number): void {
    const c = this.counts.get(m) ?? 0;
    this.counts.set(m, c + 1);
    if (c === 0) this.push(m);
  }

  remove(m: number): void {
    const c = this.counts.get(m);
    if (c === undefined) return;
    if (c > 1) this.counts.set(m, c - 1);
    else {
      this.counts.delete(m);
      if (this.heap.length > 2 * this.counts.size + 64) {
        this.heap = [];
        for (const k of this.counts.keys()) this.push(k);
      }
    }
  }

  min(): number {
    const h = this.heap;
    while (h.length > 0 && !this.counts.has(h[0])) this.pop();
    return h.length > 0 ? h[0] : Infinity;
  }

  private push(m: number): void {
    const h = this.heap;
    let i = h.length;
    h.push(m);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (h[up] <= m) break;
      h[i] = h[up];
      i = up;
    }
    h[i] = m;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as number;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const c = l + 1 < h.length && h[l + 1] < h[l] ? l + 1 : l;
      if (h[c] >= last) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
}

const NONE_ANY: never[] = [];
Object.freeze(NONE_ANY);
const NO_REPLIES: QuoteRef[] = [];
Object.freeze(NO_REPLIES);

/**
 * A list of posts of one author and minute without the exact copies of an earlier one (same floor
 * and text): a page file that stores a block twice has two of each post, and a quote of one is not
 * ambiguous. The list itself when there are none (the usual case).
 */
function withoutCopies(l: PostRef[]): PostRef[] {
  if (l.length < 2) return l;
  const byFloor = new Map<number | null, PostRef[]>();
  let out: PostRef[] | null = null;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    const same = byFloor.get(c.post.floor);
    const copy = same !== undefined && same.some((d) => sameBlock(c, d));
    if (copy) {
      out ??= l.slice(0, i);
      continue;
    }
    if (same) same.push(c);
    else byFloor.set(c.post.floor, [c]);
    out?.push(c);
  }
  return out ?? l;
}

/** The first MAX_CANDIDATES of a list of posts (see there). */
function capped(l: PostRef[]): PostRef[] {
  return l.length > MAX_CANDIDATES ? l.slice(0, MAX_CANDIDATES) : l;
}

const floorKey = (floor: number, author: string): string => `${floor}\u0000${author}`;

/** Thread order of post references: page file order, then place in the file. */
function comparePostRefs(files: DumpFile[]): (a: PostRef, b: PostRef) => number {
  return (a, b) => (a.file === b.file ? a.post.index - b.post.index : files.indexOf(a.file) - files.indexOf(b.file));
}

/** Posts of thread `tid` by `author` (decoded) at `minute`, in thread order. */
export type ForeignLookup = (tid: string, author: string, minute: number) => PostRef[];

/** Resolves every quote of a thread (the given files, in page order). */
export function resolveThread(files: DumpFile[], threadId: string | null, foreign?: ForeignLookup): ThreadResolution {
  return new ThreadResolution(files, threadId, foreign);
}
