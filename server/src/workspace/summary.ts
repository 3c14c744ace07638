// The compact tier of the workspace index: what the workspace-wide features need of a dump that
// is not open (per post: floor, author, minute, line, flags; per file: thread id, page, name), in
// typed arrays, no text and no object per post. A summary is read straight from the text by
// `summarizeText` (a pass over the header lines only, with the scanner's own line tests, so it
// agrees with DumpDocument post by post) and travels as one ArrayBuffer (to and from worker
// threads, and into the on-disk cache) with the file's author names as a small string list.
import { DumpDocument, type Post } from '../model';
import { blankLine, isAuthorLine, isFloorLine, isSeparator, readAuthor, readFloorLine } from '../model/scanner';
import { baseName, parseDumpFileName, tidFromQuotes } from './files';
import { decodeText } from './text';

export const FLAG_OP = 1;
export const FLAG_ANONYMOUS = 2;
export const FLAG_DELETED_USER = 4;
export const FLAG_MALFORMED = 8;
/** The header has its floor line (it ends on the line after the author line). */
export const FLAG_FLOOR_LINE = 16;

/**
 * One file's posts as columns in one buffer (see layout and Columns): floor, minute, line,
 * author (an index into `authors` while raw, into the workspace's author table once interned),
 * flags.
 */
export interface RawSummary {
  n: number;
  data: ArrayBuffer;
  authors: string[];
  /** The thread id: from the name, or (for a name without one) from the quote links inside. */
  tid: string | null;
}

/** Byte offsets of the columns of a summary of n posts (the 8-byte columns first). */
export function layout(n: number): { floor: number; minute: number; line: number; author: number; headEnd: number; flags: number; bytes: number } {
  return { floor: 0, minute: 8 * n, line: 16 * n, author: 20 * n, headEnd: 24 * n, flags: 28 * n, bytes: (29 * n + 7) & ~7 };
}

/** Typed views of a summary's columns (they share its buffer). */
export interface Columns {
  /** NaN when the floor line is malformed (floors go up to 2^53: not an Int32). */
  floor: Float64Array;
  /** Minutes since 1970 (NaN when undated). */
  minute: Float64Array;
  line: Int32Array;
  author: Int32Array;
  /** The UTF-16 column where the header ends (on the floor line when FLAG_FLOOR_LINE). */
  headEnd: Int32Array;
  flags: Uint8Array;
}

export function columns(n: number, data: ArrayBuffer): Columns {
  const l = layout(n);
  if (data.byteLength < l.bytes) throw new Error('summary buffer too short');
  return {
    floor: new Float64Array(data, l.floor, n),
    minute: new Float64Array(data, l.minute, n),
    line: new Int32Array(data, l.line, n),
    author: new Int32Array(data, l.author, n),
    headEnd: new Int32Array(data, l.headEnd, n),
    flags: new Uint8Array(data, l.flags, n),
  };
}

class Builder {
  floor: number[] = [];
  line: number[] = [];
  author: number[] = [];
  minute: number[] = [];
  headEnd: number[] = [];
  flags: number[] = [];
  authors: string[] = [];
  private ids = new Map<string, number>();
  add(floor: number | null, line: number, author: string, minute: number | null, headEnd: number, flags: number): void {
    let id = this.ids.get(author);
    if (id === undefined) {
      id = this.authors.length;
      this.ids.set(author, id);
      this.authors.push(author);
    }
    this.floor.push(floor ?? NaN);
    this.line.push(line);
    this.author.push(id);
    this.minute.push(minute ?? NaN);
    this.headEnd.push(headEnd);
    this.flags.push(flags);
  }
  build(tid: string | null): RawSummary {
    const n = this.floor.length;
    const data = new ArrayBuffer(layout(n).bytes);
    const c = columns(n, data);
    c.floor.set(this.floor);
    c.line.set(this.line);
    c.author.set(this.author);
    c.minute.set(this.minute);
    c.headEnd.set(this.headEnd);
    c.flags.set(this.flags);
    return { n, data, authors: this.authors, tid };
  }
}

function flagsOf(p: { op: boolean; anonymous: boolean; deletedUser: boolean; malformed: string | null; hasFloorLine: boolean }): number {
  return (
    (p.op ? FLAG_OP : 0) |
    (p.anonymous ? FLAG_ANONYMOUS : 0) |
    (p.deletedUser ? FLAG_DELETED_USER : 0) |
    (p.malformed !== null ? FLAG_MALFORMED : 0) |
    (p.hasFloorLine ? FLAG_FLOOR_LINE : 0)
  );
}

