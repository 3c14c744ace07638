// Reads a thread's page files from disk into the index when one of its files is opened, and
// keeps them current when the disk changes. Open documents always win over the disk.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { looksLikeDump } from '../model';
import { decodeText, MAX_FILE_BYTES } from './disk';
import { parseDumpFileName } from './files';
import type { WorkspaceIndex } from './index';

/** How many folder entries a search for a thread's files looks at, at the most. */
const MAX_SCAN_ENTRIES = 200000;

function toPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export class DiskLoader {
  roots: string[] = [];
  /** Files being read right now (the thread search and the workspace index must not both read one). */
  private readonly reading = new Set<string>();
  /** Threads already looked for on disk (by tid or file URI). */
  private searched = new Set<string>();
  /** Called with a URI of a thread whose files changed on disk. */
  onThreadChanged: (uri: string) => void = () => undefined;

  constructor(private readonly index: WorkspaceIndex) {}

  setRoots(uris: string[]): void {
    this.roots = [...new Set(uris)];
    this.searched.clear();
  }

  forget(uri: string): void {
    this.searched.delete(uri);
  }

  /** Reads one file from disk into the index (unless open); returns whether it is a dump. */
  async reload(uri: string): Promise<boolean> {
    const p = toPath(uri);
    if (!p) return false;
    try {
      const st = await fsp.stat(p);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return false;
      const text = decodeText(await fsp.readFile(p));
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

  /** A watched file changed: re-read it when it belongs to a thread we hold. */
  async fileChanged(uri: string): Promise<void> {
    if (this.index.isOpen(uri)) return;
    if (this.index.get(uri)) {
      await this.reload(uri);
      return;
    }
    const { tid } = parseDumpFileName(path.basename(toPath(uri) ?? ''));
    if (tid && this.index.all().some((f) => f.tid === tid)) await this.reload(uri);
  }

  /** Finds and reads the other page files of the thread `uri` belongs to. */
  async loadThreadOf(uri: string): Promise<void> {
    const file = this.index.get(uri);
    const p = toPath(uri);
    if (!file || !p || !file.tid) return;
    const key = `tid:${file.tid}`;
    if (this.searched.has(key)) return;
    this.searched.add(key);
    const dirs = new Set<string>([path.dirname(p)]);
    // A thread's folder `<tid>[title]/` may hold pages; other folders of the workspace may too.
    const found = new Set<string>();
    for (const d of dirs) for (const f of await this.listThreadFiles(d, file.tid, false)) found.add(f);
    for (const r of this.roots) {
      const rp = toPath(r);
      if (rp) for (const f of await this.listThreadFiles(rp, file.tid, true)) found.add(f);
    }
    let changed = false;
    for (const f of found) {
      const u = pathToFileURL(f).href;
      if (u !== uri && (await this.readIntoIndex(u, f))) changed = true;
    }
    if (changed) this.onThreadChanged(uri);
  }

  /**
   * Indexes every dump below the workspace roots, yielding between files so requests for open
   * documents are answered meanwhile. Returns how many dumps were read.
   */
  async indexRoots(report: (done: number, total: number) => void, isCancelled: () => boolean): Promise<number> {
    const files: string[] = [];
    for (const r of this.roots) {
      const rp = toPath(r);
      if (rp) for (const f of await this.walk(rp, () => true, () => true, isCancelled)) files.push(f);
      if (isCancelled()) return 0;
    }
    let read = 0;
    for (let i = 0; i < files.length; i++) {
      if (isCancelled()) break;
      report(i, files.length);
      if (await this.readIntoIndex(pathToFileURL(files[i]).href, files[i])) read++;
      // Let queued requests run between files.
      await new Promise((r) => setImmediate(r));
    }
    report(files.length, files.length);
    return read;
  }

  /** `.md`/`.txt` files named `<tid>-NN[…]` (or `<tid>[…]`) in `dir`, and below it when `deep`. */
  private listThreadFiles(dir: string, tid: string, deep: boolean): Promise<string[]> {
    // Always descend into the thread's own folder; elsewhere only in a deep search.
    const ofThread = (name: string) => parseDumpFileName(name).tid === tid;
    return this.walk(dir, (name) => deep || ofThread(name), ofThread, () => false);
  }

  /**
   * `.md`/`.txt` files below `dir` (hidden folders and node_modules skipped), descending into the
   * folders `descend` accepts and keeping the files `accept` accepts; at most MAX_SCAN_ENTRIES.
   */
  private async walk(dir: string, descend: (name: string) => boolean, accept: (name: string) => boolean, isCancelled: () => boolean): Promise<string[]> {
    const out: string[] = [];
    const stack = [dir];
    let seen = 0;
    while (stack.length > 0 && seen < MAX_SCAN_ENTRIES && !isCancelled()) {
      const d = stack.pop() as string;
      let entries;
      try {
        entries = await fsp.readdir(d, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        seen++;
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const full = path.join(d, e.name);
        if (e.isDirectory()) {
          if (descend(e.name)) stack.push(full);
        } else if (e.isFile() && /\.(md|txt)$/i.test(e.name) && accept(e.name)) out.push(full);
      }
    }
    return out;
  }

  /** Reads one file into the index unless it is open, indexed or being read; true if it was a dump. */
  private async readIntoIndex(uri: string, file: string): Promise<boolean> {
    if (this.index.get(uri) || this.index.isOpen(uri) || this.reading.has(uri)) return false;
    this.reading.add(uri);
    try {
      const st = await fsp.stat(file);
      if (st.size > MAX_FILE_BYTES) return false;
      const text = decodeText(await fsp.readFile(file));
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
