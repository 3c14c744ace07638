// The index of the workspace's dumps: open documents override files read from disk; files are
// grouped into threads; each thread's resolution is computed once and dropped when one of its
// files changes.
import { decodeEntities, DumpDocument } from '../model';
import { compareFiles, makeDumpFile, type DumpFile } from './files';
import { resolveThread, type ForeignLookup, type PostRef, type ThreadResolution } from './resolve';
import { SummaryEntry, type SummaryIndex } from './indexer';
import { DocumentView, LoadedEntry, type DumpEntry, type RequestView, type WorkspaceQuery } from './view';

export * from './files';
export * from './resolve';
export * from './view';

export interface Thread {
  /** `tid:<id>` for named threads, `file:<uri>` for a file on its own. */
  key: string;
  tid: string | null;
  files: DumpFile[];
}

export class WorkspaceIndex {
  private files = new Map<string, DumpFile>();
  /** URIs of documents open in the editor: disk reads never replace them. */
  private open = new Set<string>();
  private resolutions = new Map<string, ThreadResolution>();
  private threads = new Map<string, Set<string>>();
  /** When each thread was last used (for evicting the least recently used ones). */
  private used = new Map<string, number>();
  private clock = 0;
  /** Threads whose resolution looked into thread `tid` (quotes across threads): redone when it changes. */
  private readers = new Map<string, Set<string>>();

  static threadKeyOf(file: DumpFile): string {
    return file.tid ? `tid:${file.tid}` : `file:${file.uri}`;
  }

  /** Adds or replaces a file. `version` ≥ 0 marks an open document. */
  set(uri: string, text: string, version = -1): DumpFile {
    return this.setDocument(uri, new DumpDocument(text), version);
  }

  /** Adds or replaces a file with an already parsed document. */
  setDocument(uri: string, doc: DumpDocument, version = -1): DumpFile {
    const file = makeDumpFile(uri, doc, version);
    this.remove(uri, true);
    if (version >= 0) this.open.add(uri);
    this.files.set(uri, file);
    const k = WorkspaceIndex.threadKeyOf(file);
    let set = this.threads.get(k);
    if (!set) this.threads.set(k, (set = new Set()));
    set.add(uri);
    // A thread already resolved takes the new file in (only the quotes it can change are redone).
    this.resolutions.get(k)?.addFile(file);
    this.dropReaders(file.tid);
    this.touch(k);
    return file;
  }

  /**
   * Applies edits to an indexed file in place: `start`/`end` are offsets into the text as it is
   * when that edit comes (edits apply one after another, as LSP sends them). Only the posts and
   * quotes an edit touches are re-read and re-resolved. Returns the file, or undefined if unknown.
   */
  update(uri: string, edits: { start: number; end: number; text: string }[], version: number): DumpFile | undefined {
    const f = this.files.get(uri);
    if (!f) return undefined;
    const r = this.resolutions.get(WorkspaceIndex.threadKeyOf(f));
    for (const e of edits) {
      const change = f.doc.update(e.start, e.end, e.text);
      r?.applyEdit(f, change);
    }
    f.generation++;
    f.version = version;
    if (version >= 0) this.open.add(uri);
    return f;
  }

  /** A file read from disk: ignored while the document is open in the editor. */
  setFromDisk(uri: string, text: string): DumpFile | undefined {
    if (this.open.has(uri)) return this.files.get(uri);
    return this.set(uri, text, -1);
  }

