// The index of the workspace's dumps: open documents override files read from disk; files are
// grouped into threads; each thread's resolution is computed once and dropped when one of its
// files changes.
import { DumpDocument } from '../model';
import { compareFiles, makeDumpFile, type DumpFile } from './files';
import { resolveThread, type ThreadResolution } from './resolve';
import { DocumentView, LoadedEntry, type RequestView, type WorkspaceQuery } from './view';

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
      r = resolveThread(files, f.tid);
      this.resolutions.set(key, r);
    }
    return r;
  }

  /** The request view of a document (see view.ts), or undefined when it is not indexed. */
  view(uri: string): RequestView | undefined {
    const f = this.files.get(uri);
    if (!f) return undefined;
    const key = WorkspaceIndex.threadKeyOf(f);
    return new DocumentView(f, () => this.resolutionOf(key, f), (u) => this.resolution(u));
  }

  /** The workspace as workspace-wide features query it. */
  query(): WorkspaceQuery {
    return {
      dumps: () =>
        this.all()
          .sort((a, b) => (a.tid ?? '').localeCompare(b.tid ?? '') || (a.page ?? 0) - (b.page ?? 0) || a.uri.localeCompare(b.uri))
          .map((f) => new LoadedEntry(f)),
    };
  }
}
