// The index of the workspace's dumps: open documents override files read from disk; files are
// grouped into threads; each thread's resolution is computed once and dropped when one of its
// files changes.
import { DumpDocument } from '../model';
import { compareFiles, makeDumpFile, type DumpFile } from './files';
import { resolveThread, type PostRef, type QuoteRef, type QuoteResolution, type ThreadResolution } from './resolve';

export * from './files';
export * from './resolve';

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
    } else this.resolutions.get(k)?.removeFile(f);
  }

  get(uri: string): DumpFile | undefined {
    return this.files.get(uri);
  }

  all(): DumpFile[] {
    return [...this.files.values()];
  }

  threadOf(uri: string): Thread | undefined {
    const f = this.files.get(uri);
    if (!f) return undefined;
    const key = WorkspaceIndex.threadKeyOf(f);
    const files = [...(this.threads.get(key) ?? [])].map((u) => this.files.get(u) as DumpFile).sort(compareFiles);
    return { key, tid: f.tid, files };
  }

  /** The thread's resolution, computed on first use after a change. */
  resolution(uri: string): ThreadResolution | undefined {
    const t = this.threadOf(uri);
    if (!t) return undefined;
    let r = this.resolutions.get(t.key);
    if (!r) {
      r = resolveThread(t.files, t.tid);
      this.resolutions.set(t.key, r);
    }
    return r;
  }

  /** How one quote of a file resolves. */
  quoteResolution(uri: string, quoteId: number): QuoteResolution | null {
    const q = this.files.get(uri)?.doc.quotes[quoteId];
    return q ? (this.resolution(uri)?.of(q) ?? null) : null;
  }

  /** The quotes across the thread that point at a post. */
  repliesTo(uri: string, postIndex: number): QuoteRef[] {
    const p = this.files.get(uri)?.doc.posts[postIndex];
    return p ? (this.resolution(uri)?.repliesOf(p) ?? []) : [];
  }

  /** Resolved quotes a post makes, with their targets. */
  quotedBy(uri: string, postIndex: number): { quote: QuoteRef; target: PostRef }[] {
    const f = this.files.get(uri);
    const res = this.resolution(uri);
    if (!f || !res) return [];
    const out: { quote: QuoteRef; target: PostRef }[] = [];
    for (const id of f.doc.posts[postIndex]?.quotes ?? []) {
      const t = res.of(f.doc.quotes[id])?.target;
      if (t) out.push({ quote: { file: f, quote: f.doc.quotes[id] }, target: t });
    }
    return out;
  }
}
