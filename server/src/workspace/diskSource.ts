// The FileSource of the Node build: the workspace's files on disk (file: URIs only).
import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileEntry, FileSource, FileStat } from './fileSource';

function toPath(uri: string): string | null {
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

  async stat(uri: string): Promise<FileStat | null> {
    const p = toPath(uri);
    if (!p) return null;
    try {
      const st = await fsp.stat(p);
      return { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory() };
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
