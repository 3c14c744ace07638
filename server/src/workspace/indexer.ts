// The compact tier of the workspace: every dump below the workspace folders as a summary (see
// summary.ts), kept by the Indexer, which walks the folders through the FileSource, takes
// summaries from the cache when a file's size and mtime are unchanged, has the others parsed
// (by worker threads under Node), and follows the workspace afterwards: folders added and
// removed, files created, changed and deleted (bursts coalesced: each file is looked at once).
import { formatMinute } from '../model/dates';
import { decodeEntities } from '../model/html';
import type { FileSource } from './fileSource';
import { compareFiles } from './files';
import type { SummaryParser } from './parser';
import { AuthorTable, FileSummary, FLAG_FLOOR_LINE, FLAG_OP, type RawSummary } from './summary';
import type { DumpEntry, PostTarget } from './view';

/** Files larger than this are not read (as for the full tier). */
export const MAX_INDEX_FILE_BYTES = 64 * 1024 * 1024;
/** At most this many folder entries are walked per workspace folder. */
const MAX_WALK_ENTRIES = 1_000_000;

export interface PostHit {
  file: FileSummary;
  index: number;
}

/** The summaries of the workspace's dumps, grouped into threads. */
export class SummaryIndex {
  readonly authors = new AuthorTable();
  readonly files = new Map<string, FileSummary>();
  private readonly threads = new Map<string, Set<string>>();
  /** Per thread, (author id, minute) → posts: built on first use, dropped when the thread changes. */
  private readonly byKey = new Map<string, Map<string, PostHit[]>>();
  /** Bumped on every change (what derived caches key on). */
  generation = 0;

  static threadKey(s: { tid: string | null; uri: string }): string {
    return s.tid ? `tid:${s.tid}` : `file:${s.uri}`;
  }

  put(s: FileSummary): void {
    this.remove(s.uri);
    this.files.set(s.uri, s);
    const k = SummaryIndex.threadKey(s);
    let set = this.threads.get(k);
    if (!set) this.threads.set(k, (set = new Set()));
    set.add(s.uri);
    this.byKey.delete(k);
    this.generation++;
  }

  remove(uri: string): void {
    const s = this.files.get(uri);
    if (!s) return;
    this.files.delete(uri);
    const k = SummaryIndex.threadKey(s);
    const set = this.threads.get(k);
    set?.delete(uri);
    if (set && set.size === 0) this.threads.delete(k);
    this.byKey.delete(k);
    this.generation++;
  }

  /** The page files of thread `tid`, in page order. */
  threadFiles(tid: string): FileSummary[] {
    const set = this.threads.get(`tid:${tid}`);
    if (!set) return [];
    return [...set].map((u) => this.files.get(u) as FileSummary).sort(compareFiles);
  }

  hasThread(tid: string): boolean {
    return this.threads.has(`tid:${tid}`);
  }

  /**
   * Posts of thread `tid` by `author` at `minute` (thread order). Authors compare as the
   * resolver compares them: entities decoded (`a&amp;b` is `a&b`).
   */
  postsAt(tid: string, author: string, minute: number): PostHit[] {
    const k = `tid:${tid}`;
    let m = this.byKey.get(k);
    if (!m) {
      m = new Map();
      const decoded = new Map<number, string>();
      for (const f of this.threadFiles(tid)) {
        const c = f.cols;
        for (let i = 0; i < f.n; i++) {
          if (Number.isNaN(c.minute[i])) continue;
          const id = c.author[i];
          let name = decoded.get(id);
          if (name === undefined) decoded.set(id, (name = decodeEntities(this.authors.names[id])));
          const key = `${c.minute[i]}\u0000${name}`;
          const l = m.get(key);
          if (l) l.push({ file: f, index: i });
          else m.set(key, [{ file: f, index: i }]);
        }
      }
      this.byKey.set(k, m);
    }
    return m.get(`${minute}\u0000${author}`) ?? [];
  }

  /** The summary back with file-local author names (for the cache). */
  rawOf(uri: string): RawSummary | undefined {
    return this.files.get(uri)?.raw(this.authors);
  }

  get postCount(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.n;
    return n;
  }
}

/** A dump of the compact tier as workspace-wide features read it (no text). */
export class SummaryEntry implements DumpEntry {
  readonly hasText = false;
  constructor(
    readonly s: FileSummary,
    private readonly authors: AuthorTable,
  ) {}
  get uri() {
    return this.s.uri;
  }
  get name() {
    return this.s.name;
  }
  get tid() {
    return this.s.tid;
  }
  get page() {
    return this.s.page;
  }
  get postCount() {
    return this.s.n;
  }
  floor(i: number) {
    return this.s.floorOf(i);
  }
  author(i: number) {
    return this.authors.names[this.s.cols.author[i]];
  }
  text(): undefined {
    return undefined;
  }
  get authorIds() {
    return { ids: this.s.cols.author, names: this.authors.names };
  }
  target(i: number): PostTarget {
    const c = this.s.cols;
    const minute = this.s.minuteOf(i);
    const line = c.line[i];
    const header = { start: { line, character: 0 }, end: { line: c.flags[i] & FLAG_FLOOR_LINE ? line + 1 : line, character: c.headEnd[i] } };
    return {
      uri: this.s.uri,
      fileName: this.s.name,
      tid: this.s.tid,
      page: this.s.page,
      index: i,
      floor: this.s.floorOf(i),
      author: this.author(i),
      date: minute === null ? null : formatMinute(minute),
      op: (c.flags[i] & FLAG_OP) !== 0,
      line,
      header,
      // The summary does not know where the post ends: its header stands for it.
      range: header,
    };
  }
}

