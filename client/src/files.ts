// The browser build's file access for the language server: it has no disk in its Web Worker, so
// it asks the client (shared/protocol.ts) and the client answers with vscode.workspace.fs.
// Only for URIs inside a workspace folder (no `.`/`..` segments, no symbolic links), only regular
// files, and never more than CLIENT_MAX_READ_BYTES or CLIENT_MAX_LIST_ENTRIES.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  CLIENT_MAX_LIST_ENTRIES,
  CLIENT_MAX_READ_BYTES,
  LIST_REQUEST,
  READ_REQUEST,
  STAT_REQUEST,
  toBase64,
  type FileEntryDto,
  type FileStatDto,
  type ReadParams,
  type ReadResultDto,
  type UriParams,
} from '../../shared/protocol';

/** The URI the server named, when it lies inside one of the workspace folders; otherwise undefined. */
export function workspaceUri(text: unknown): vscode.Uri | undefined {
  if (typeof text !== 'string' || text.length > 8192) return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
  if (uri.path.split('/').some((s) => s === '.' || s === '..')) return undefined;
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const root = f.uri;
    if (root.scheme !== uri.scheme || root.authority !== uri.authority || root.query !== uri.query || uri.fragment !== '') continue;
    const base = root.path.endsWith('/') ? root.path : root.path + '/';
    if (uri.path === root.path || uri.path.startsWith(base)) return uri;
  }
  return undefined;
}

const isFile = (t: vscode.FileType) => t === vscode.FileType.File;
const isDirectory = (t: vscode.FileType) => t === vscode.FileType.Directory;

/** The entries of a workspace folder (symbolic links are neither files nor folders here). */
export async function listFolder(p: UriParams): Promise<FileEntryDto[]> {
  const uri = workspaceUri(p?.uri);
  if (!uri) return [];
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(uri);
  } catch {
    return [];
  }
  return entries
    .filter(([name]) => name !== '' && name !== '.' && name !== '..' && !name.includes('/'))
    .slice(0, CLIENT_MAX_LIST_ENTRIES)
    .map(([name, type]) => ({ name, uri: vscode.Uri.joinPath(uri, name).toString(), isFile: isFile(type), isDirectory: isDirectory(type) }));
}

export async function statFile(p: UriParams): Promise<FileStatDto | null> {
  const uri = workspaceUri(p?.uri);
  if (!uri) return null;
  try {
    const st = await vscode.workspace.fs.stat(uri);
    return { size: st.size, mtimeMs: st.mtime, isFile: isFile(st.type), isDirectory: isDirectory(st.type) };
  } catch {
    return null;
  }
}

/** A regular file's bytes (base64), at most `maxBytes` and CLIENT_MAX_READ_BYTES; otherwise null. */
export async function readFile(p: ReadParams): Promise<ReadResultDto | null> {
  const uri = workspaceUri(p?.uri);
  const max = typeof p?.maxBytes === 'number' && p.maxBytes >= 0 ? Math.min(p.maxBytes, CLIENT_MAX_READ_BYTES) : CLIENT_MAX_READ_BYTES;
  if (!uri) return null;
  try {
    const st = await vscode.workspace.fs.stat(uri);
    if (!isFile(st.type) || st.size > max) return null;
    const bytes = await vscode.workspace.fs.readFile(uri);
    return bytes.length > max ? null : { base64: toBase64(bytes) };
  } catch {
    return null;
  }
}

/** Answers the server's file requests (before start: the client queues the handlers). */
export function answerFileRequests(client: BaseLanguageClient): void {
  client.onRequest(LIST_REQUEST, listFolder);
  client.onRequest(STAT_REQUEST, statFile);
  client.onRequest(READ_REQUEST, readFile);
}
