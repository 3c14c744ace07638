// Quote resolution across the files of one thread: the one place that decides which post a
// quote points at. By (author, minute); ties broken by the quoted excerpt; findpost pids learned
// from resolved quotes settle the rest; whole-hour time-zone offsets as a marked fallback.
import { decodeEntities, type Post, type Quote } from '../model';
import type { DumpFile } from './files';

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

export interface ThreadResolution {
  files: DumpFile[];
  /** Per file URI: one entry per quote id (null for quotes without a header). */
  quotes: Map<string, (QuoteResolution | null)[]>;
  /** Per file URI: per post index, the quotes that resolve to it (the post's replies). */
  replies: Map<string, Map<number, QuoteRef[]>>;
  /** findpost pid → post, learned from resolved quotes. */
  pids: Map<string, PostRef>;
}

/** How well a quoted excerpt matches a post: 3 prefix, 2 substring, 1 shared start, 0 none. */
export function excerptScore(quoted: string, post: string): number {
  if (quoted.length === 0) return 0;
  if (post.startsWith(quoted)) return 3;
  if (post.includes(quoted)) return 2;
  let i = 0;
  const n = Math.min(quoted.length, post.length);
  while (i < n && quoted.charCodeAt(i) === post.charCodeAt(i)) i++;
  return i >= 8 || (i >= 3 && i >= quoted.length / 2) ? 1 : 0;
}

const key = (author: string, minute: number): string => `${minute}\u0000${author}`;

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
function quoteAuthor(author: string): string {
  return author === '匿名者' ? '匿名' : author;
}

