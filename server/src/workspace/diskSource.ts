// The FileSource of the Node build: the workspace's files on disk (file: URIs only).
import * as fs from 'node:fs';
import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileEntry, FileSource, FileStat } from './fileSource';

export function toPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export class DiskFileSource implements FileSource {
  async list(folderUri: string): Promise<FileEntry[]> {
    const dir = toPath(folderUri);
    if (!dir) return [];
    try {
      const entries = await fsp.readdir(dir, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, uri: pathToFileURL(path.join(dir, e.name)).href, isFile: e.isFile(), isDirectory: e.isDirectory() }));
    } catch {
      return [];
    }
  }

  /**
   * A stat is synchronous here: a stat never blocks on a FIFO or device (only an open does), and
   * tens of thousands of asynchronous stats (a reopened archive checks every file against its
   * cache) cost ten times the CPU of synchronous ones, on the thread that answers requests.
   */
  async stat(uri: string): Promise<FileStat | null> {
    const p = toPath(uri);
    if (!p) return null;
    try {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      return st ? { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory() } : null;
    } catch {
      return null;
    }
  }

  /**
   * Opens the file without blocking (O_NONBLOCK: a FIFO put where a page file was does not hang
   * the open), then checks what was opened (fstat of that descriptor, not the name again) and
   * reads it only when it is a regular file of at most `maxBytes`.
   */
  async read(uri: string, maxBytes: number): Promise<Uint8Array | null> {
    const p = toPath(uri);
    if (!p) return null;
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(p, constants.O_RDONLY | constants.O_NONBLOCK);
      const st = await handle.stat();
      if (!st.isFile() || st.size > maxBytes) return null;
      const bytes = await handle.readFile();
      // The file may have grown since the fstat.
      return bytes.length > maxBytes ? null : bytes;
    } catch {
      return null;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}

/**
 * The same read, synchronous, with the opened file's size and mtime (the index's worker threads
 * read one file at a time anyway).
 */
export function readFileNonBlockingSync(p: string, maxBytes: number): { bytes: Buffer; size: number; mtimeMs: number } | null {
  let fd = -1;
  try {
    fd = fs.openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return null;
    const bytes = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: off === st.size ? bytes : bytes.subarray(0, off), size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}