/** The summary of an already parsed document (an open file, or a file read in full). */
export function summarizeDocument(uri: string, doc: DumpDocument): RawSummary {
  const b = new Builder();
  for (const p of doc.posts) b.add(p.floor, p.line, p.author, p.date?.minute ?? null, doc.positionAt(p.floorLine.end).character, flagsOf(p));
  return b.build(parseDumpFileName(baseName(uri)).tid ?? tidFromQuotes(doc));
}

/**
 * The summary of a dump's text without parsing its bodies: only lines that start with `#` (or a
 * BOM) are looked at, with the scanner's tests, and the line before a lone author line decides
 * (as the scanner's "separator pending" state does) whether it starts a post. A file whose name
 * carries no thread id is parsed in full (its thread comes from its quote links).
 */
export function summarizeText(uri: string, text: string): RawSummary {
  const tid = parseDumpFileName(baseName(uri)).tid;
  // (A lone CR breaks a line in the model as in editors: such rare files are parsed in full.)
  if (!tid || hasLoneCr(text)) return summarizeDocument(uri, new DumpDocument(text));
  return scanHeaders(text, (s, e) => text.slice(s, e), '\ufeff', 0, tid);
}

/**
 * The same as summarizeText(uri, decodeText(bytes)), read from the bytes: the file is looked at
 * as Latin-1 (one character per byte, no decoding) to find the lines that start with `#` and to
 * count lines, and only header lines are decoded as UTF-8. A file with a lone CR (a line break
 * for the model) or no thread id in its name is decoded and parsed in full.
 */
export function summarizeBytes(uri: string, bytes: Uint8Array): RawSummary {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tid = parseDumpFileName(baseName(uri)).tid;
  const t = buf.toString('latin1');
  if (!tid || hasLoneCr(t)) return summarizeText(uri, decodeText(buf));
  const bom = '\xef\xbb\xbf';
  return scanHeaders(t, (s, e) => buf.toString('utf8', s, e), bom, t.startsWith(bom) ? 3 : 0, tid);
}

/**
 * The header pass over `t` (the text, or the bytes as Latin-1): `line(s, e)` gives a line's text
 * decoded, `bom` is how a BOM reads in `t`, `from` where the first line starts (after a BOM the
 * decoder drops).
 */
function scanHeaders(t: string, line: (s: number, e: number) => string, bom: string, from: number, tid: string): RawSummary {
  const b = new Builder();
  const n = t.length;
  const bom0 = bom.charCodeAt(0);
  let s = from; // always the start of a line
  let lineNo = 0;
  let counted = s;
  let nextBom = t.indexOf('\n' + bom);
  while (s < n) {
    const c = t.charCodeAt(s);
    if (c !== 35 && c !== bom0) {
      let next = t.indexOf('\n#', s);
      // (The next BOM is looked for again only once passed: a search per line from here to the
      // end, finding nothing, would make the pass quadratic.)
      if (nextBom >= 0 && nextBom < s) nextBom = t.indexOf('\n' + bom, s);
      if (nextBom >= 0 && (next < 0 || nextBom < next)) next = nextBom;
      if (next < 0) break;
      s = next + 1;
      continue;
    }
    while (counted < s) {
      const nl = t.indexOf('\n', counted);
      if (nl < 0 || nl >= s) break;
      lineNo++;
      counted = nl + 1;
    }
    counted = s;
    let nl = t.indexOf('\n', s);
    if (nl < 0) nl = n;
    const a1 = line(s, nl);
    const e1 = a1.endsWith('\r') ? a1.length - 1 : a1.length;
    if (!isAuthorLine(a1, 0, e1)) {
      s = nl + 1;
      continue;
    }
    let nl2 = nl < n ? t.indexOf('\n', nl + 1) : -1;
    if (nl2 < 0) nl2 = n;
    const f1 = nl < n ? line(nl + 1, nl2) : '';
    const e2 = f1.endsWith('\r') ? f1.length - 1 : f1.length;
    const hasFloor = nl < n && isFloorLine(f1, 0, e2);
    if (!hasFloor && !separatorBefore(t, s, line)) {
      s = nl + 1;
      continue;
    }
    const a = readAuthor(a1, 0, e1);
    if (hasFloor) {
      const info = readFloorLine(f1, 0, e2);
      b.add(info.floor, lineNo, a.author, info.date?.minute ?? null, e2, flagsOf({ op: info.op, anonymous: a.anonymous || info.anonymous, deletedUser: a.deleted, malformed: info.malformed, hasFloorLine: true }));
      s = nl2 + 1; // the floor line is consumed with its author line
    } else {
      b.add(null, lineNo, a.author, null, e1, flagsOf({ op: false, anonymous: a.anonymous, deletedUser: a.deleted, malformed: 'no floor line', hasFloorLine: false }));
      s = nl + 1;
    }
  }
  return b.build(tid);
}