/** Resolves every quote of a thread (the given files, in page order). */
export function resolveThread(files: DumpFile[], threadId: string | null): ThreadResolution {
  const byKey = new Map<string, PostRef[]>();
  let minMinute = Infinity;
  const byFloor = new Map<number, PostRef[]>();
  for (const file of files) {
    for (const post of file.doc.posts) {
      if (post.floor !== null) {
        const l = byFloor.get(post.floor);
        if (l) l.push({ file, post });
        else byFloor.set(post.floor, [{ file, post }]);
      }
      if (!post.date) continue;
      if (post.date.minute < minMinute) minMinute = post.date.minute;
      const k = key(decodeEntities(post.author), post.date.minute);
      const l = byKey.get(k);
      if (l) l.push({ file, post });
      else byKey.set(k, [{ file, post }]);
    }
  }

  const quotes = new Map<string, (QuoteResolution | null)[]>();
  const pending: { file: DumpFile; quote: Quote; res: QuoteResolution }[] = [];

  const pick = (quoted: string, cands: PostRef[]): { best: PostRef[]; score: number } => {
    let score = -1;
    let best: PostRef[] = [];
    for (const c of cands) {
      const s = excerptScore(quoted, c.file.doc.postNormalized(c.post));
      if (s > score) {
        score = s;
        best = [c];
      } else if (s === score) best.push(c);
    }
    return { best, score };
  };

  for (const file of files) {
    const out: (QuoteResolution | null)[] = new Array(file.doc.quotes.length).fill(null);
    quotes.set(file.uri, out);
    for (const quote of file.doc.quotes) {
      const h = quote.header;
      if (!h) continue;
      const res: QuoteResolution = { status: 'notfound', candidates: [] };
      out[quote.id] = res;
      if (!h.date) {
        pending.push({ file, quote, res });
        continue;
      }
      const author = quoteAuthor(h.author);
      const cands = byKey.get(key(author, h.date.minute)) ?? [];
      const quoted = () => file.doc.quotedText(quote).normalized;
      if (cands.length === 1) {
        res.status = 'resolved';
        res.how = 'exact';
        res.target = cands[0];
        const q = quoted();
        if (q.length > 0 && excerptScore(q, cands[0].file.doc.postNormalized(cands[0].post)) === 0 && !isBlocked(cands[0])) {
          res.mismatch = true;
        }
      } else if (cands.length > 1) {
        const { best, score } = pick(quoted(), cands);
        if (score > 0 && best.length === 1) {
          res.status = 'resolved';
          res.how = 'excerpt';
          res.target = best[0];
          res.candidates = cands.filter((c) => c !== best[0]);
        } else {
          const pool = score > 0 ? best : cands;
          if (pool.every((c) => sameBlock(c, pool[0]))) {
            res.status = 'resolved';
            res.how = 'duplicate';
            res.target = pool[0];
            res.candidates = pool.slice(1);
          } else {
            res.status = 'ambiguous';
            res.candidates = pool;
          }
        }
      } else if (threadId && h.ptid && h.ptid !== threadId) {
        res.status = 'outside';
        res.outsideReason = 'other-thread';
      } else if (h.date.minute < minMinute) {
        res.status = 'outside';
        res.outsideReason = 'earlier';
      }
      if (res.status !== 'resolved') pending.push({ file, quote, res });
    }
  }

  // findpost pids: learn from resolved quotes, flag contradictions, settle the rest.
  const pids = new Map<string, PostRef>();
  const pidFirst = new Map<string, QuoteRef>();
  for (const file of files) {
    const out = quotes.get(file.uri) as (QuoteResolution | null)[];
    for (const quote of file.doc.quotes) {
      const res = out[quote.id];
      const pid = quote.header?.pid;
      if (!res || !pid || res.status !== 'resolved' || !res.target) continue;
      const known = pids.get(pid);
      if (!known) {
        pids.set(pid, res.target);
        pidFirst.set(pid, { file, quote });
      } else if (known.post !== res.target.post || known.file !== res.target.file) {
        if (!sameBlock(known, res.target)) res.pidConflict = pidFirst.get(pid);
      }
    }
  }
  for (const { file, quote, res } of pending) {
    const h = quote.header;
    if (!h) continue;
    const viaPid = h.pid ? pids.get(h.pid) : undefined;
    if (viaPid) {
      res.status = 'resolved';
      res.how = 'pid';
      res.target = viaPid;
      res.candidates = res.candidates.filter((c) => c.post !== viaPid.post || c.file !== viaPid.file);
      delete res.outsideReason;
      continue;
    }
    if (res.status === 'ambiguous' || res.outsideReason === 'other-thread') continue;
    // The app form names a floor: take the post of that floor by that author.
    if (h.floor !== null) {
      const onFloor = (byFloor.get(h.floor) ?? []).filter((c) => decodeEntities(c.post.author) === quoteAuthor(h.author));
      if (onFloor.length > 0 && onFloor.every((c) => sameBlock(c, onFloor[0]))) {
        res.status = 'resolved';
        res.how = 'floor';
        res.target = onFloor[0];
        continue;
      }
    }
    // Whole-hour time-zone offsets: a candidate only when the excerpt agrees.
    if (h.date) {
      const q = file.doc.quotedText(quote).normalized;
      const found: { ref: PostRef; hours: number }[] = [];
      for (const hours of OFFSETS) {
        for (const c of byKey.get(key(quoteAuthor(h.author), h.date.minute + hours * 60)) ?? []) {
          if (q.length === 0 || excerptScore(q, c.file.doc.postNormalized(c.post)) >= 2) found.push({ ref: c, hours });
        }
        if (found.length > 0) break;
      }
      if (found.length > 0 && found.every((f) => sameBlock(f.ref, found[0].ref)) && q.length > 0) {
        res.status = 'resolved';
        res.how = 'offset';
        res.target = found[0].ref;
        res.offsetHours = found[0].hours;
        delete res.outsideReason;
      } else if (found.length > 0) {
        res.candidates = found.map((f) => f.ref);
      }
    }
  }

  // Replies: the inverse of resolution.
  const replies = new Map<string, Map<number, QuoteRef[]>>();
  for (const file of files) {
    const out = quotes.get(file.uri) as (QuoteResolution | null)[];
    for (const quote of file.doc.quotes) {
      const t = out[quote.id]?.target;
      if (!t) continue;
      let m = replies.get(t.file.uri);
      if (!m) replies.set(t.file.uri, (m = new Map()));
      const l = m.get(t.post.index);
      if (l) l.push({ file, quote });
      else m.set(t.post.index, [{ file, quote }]);
    }
  }
  return { files, quotes, replies, pids };
}
