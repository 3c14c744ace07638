// Word search over a whole archive (issue 12 item 2, "measure and choose"): what a compact token
// index would cost against reading candidate files on demand. For every dump below the folders:
// hashed CJK bigrams and ASCII words (lower-cased, 2+ letters), counted once per file and once per
// thread, i.e. the postings a file- or thread-level index would hold; and the time a plain byte
// search (Buffer.indexOf of the UTF-8 query, no decoding) over every file takes.
//
//   node scripts/measure-tokens.mjs /work/archives/2022 [more folders…] [--query=问道于盲]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walk } from './dumpFiles.mjs';

const folders = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const query = process.argv.find((a) => a.startsWith('--query='))?.slice(8) ?? '问道于盲';
const files = folders.flatMap((f) => walk(path.resolve(f)));
const tidOf = (f) => /^(\d{3,})/.exec(path.basename(f))?.[1] ?? f;

/** FNV-1a of a token's UTF-16 units. */
const hash = (s, a, b) => {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
const isCjk = (c) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isWord = (c) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

let bytes = 0;
let filePairs = 0;
const threadSets = new Map();
const distinct = new Set();
const t0 = performance.now();
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8').toLowerCase();
  bytes += Buffer.byteLength(text);
  const set = new Set();
  let w = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isCjk(c) && i + 1 < text.length && isCjk(text.charCodeAt(i + 1))) set.add(hash(text, i, i + 2));
    if (isWord(c)) {
      if (w < 0) w = i;
    } else if (w >= 0) {
      if (i - w >= 2) set.add(hash(text, w, i));
      w = -1;
    }
  }
  filePairs += set.size;
  const t = tidOf(f);
  let ts = threadSets.get(t);
  if (!ts) threadSets.set(t, (ts = new Set()));
  for (const h of set) {
    ts.add(h);
    distinct.add(h);
  }
}
let threadPairs = 0;
for (const s of threadSets.values()) threadPairs += s.size;
const scanMs = performance.now() - t0;

// On demand: every file read and searched as bytes.
const needle = Buffer.from(query, 'utf8');
const t1 = performance.now();
let hits = 0;
for (const f of files) if (fs.readFileSync(f).indexOf(needle) >= 0) hits++;
const grepMs = performance.now() - t1;

const mb = (n) => (n / 1e6).toFixed(0);
console.log(`${files.length} files, ${threadSets.size} threads, ${mb(bytes)} MB of text; tokenised in ${(scanMs / 1000).toFixed(1)} s`);
console.log(`distinct token hashes: ${distinct.size}`);
console.log(`postings per file: ${filePairs} (${mb(filePairs * 4)} MB as Uint32 file ids; ~${mb(filePairs * 2)} MB delta-coded), ${(filePairs * 4 / bytes).toFixed(3)}× the text as Uint32`);
console.log(`postings per thread: ${threadPairs} (${mb(threadPairs * 4)} MB as Uint32), ${(threadPairs * 4 / bytes).toFixed(3)}× the text`);
console.log(`byte search of "${query}" over every file (read from the page cache): ${(grepMs / 1000).toFixed(2)} s, ${hits} files hold it, ${mb(bytes / (grepMs / 1000))} MB/s`);