function hasLoneCr(t: string): boolean {
  for (let i = t.indexOf('\r'); i >= 0; i = t.indexOf('\r', i + 1)) if (t.charCodeAt(i + 1) !== 10) return true;
  return false;
}



/** Whether the last non-blank line before the line starting at `s` is a `*****` separator. */
function separatorBefore(t: string, s: number, line: (s: number, e: number) => string): boolean {
  let e = s - 1; // the '\n' ending the previous line
  while (e >= 0) {
    const st = e > 0 ? t.lastIndexOf('\n', e - 1) + 1 : 0;
    const l = line(st, e);
    const end = l.endsWith('\r') ? l.length - 1 : l.length;
    if (!blankLine(l, 0, end)) return isSeparator(l, 0, end);
    e = st - 1;
  }
  return false;
}

/**
 * The workspace's author names, interned: one table for every summary, ids are plain 32-bit
 * indices handed out in order (never wrapped, never reused while the server runs).
 */
export class AuthorTable {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
  id(name: string): number | undefined {
    return this.ids.get(name);
  }
  get size(): number {
    return this.names.length;
  }
}

/** Author lists already interned (see FileSummary.intern), by list. */
const internedLists = new WeakMap<readonly string[], { table: AuthorTable; ids: number[] }>();

/** A file of the workspace in the compact tier. */
export class FileSummary {
  readonly name: string;
  readonly page: number | null;
  readonly cols: Columns;
  constructor(
    readonly uri: string,
    readonly size: number,
    readonly mtimeMs: number,
    readonly tid: string | null,
    readonly n: number,
    readonly data: ArrayBuffer,
  ) {
    this.name = baseName(uri);
    const parsed = parseDumpFileName(this.name);
    this.page = parsed.tid ? parsed.page : null;
    this.cols = columns(n, data);
  }

  /** Takes a raw summary in: its author column is rewritten to ids of the workspace's table. */
  static intern(uri: string, size: number, mtimeMs: number, raw: RawSummary, table: AuthorTable): FileSummary {
    const s = new FileSummary(uri, size, mtimeMs, raw.tid, raw.n, raw.data);
    // Summaries from one cache shard share one author list: it is interned once.
    let memo = internedLists.get(raw.authors);
    if (memo?.table !== table) internedLists.set(raw.authors, (memo = { table, ids: raw.authors.map((a) => table.intern(a)) }));
    const map = memo.ids;
    const col = s.cols.author;
    for (let i = 0; i < raw.n; i++) {
      const k = col[i];
      if (k < 0 || k >= map.length) throw new Error('summary author out of range');
      col[i] = map[k];
    }
    return s;
  }

  /** Back to a raw summary (author names local to the file), for the cache. */
  raw(table: AuthorTable): RawSummary {
    const data = this.data.slice(0);
    const c = columns(this.n, data);
    const local = new Map<number, number>();
    const authors: string[] = [];
    for (let i = 0; i < this.n; i++) {
      const g = c.author[i];
      let l = local.get(g);
      if (l === undefined) {
        l = authors.length;
        local.set(g, l);
        authors.push(table.names[g]);
      }
      c.author[i] = l;
    }
    return { n: this.n, data, authors, tid: this.tid };
  }

  floorOf(i: number): number | null {
    const f = this.cols.floor[i];
    return Number.isNaN(f) ? null : f;
  }
  minuteOf(i: number): number | null {
    const m = this.cols.minute[i];
    return Number.isNaN(m) ? null : m;
  }
}

/** The same facts from a parsed post (what the full tier answers), for comparisons. */
export function postFacts(doc: DumpDocument, p: Post): { floor: number | null; author: string; minute: number | null; line: number; headEnd: number; flags: number } {
  return { floor: p.floor, author: p.author, minute: p.date?.minute ?? null, line: p.line, headEnd: doc.positionAt(p.floorLine.end).character, flags: flagsOf(p) };
}
