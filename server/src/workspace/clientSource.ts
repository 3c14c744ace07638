// The FileSource of the browser build: no disk in a Web Worker, so the server asks the client,
// which answers with vscode.workspace.fs (and only for URIs inside the workspace).
import type { FileEntry, FileSource, FileStat } from './fileSource';
import {
  fromBase64,
  LIST_REQUEST,
  READ_REQUEST,
  STAT_REQUEST,
  type FileEntryDto,
  type FileStatDto,
  type ReadParams,
  type ReadResultDto,
  type UriParams,
} from '../../../shared/protocol';

/** What the source needs of the connection: sending a request to the client. */
export interface RequestSender {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

export class ClientFileSource implements FileSource {
  constructor(private readonly connection: RequestSender) {}

  async list(folderUri: string): Promise<FileEntry[]> {
    const r = await this.ask<FileEntryDto[]>(LIST_REQUEST, { uri: folderUri } satisfies UriParams);
    if (!Array.isArray(r)) return [];
    return r.filter((e) => e && typeof e.name === 'string' && typeof e.uri === 'string').map((e) => ({ name: e.name, uri: e.uri, isFile: e.isFile === true, isDirectory: e.isDirectory === true }));
  }

  async stat(uri: string): Promise<FileStat | null> {
    const r = await this.ask<FileStatDto | null>(STAT_REQUEST, { uri } satisfies UriParams);
    if (!r || typeof r.size !== 'number') return null;
    return { size: r.size, mtimeMs: Number(r.mtimeMs) || 0, isFile: r.isFile === true, isDirectory: r.isDirectory === true };
  }

  async read(uri: string, maxBytes: number): Promise<Uint8Array | null> {
    const r = await this.ask<ReadResultDto | null>(READ_REQUEST, { uri, maxBytes } satisfies ReadParams);
    if (!r || typeof r.base64 !== 'string') return null;
    const bytes = fromBase64(r.base64);
    return bytes && bytes.length <= maxBytes ? bytes : null;
  }

  /** A request to the client; a failure (no handler, a refused URI) answers null. */
  private async ask<R>(method: string, params: unknown): Promise<R | null> {
    try {
      return await this.connection.sendRequest<R>(method, params);
    } catch {
      return null;
    }
  }
}
