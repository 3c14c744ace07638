// A worker thread of the index (Node only; dist/indexWorker.js): reads a file itself through
// the disk (non-blocking open, the opened file checked), checks it is a dump, and sends back its
// summary, the typed-array buffer transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { looksLikeDump, SNIFF_BYTES } from '../../../shared/protocol';
import { decodeText } from './text';
import { readFileNonBlockingSync, toPath } from './diskSource';
import { summarizeBytes } from './summary';

export interface ParseJob {
  id: number;
  uri: string;
  maxBytes: number;
}

export interface ParseReply {
  id: number;
  /** null: not a regular file, unreadable, too large, or not a dump. */
  size: number | null;
  mtimeMs?: number;
  n?: number;
  data?: ArrayBuffer;
  /** The author names joined with NUL (one string crosses the thread boundary faster than many). */
  authors?: string;
  tid?: string | null;
}

/** The head of a file, decoded, for the dump sniffer (it reads the first SNIFF_BYTES characters: at most 3 bytes each). */
export function headLooksLikeDump(bytes: Buffer): boolean {
  return looksLikeDump(decodeText(bytes.subarray(0, SNIFF_BYTES * 3 + 3)));
}

parentPort?.on('message', (job: ParseJob) => {
  let reply: ParseReply = { id: job.id, size: null };
  try {
    const p = toPath(job.uri);
    const r = p ? readFileNonBlockingSync(p, job.maxBytes) : null;
    if (r && headLooksLikeDump(r.bytes)) {
      const s = summarizeBytes(job.uri, r.bytes);
      reply = { id: job.id, size: r.size, mtimeMs: r.mtimeMs, n: s.n, data: s.data, authors: s.authors.join('\u0000'), tid: s.tid };
    }
  } catch {
    /* unreadable or unparsable: answered as not a dump */
  }
  parentPort?.postMessage(reply, reply.data ? [reply.data] : []);
});
