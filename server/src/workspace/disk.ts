// Reading dumps from disk: walking folders, recognising dumps by content, finding a thread's
// page files. Used by the CLI and by the language server for files that are not open.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeDump } from '../model';
import { decodeText, MAX_FILE_BYTES } from './text';

export { decodeText, MAX_FILE_BYTES };

/**
 * `problem` marks failures a folder walk reports too (a folder may hold other text files, which it
 * passes over quietly): `read` when the file could not be read, `encoding` for a dump that is not
 * UTF-8.
 */
export type ReadResult = { ok: true; text: string } | { ok: false; reason: string; problem?: 'read' | 'encoding' };

/** Reads a file as a dump: UTF-8, BOM removed (as editors do), rejected when binary or not a dump. */
export function readDumpFile(file: string): ReadResult {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, problem: 'read' };
  }
  if (!st.isFile()) return { ok: false, reason: 'not a file' };
  if (st.size > MAX_FILE_BYTES) return { ok: false, reason: `too large (${st.size} bytes; the limit is ${MAX_FILE_BYTES})` };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, problem: 'read' };
  }
  const text = decodeText(buf);
  if (!looksLikeDump(text)) {
    if (text.includes('\ufffd') && looksLikeGbkDump(buf)) {
      return { ok: false, reason: 'not UTF-8 (looks like GBK/GB18030); convert it, e.g. iconv -f GB18030 -t UTF-8', problem: 'encoding' };
    }
    return { ok: false, reason: isBinary(buf) ? 'binary file, not a forum dump' : 'not a forum dump (no "*****" / "####  NAME" / "##### N#  发表于 DATE" post in its first 8 KB)' };
  }
  return { ok: true, text };
}

/** The first 16 KB, decoded as GB18030 (a superset of GBK, in Node's ICU), read as a dump's start. */
function looksLikeGbkDump(buf: Buffer): boolean {
  try {
    return looksLikeDump(new TextDecoder('gb18030').decode(buf.subarray(0, 16384)));
  } catch {
    return false; // a Node built without full ICU
  }
}

/** Many NULs or invalid UTF-8 sequences in the first 8 KB. */
function isBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  if (nul > head.length / 100) return true;
  const s = head.toString('utf8');
  let bad = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0xfffd) bad++;
  return bad > s.length / 20;
}

/**
 * Every `.md` / `.txt` file below a folder (sorted; symbolic links not followed). A folder that
 * cannot be listed is passed over, and told to `onError` (with the error's code) when given.
 */
export function walkTextFiles(dir: string, limit = 100000, onError?: (folder: string, code: string) => void): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0 && out.length < limit) {
    const d = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      onError?.(d, (e as NodeJS.ErrnoException).code ?? String(e));
      continue;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && /\.(md|txt)$/i.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}
