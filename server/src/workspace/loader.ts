// Reads a thread's page files from disk into the index when one of its files is opened, and
// keeps them current when the disk changes. Open documents always win over the disk. Every file
// access goes through the FileSource it is given (the disk under Node, the client in the
// browser), by URI.
import { looksLikeDump } from '../model';
import type { FileSource } from './fileSource';
import { baseName, dirName, parseDumpFileName } from './files';
import type { WorkspaceIndex } from './index';
import { decodeText, MAX_FILE_BYTES } from './text';

/** How many folder entries a search for a thread's files looks at, at the most. */
const MAX_SCAN_ENTRIES = 200000;

export class DiskLoader {
  roots: string[] = [];
  /** Files being read right now (the thread search and the workspace index must not both read one). */
  private readonly reading = new Set<string>();
  /** Threads already looked for on disk (by tid or file URI). */
  private searched = new Set<string>();
  /** Called with a URI of a thread whose files changed on disk. */
  onThreadChanged: (uri: string) => void = () => undefined;

  /**
   * The files of thread `tid` the workspace index knows (its summaries), or undefined while it
   * cannot tell (not built yet, or none): then the workspace folders are searched.
   */
  knownFiles: (tid: string) => string[] | undefined = () => undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly source: FileSource,
  ) {}

  /** Reads files into the index (those not open, not held, not being read); true if any was a dump. */
  async loadFiles(uris: string[]): Promise<boolean> {
    let changed = false;
    for (const u of uris) {
      if (await this.readIntoIndex(u)) {
        changed = true;
        this.onThreadChanged(u);
      }
    }
    return changed;
  }

  setRoots(uris: string[]): void {
    this.roots = [...new Set(uris)];
    this.searched.clear();
  }

  forget(uri: string): void {
    this.searched.delete(uri);
  }

  /** Reads one file from disk into the index (unless open); returns whether it is a dump. */
  async reload(uri: string): Promise<boolean> {
    try {
      const st = await this.source.stat(uri);
      if (!st) throw new Error('gone');
      if (!st.isFile || st.size > MAX_FILE_BYTES) return false;
      const bytes = await this.source.read(uri, MAX_FILE_BYTES);
      if (!bytes) throw new Error('unreadable');
      const text = decodeText(bytes);
      if (this.index.isOpen(uri)) return true;
      if (!looksLikeDump(text)) {
        this.index.remove(uri);
        return false;
      }
      this.index.setFromDisk(uri, text);
      this.onThreadChanged(uri);
      return true;
    } catch {
      if (!this.index.isOpen(uri)) this.index.remove(uri);
      return false;
    }
  }

  /** Finds and reads the other page files of the thread `uri` belongs to. */
  async loadThreadOf(uri: string): Promise<void> {
    const file = this.index.get(uri);
    const dir = dirName(uri);
    if (!file || !dir || !file.tid) return;
    const key = `tid:${file.tid}`;
    if (this.searched.has(key)) return;
    this.searched.add(key);
    const dirs = new Set<string>([dir]);
    // A thread's folder `<tid>[title]/` may hold pages; other folders of the workspace may too.
    const found = new Set<string>();
    for (const d of dirs) for (const f of await this.listThreadFiles(d, file.tid, false)) found.add(f);
    const known = this.knownFiles(file.tid);
    for (const u of known ?? []) found.add(u);
    // A page in its thread's own folder (`<tid>[title]/`, the archives' layout) or a thread the
    // workspace index knows: no search. Elsewhere, the workspace folders are searched.
    if (!known && !baseName(dir).startsWith(file.tid)) for (const r of this.roots) for (const f of await this.listThreadFiles(r, file.tid, true)) found.add(f);
    let changed = false;
    for (const f of found) if (f !== uri && (await this.readIntoIndex(f))) changed = true;
    if (changed) this.onThreadChanged(uri);
  }

  /** URIs of the `.md`/`.txt` files named `<tid>-NN[…]` (or `<tid>[…]`) in `dir`, and below it when `deep`. */
  private listThreadFiles(dir: string, tid: string, deep: boolean): Promise<string[]> {
    // Always descend into the thread's own folder; elsewhere only in a deep search.
    const ofThread = (name: string) => parseDumpFileName(name).tid === tid;
    return this.walk(dir, (name) => deep || ofThread(name), ofThread);
  }

  /**
   * URIs of the `.md`/`.txt` files below the folder `dir` (a URI) (hidden folders and node_modules skipped), descending into the
   * folders `descend` accepts and keeping the files `accept` accepts; at most MAX_SCAN_ENTRIES.
   */
  private async walk(dir: string, descend: (name: string) => boolean, accept: (name: string) => boolean): Promise<string[]> {
    const out: string[] = [];
    const stack = [dir];
    let seen = 0;
    while (stack.length > 0 && seen < MAX_SCAN_ENTRIES) {
      const d = stack.pop() as string;
      for (const e of await this.source.list(d)) {
        seen++;
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        if (e.isDirectory) {
          if (descend(e.name)) stack.push(e.uri);
        } else if (e.isFile && /\.(md|txt)$/i.test(e.name) && accept(e.name)) out.push(e.uri);
      }
    }
    return out;
  }

  /** Reads one file into the index unless it is open, indexed or being read; true if it was a dump. */
  private async readIntoIndex(uri: string): Promise<boolean> {
    if (this.index.get(uri) || this.index.isOpen(uri) || this.reading.has(uri)) return false;
    this.reading.add(uri);
    try {
      const bytes = await this.source.read(uri, MAX_FILE_BYTES);
      if (!bytes) return false;
      const text = decodeText(bytes);
      if (this.index.isOpen(uri) || !looksLikeDump(text)) return false;
      this.index.setFromDisk(uri, text);
      return true;
    } catch {
      return false; // unreadable: skip
    } finally {
      this.reading.delete(uri);
    }
  }
}