/** A file's summary as the persistent cache stores it (cache.ts, Node only). */
export interface CachedEntry {
  uri: string;
  size: number;
  mtimeMs: number;
  raw: RawSummary;
}

/** What the Indexer needs of the persistent cache (cache.ts under Node; none in the browser). */
export interface IndexCache {
  load(): Promise<CachedEntry[]>;
  set(uri: string, size: number, mtimeMs: number): void;
  delete(uri: string): void;
  persist(rawOf: (uri: string) => RawSummary | undefined): Promise<number>;
  readonly pending: number;
  /** Cache files that could not be read at load (truncated, corrupt, old format): rebuilt. */
  readonly rejected: number;
}

export interface IndexProgress {
  done: number;
  total: number;
  fromCache: number;
  parsed: number;
}

function under(uri: string, root: string): boolean {
  return uri.startsWith(root.endsWith('/') ? root : root + '/');
}

/** A file name the index reads: `.md`/`.txt`, not hidden. */
export function isIndexedName(name: string): boolean {
  return /\.(md|txt)$/i.test(name) && !name.startsWith('.');
}

export class Indexer {
  roots: string[] = [];
  /** Cached summaries not yet matched with a file on disk (until the first walk is over). */
  private cached = new Map<string, CachedEntry>();
  private readonly queue = new Map<string, 'check' | 'delete'>();
  private flushing: Promise<void> | undefined;
  private walking = 0;
  private stopped = false;
  progress: IndexProgress = { done: 0, total: 0, fromCache: 0, parsed: 0 };
  /** Called as work progresses (throttle it yourself) and when a file's summary changed. */
  onProgress: (p: IndexProgress) => void = () => undefined;
  onChanged: (uri: string) => void = () => undefined;
  /** Called once each time the index becomes complete (every queued file looked at). */
  onIdle: () => void = () => undefined;

  constructor(
    readonly store: SummaryIndex,
    private readonly source: FileSource,
    private readonly parser: SummaryParser,
    private readonly cache?: IndexCache,
  ) {}

  /** Reads the cache (without blocking requests), then indexes the folders. */
  async start(roots: string[]): Promise<void> {
    this.walking++;
    try {
      if (this.cache) for (const e of await this.cache.load()) this.cached.set(e.uri, e);
    } finally {
      this.walking--;
    }
    this.setRoots(roots);
  }

  /** True while folders are walked or files wait to be read: answers may be incomplete. */
  get busy(): boolean {
    return this.walking > 0 || this.queue.size > 0 || this.flushing !== undefined;
  }

  /** Sets the workspace folders: new ones are walked, removed ones' files are forgotten. */
  setRoots(uris: string[]): void {
    const next = [...new Set(uris.map((u) => (u.endsWith('/') ? u.slice(0, -1) : u)))];
    const removed = this.roots.filter((r) => !next.includes(r));
    const added = next.filter((r) => !this.roots.includes(r));
    this.roots = next;
    for (const r of removed) {
      for (const uri of [...this.store.files.keys()]) {
        if (under(uri, r) && !this.covered(uri)) {
          this.store.remove(uri);
          this.onChanged(uri);
        }
      }
      for (const uri of [...this.queue.keys()]) if (under(uri, r) && !this.covered(uri)) this.queue.delete(uri);
    }
    for (const r of added) void this.walk(r);
  }

  /** Whether a URI lies below one of the workspace folders. */
  covered(uri: string): boolean {
    return this.roots.some((r) => under(uri, r));
  }

  /** Files changed on disk (created, changed: `check`; deleted: `delete`); coalesced. */
  fileEvents(changes: { uri: string; kind: 'check' | 'delete' }[]): void {
    let queued = 0;
    for (const c of changes) {
      if (!this.covered(c.uri)) continue;
      if (c.kind === 'delete' && !this.store.files.has(c.uri)) {
        // A deleted folder: every file below it goes.
        const prefix = c.uri.endsWith('/') ? c.uri : c.uri + '/';
        for (const u of this.store.files.keys()) if (u.startsWith(prefix)) this.queue.set(u, 'delete');
      }
      this.queue.set(c.uri, c.kind);
      queued++;
    }
    // Events outside the folders change nothing: no run (and no idle pass over the open threads).
    if (queued > 0) this.kick();
  }