  /** Marks a document closed: it stays indexed (as on disk) until the disk says otherwise. */
  close(uri: string): void {
    this.open.delete(uri);
    const f = this.files.get(uri);
    if (f) f.version = -1;
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  remove(uri: string, keepOpenMark = false): void {
    const f = this.files.get(uri);
    if (!keepOpenMark) this.open.delete(uri);
    if (!f) return;
    this.files.delete(uri);
    const k = WorkspaceIndex.threadKeyOf(f);
    const set = this.threads.get(k);
    set?.delete(uri);
    if (set && set.size === 0) {
      this.threads.delete(k);
      this.resolutions.delete(k);
      this.used.delete(k);
    } else this.resolutions.get(k)?.removeFile(f);
    this.dropReaders(f.tid);
  }

  /** Resolutions that looked into thread `tid` are redone on their next use. */
  private dropReaders(tid: string | null): void {
    const r = tid ? this.readers.get(tid) : undefined;
    if (!r) return;
    this.readers.delete(tid as string);
    for (const k of r) this.resolutions.delete(k);
  }

  /** Drops the resolution of a file's thread (redone on next use): for bursts of changes. */
  dropResolution(uri: string): void {
    const f = this.files.get(uri);
    if (f) this.resolutions.delete(WorkspaceIndex.threadKeyOf(f));
  }

  /** Whether any file of thread `tid` is held in full. */
  hasThread(tid: string): boolean {
    return this.threads.has(`tid:${tid}`);
  }

  private touch(key: string): void {
    this.used.set(key, ++this.clock);
  }

  /**
   * Drops the least recently used threads without an open document until the text of those
   * left is at most `budget` UTF-16 units; returns the thread keys dropped (their files stay
   * in the compact tier and are read again when needed).
   */
  evict(budget: number): string[] {
    const closed: { key: string; bytes: number; at: number }[] = [];
    let total = 0;
    for (const [k, set] of this.threads) {
      let bytes = 0;
      let isOpen = false;
      for (const u of set) {
        if (this.open.has(u)) isOpen = true;
        bytes += this.files.get(u)?.doc.length ?? 0;
      }
      if (isOpen) continue;
      closed.push({ key: k, bytes, at: this.used.get(k) ?? 0 });
      total += bytes;
    }
    closed.sort((a, b) => a.at - b.at);
    const dropped: string[] = [];
    for (const t of closed) {
      if (total <= budget) break;
      for (const u of [...(this.threads.get(t.key) ?? [])]) this.remove(u);
      total -= t.bytes;
      dropped.push(t.key);
    }
    return dropped;
  }

  /** Posts of another thread held in full, by author and minute (quotes across threads). */
  private foreignFor(readerKey: string): ForeignLookup {
    // Per resolution, each foreign thread's posts by (author, minute), built on first use (the
    // resolution is dropped when that thread changes, and this with it).
    const byTid = new Map<string, Map<string, PostRef[]>>();
    return (tid, author, minute) => {
      let r = this.readers.get(tid);
      if (!r) this.readers.set(tid, (r = new Set()));
      r.add(readerKey);
      let m = byTid.get(tid);
      if (!m) {
        m = new Map();
        byTid.set(tid, m);
        const set = this.threads.get(`tid:${tid}`);
        const files = [...(set ?? [])].map((u) => this.files.get(u) as DumpFile).sort(compareFiles);
        for (const file of files) {
          for (const post of file.doc.posts) {
            if (!post.date) continue;
            const k = `${post.date.minute}\u0000${decodeEntities(post.author)}`;
            const l = m.get(k);
            if (l) l.push({ file, post });
            else m.set(k, [{ file, post }]);
          }
        }
      }
      return m.get(`${minute}\u0000${author}`) ?? [];
    };
  }

  get(uri: string): DumpFile | undefined {
    return this.files.get(uri);
  }

  all(): DumpFile[] {
    return [...this.files.values()];
  }

  /** The thread of a file: its key, id and files in page order (built per call: prefer view().thread.files). */
  threadOf(uri: string): Thread | undefined {
    const f = this.files.get(uri);
    if (!f) return undefined;
    const key = WorkspaceIndex.threadKeyOf(f);
    return { key, tid: f.tid, files: this.resolutionOf(key, f).files };
  }

  /** The URIs of the files of a file's thread, in no order (no sorting, no resolution). */
  threadUris(uri: string): Iterable<string> {
    const f = this.files.get(uri);
    return f ? (this.threads.get(WorkspaceIndex.threadKeyOf(f)) ?? [uri]) : [uri];
  }

  /** The thread's resolution, computed on first use after a change (its file list with it). */
  resolution(uri: string): ThreadResolution | undefined {
    const f = this.files.get(uri);
    return f ? this.resolutionOf(WorkspaceIndex.threadKeyOf(f), f) : undefined;
  }

  private resolutionOf(key: string, f: DumpFile): ThreadResolution {
    let r = this.resolutions.get(key);
    if (!r) {
      const files = [...(this.threads.get(key) ?? [])].map((u) => this.files.get(u) as DumpFile).sort(compareFiles);
      r = resolveThread(files, f.tid, this.foreignFor(key));
      this.resolutions.set(key, r);
    }
    this.touch(key);
    return r;
  }

  /** The request view of a document (see view.ts), or undefined when it is not indexed. */
  view(uri: string): RequestView | undefined {
    const f = this.files.get(uri);
    if (!f) return undefined;
    const key = WorkspaceIndex.threadKeyOf(f);
    return new DocumentView(f, () => this.resolutionOf(key, f), (u) => this.resolution(u));
  }

  /** The compact tier's entries in order, kept while the summaries do not change. */
  private summaryOrder: { store: SummaryIndex; generation: number; entries: SummaryEntry[] } | undefined;

  /**
   * The workspace as workspace-wide features query it: the files held in full, and every other
   * dump of the compact tier (`summaries`) when there is one, by thread id, page, then URI.
   */
  query(summaries?: SummaryIndex, indexing?: () => { done: number; total: number; folder: string } | undefined): WorkspaceQuery {
    return {
      dumps: () => {
        const loaded: DumpEntry[] = this.all()
          .map((f) => new LoadedEntry(f))
          .sort(compareEntries);
        if (!summaries) return loaded;
        let o = this.summaryOrder;
        if (!o || o.store !== summaries || o.generation !== summaries.generation) {
          const entries = [...summaries.files.values()].map((s) => new SummaryEntry(s, summaries.authors)).sort(compareEntries);
          this.summaryOrder = o = { store: summaries, generation: summaries.generation, entries };
        }
        // Merge the two sorted lists; a file held in full answers for itself.
        const out: DumpEntry[] = [];
        let i = 0;
        for (const e of o.entries) {
          if (this.files.has(e.uri)) continue;
          while (i < loaded.length && compareEntries(loaded[i], e) <= 0) out.push(loaded[i++]);
          out.push(e);
        }
        while (i < loaded.length) out.push(loaded[i++]);
        return out;
      },
      indexing,
    };
  }
}

/** Thread id, page, URI (plain comparisons: a workspace has tens of thousands of dumps). */
function compareEntries(a: DumpEntry, b: DumpEntry): number {
  const ta = a.tid ?? '';
  const tb = b.tid ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const pa = a.page ?? 0;
  const pb = b.page ?? 0;
  if (pa !== pb) return pa - pb;
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
}
