// Dump files in a workspace: their thread id and page number, read from the file name.
import type { DumpDocument } from '../model';

export interface DumpFile {
  /** The file's URI (file:// for files on disk, anything for in-memory documents). */
  uri: string;
  /** Base name, decoded: `2244747-01[新任商务部长听证会….md`. */
  name: string;
  doc: DumpDocument;
  /** Document version when open in an editor; -1 when read from disk. */
  version: number;
  /** Counts the edits applied in place (what caches of derived results key on). */
  generation: number;
  /** Thread id from the name (`2244747` of `2244747-01[…].md`), or from the quote links inside. */
  tid: string | null;
  /** Page file number (`01` → 1), or null when the name has none. */
  page: number | null;
}

/** Reads `<tid>-<NN>[title].md` (and `<tid>[title].md`). */
export function parseDumpFileName(name: string): { tid: string | null; page: number | null } {
  const m = /^(\d{3,})(?:-(\d{1,4}))?(?:\[|\.|$)/.exec(name);
  if (!m) return { tid: null, page: null };
  return { tid: m[1], page: m[2] !== undefined ? Number(m[2]) : null };
}

/** The base name of a URI or path, percent-decoded. */
export function baseName(uri: string): string {
  // Up to the first `?` or `#` (a search, not /[?#].*$/: that one backtracks from every `?` of a
  // URI with a line break in it).
  const q = uri.search(/[?#]/);
  const cut = q >= 0 ? uri.slice(0, q) : uri;
  const last = cut.slice(cut.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The folder part of a URI or path (without the trailing slash). */
export function dirName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

/** The thread id most quote links in a document point at (for files whose name carries none). */
export function tidFromQuotes(doc: DumpDocument): string | null {
  const counts = new Map<string, number>();
  for (const q of doc.quotes) {
    const t = q.header?.ptid;
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best: string | null = null;
  let n = 0;
  for (const [t, c] of counts) if (c > n) [best, n] = [t, c];
  return best;
}

export function makeDumpFile(uri: string, doc: DumpDocument, version = -1): DumpFile {
  const name = baseName(uri);
  const { tid, page } = parseDumpFileName(name);
  return { uri, name, doc, version, generation: 0, tid: tid ?? tidFromQuotes(doc), page };
}

/** Orders a thread's files: by page number, then by name, then by URI. */
export function compareFiles(a: Pick<DumpFile, 'page' | 'name' | 'uri'>, b: Pick<DumpFile, 'page' | 'name' | 'uri'>): number {
  const pa = a.page ?? Number.MAX_SAFE_INTEGER;
  const pb = b.page ?? Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
}

/**
 * One spelling per file URI: clients encode the same path differently (Neovim 0.7 writes
 * `%5b`, Node and VS Code `%5B`), and the index must not hold one file twice. The spelling is
 * Node's `pathToFileURL(fileURLToPath(uri)).href` (tests/unit/web.test.ts compares them), done
 * without node:url so the browser build shares it. Other schemes are left as they are.
 */
export function canonicalUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  // What fileURLToPath refuses (on POSIX): a host, an encoded `/`, a broken escape.
  if (url.hostname !== '' || /%2f/i.test(url.pathname)) return uri;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return uri;
  }
  // path.resolve: no empty, `.` or `..` segments; the trailing slash (and NULs) as Node keeps them.
  path = path.replace(/\0+$/, '');
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '' && s !== '.') segments.push(s);
  }
  let resolved = '/' + segments.join('/');
  if (path.endsWith('/') && resolved !== '/') resolved += '/';
  return 'file://' + encodePath(resolved);
}

/** Characters pathToFileURL leaves unencoded in a path. */
const PATH_SAFE = /[A-Za-z0-9\-._!$&'()*+,;=:@/]/;
const utf8 = new TextEncoder();

function encodePath(path: string): string {
  let out = '';
  for (const ch of path) {
    if (PATH_SAFE.test(ch)) out += ch;
    else for (const b of utf8.encode(ch)) out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}