  /** Stops everything (shutdown): workers end, nothing more is read. */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
    this.parser.close();
  }

  /** Writes what changed to the cache (after indexing, and from time to time). */
  async saveCache(): Promise<number> {
    if (!this.cache || this.cache.pending === 0 || this.stopped) return 0;
    try {
      return await this.cache.persist((u) => this.store.rawOf(u));
    } catch {
      return 0; // a full or read-only disk: the index works without its cache
    }
  }

  /** Resolves when nothing is left to do. */
  async idle(): Promise<void> {
    while (this.busy) await (this.flushing ?? new Promise((r) => setTimeout(r, 10)));
  }

  /** Walks a folder (a workspace folder, or a folder created in one) and queues its files. */
  private async walk(root: string): Promise<void> {
    this.walking++;
    try {
      const stack = [root];
      let seen = 0;
      while (stack.length > 0 && !this.stopped && this.roots.some((r) => root === r || under(root, r)) && seen < MAX_WALK_ENTRIES) {
        const d = stack.pop() as string;
        const entries = await this.source.list(d);
        for (const e of entries) {
          seen++;
          if (e.name.startsWith('.') || e.name === 'node_modules') continue;
          if (e.isDirectory) stack.push(e.uri);
          else if (e.isFile && isIndexedName(e.name) && !this.queue.has(e.uri)) {
            this.queue.set(e.uri, 'check');
            this.progress.total++;
          }
        }
        this.kick();
      }
    } finally {
      this.walking--;
      this.kick();
    }
  }

  private kick(): void {
    if (this.flushing || this.stopped) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.queue.size > 0 && !this.stopped) this.kick();
      else if (this.walking === 0 && !this.stopped) {
        // The first walk is over: cached entries no file claimed are stale.
        if (this.cached.size > 0) {
          for (const u of this.cached.keys()) this.cache?.delete(u);
          this.cached.clear();
        }
        this.onIdle();
      }
    });
  }

  /** Works the queue off: about 2 × the parser's concurrency files in flight. */
  private async flush(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const limit = Math.max(4, this.parser.concurrency * 4);
    let turns = 0;
    while (this.queue.size > 0 && !this.stopped) {
      // Requests are answered between files (cached files need no await of their own).
      if (++turns % 32 === 0) await new Promise((r) => setImmediate(r));
      const [uri, kind] = this.queue.entries().next().value as [string, 'check' | 'delete'];
      this.queue.delete(uri);
      const p = this.one(uri, kind).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /** A cached summary taken in, or null when it does not hold together (then the file is parsed). */
  private internOrNull(uri: string, size: number, mtimeMs: number, raw: RawSummary): FileSummary | null {
    try {
      return FileSummary.intern(uri, size, mtimeMs, raw, this.store.authors);
    } catch {
      return null;
    }
  }

  private async one(uri: string, kind: 'check' | 'delete'): Promise<void> {
    try {
      if (kind === 'delete' || !this.covered(uri)) {
        if (this.store.files.has(uri)) {
          this.store.remove(uri);
          this.cache?.delete(uri);
          this.onChanged(uri);
        }
        return;
      }
      const have = this.store.files.get(uri);
      const c = this.cached.get(uri);
      if (c) this.cached.delete(uri);
      // A file seen for the first time and not in the cache goes straight to the parser (which
      // reports the opened file's size and mtime): no stat of its own.
      const st = have || c ? await this.source.stat(uri) : { isFile: true, size: 0, mtimeMs: NaN };
      if (!st || !st.isFile || st.size > MAX_INDEX_FILE_BYTES) {
        if (this.store.files.has(uri)) {
          this.store.remove(uri);
          this.cache?.delete(uri);
          this.onChanged(uri);
        }
        return;
      }
      if (have && have.size === st.size && have.mtimeMs === st.mtimeMs) return;
      const fromCache = c && c.size === st.size && c.mtimeMs === st.mtimeMs ? this.internOrNull(uri, c.size, c.mtimeMs, c.raw) : null;
      if (fromCache) {
        this.store.put(fromCache);
        this.progress.fromCache++;
        this.onChanged(uri);
        return;
      }
      const r = await this.parser.parse(uri, MAX_INDEX_FILE_BYTES);
      if (this.stopped || !this.covered(uri)) return;
      if (!r) {
        if (this.store.files.has(uri)) {
          this.store.remove(uri);
          this.onChanged(uri);
        }
        this.cache?.delete(uri);
        // A folder announced as created (moved in whole): its files are walked.
        if (!have && !c && (await this.source.stat(uri))?.isDirectory) void this.walk(uri);
        return;
      }
      this.store.put(FileSummary.intern(uri, r.size, r.mtimeMs, r.raw, this.store.authors));
      this.cache?.set(uri, r.size, r.mtimeMs);
      this.progress.parsed++;
      this.onChanged(uri);
    } catch {
      /* one unreadable file never stops the index */
    } finally {
      this.progress.done++;
      this.onProgress(this.progress);
    }
  }
}
