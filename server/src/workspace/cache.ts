// The persistent index (like clangd's background-index shards): file summaries on disk, keyed by
// the file's URI, size and mtime, packed many files to a shard (one shard file per thread
// folder would be 55,000 small files for four yearly archives; 256 shards keep each write small
// and a reopen to 256 reads). A shard that is truncated, corrupt (checksum), or of another
// format version is ignored and rebuilt — never a crash. Node only (the browser has no cache).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CachedEntry } from './indexer';
import { columns, layout, type RawSummary } from './summary';

/** Bump when the shard layout or what a summary holds changes: older shards are then ignored. */
export const CACHE_FORMAT = 2;
const MAGIC = 0x48534446; // "FDSH"
export const SHARDS = 256;


const crc32: (b: Uint8Array) => number =
  typeof (zlib as unknown as { crc32?: unknown }).crc32 === 'function'
    ? (b) => (zlib as unknown as { crc32: (b: Uint8Array) => number }).crc32(b) >>> 0
    : (b) => {
        let h = 0x811c9dc5;
        for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619);
        return h >>> 0;
      };

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The shard a file belongs to: by its thread folder, so one thread's pages share a shard. */
export function shardOf(uri: string): number {
  return fnv(uri.slice(0, uri.lastIndexOf('/'))) % SHARDS;
}

/**
 * Serialises the entries of one shard: a header (magic, format, count, length of the metadata),
 * the metadata as one JSON array (one parse on load, not one per file): the shard's author names
 * (NUL-joined, each once: one table for all its files, so a reopen interns each name once per
 * shard, not once per file) and every entry's URI, size, mtime, thread and post count; then the
 * entries' column buffers one after another (author columns as indices into the shard's table),
 * and a CRC-32 of everything before it.
 */
export function encodeShard(entries: CachedEntry[]): Buffer {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const buffers = entries.map((e) => {
    const data = new Uint8Array(e.raw.data.slice(0));
    const col = columns(e.raw.n, data.buffer).author;
    const local = e.raw.authors.map((a) => {
      let id = ids.get(a);
      if (id === undefined) {
        ids.set(a, (id = names.length));
        names.push(a);
      }
      return id;
    });
    for (let i = 0; i < e.raw.n; i++) col[i] = local[col[i]] ?? -1;
    return data;
  });
  const meta = Buffer.from(JSON.stringify([names.join('\u0000'), entries.map((e) => [e.uri, e.size, e.mtimeMs, e.raw.tid, e.raw.n])]), 'utf8');
  const head = Buffer.alloc(16);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(CACHE_FORMAT, 4);
  head.writeUInt32LE(entries.length, 8);
  head.writeUInt32LE(meta.length, 12);
  const body = Buffer.concat([head, meta, ...buffers]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(crc32(body), 0);
  return Buffer.concat([body, tail]);
}

/** Reads a shard; throws on anything but a whole, intact shard of this format. */
export function decodeShard(buf: Uint8Array): CachedEntry[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 20) throw new Error('shard truncated');
  if (b.readUInt32LE(0) !== MAGIC) throw new Error('not a shard');
  if (b.readUInt32LE(4) !== CACHE_FORMAT) throw new Error('old shard format');
  if (crc32(b.subarray(0, b.length - 4)) !== b.readUInt32LE(b.length - 4)) throw new Error('shard checksum');
  const count = b.readUInt32LE(8);
  const metaLen = b.readUInt32LE(12);
  const end = b.length - 4;
  if (16 + metaLen > end) throw new Error('shard truncated');
  const meta = JSON.parse(b.toString('utf8', 16, 16 + metaLen)) as unknown;
  if (!Array.isArray(meta) || meta.length !== 2 || typeof meta[0] !== 'string' || !Array.isArray(meta[1]) || meta[1].length !== count) throw new Error('shard metadata');
  // One array for the shard: FileSummary.intern maps it to the workspace's ids once.
  const authors = meta[0] === '' ? [] : meta[0].split('\u0000');
  let at = 16 + metaLen;
  const out: CachedEntry[] = [];
  for (const m of meta[1] as unknown[]) {
    if (!Array.isArray(m) || m.length !== 5) throw new Error('shard entry metadata');
    const [uri, size, mtimeMs, tid, n] = m as unknown[];
    if (typeof uri !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || !(tid === null || typeof tid === 'string') || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new Error('shard entry metadata');
    }
    const bytes = layout(n).bytes;
    if (at + bytes > end) throw new Error('shard entry out of bounds');
    // A copy, aligned for the typed arrays (the author column is checked when it is interned).
    const data = new ArrayBuffer(bytes);
    new Uint8Array(data).set(b.subarray(at, at + bytes));
    at += bytes;
    out.push({ uri, size, mtimeMs, raw: { n, data, authors, tid } });
  }
  if (at !== end) throw new Error('shard has trailing bytes');
  return out;
}

/**
 * The cache of one workspace: `<cacheDir>/index-v<format>/<hash of the roots' URIs>/NNN.shard`.
 * `load` hands every intact entry out once (the index keeps the summaries; the cache keeps only
 * each file's size and mtime, so summaries are not held twice); `save` rewrites the shards whose
 * files changed, taking their summaries from the index (written to a temporary file and renamed,
 * so a crash mid-write leaves the old shard or none).
 */
export class ShardCache {
  readonly dir: string;
  private readonly meta = new Map<number, Map<string, { size: number; mtimeMs: number }>>();
  private readonly dirty = new Set<number>();
  /** Shards that could not be read (truncated, corrupt, old): counted for the log and tests. */
  rejected = 0;

  constructor(cacheDir: string, key: string) {
    const h = crypto.createHash('sha1').update(key).digest('hex').slice(0, 16);
    this.dir = path.join(cacheDir, `index-v${CACHE_FORMAT}`, h);
  }

  /**
   * Reads every shard, one per turn of the event loop; unreadable ones are dropped (and
   * rewritten on the next save).
   */
  async load(): Promise<CachedEntry[]> {
    this.meta.clear();
    this.rejected = 0;
    const out: CachedEntry[] = [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return out;
    }
    for (const name of names) {
      const m = /^(\d{3})\.shard$/.exec(name);
      if (!m || Number(m[1]) >= SHARDS) continue;
      const k = Number(m[1]);
      await new Promise((r) => setImmediate(r));
      try {
        const list = decodeShard(fs.readFileSync(path.join(this.dir, name)));
        const map = new Map<string, { size: number; mtimeMs: number }>();
        for (const e of list) {
          if (shardOf(e.uri) !== k) continue;
          map.set(e.uri, { size: e.size, mtimeMs: e.mtimeMs });
          out.push(e);
        }
        this.meta.set(k, map);
      } catch {
        this.rejected++;
        this.dirty.add(k);
      }
    }
    return out;
  }

  /** A file's summary is (now) this one: its shard is written on the next save. */
  set(uri: string, size: number, mtimeMs: number): void {
    const k = shardOf(uri);
    let m = this.meta.get(k);
    if (!m) this.meta.set(k, (m = new Map()));
    const old = m.get(uri);
    if (old && old.size === size && old.mtimeMs === mtimeMs) return;
    m.set(uri, { size, mtimeMs });
    this.dirty.add(k);
  }

  delete(uri: string): void {
    const k = shardOf(uri);
    if (this.meta.get(k)?.delete(uri)) this.dirty.add(k);
  }

  get pending(): number {
    return this.dirty.size;
  }

  /**
   * Writes the changed shards, with the summaries `rawOf` gives (files it has none for are left
   * out); one shard per turn of the event loop, so requests are answered in between.
   */
  async persist(rawOf: (uri: string) => RawSummary | undefined): Promise<number> {
    if (this.dirty.size === 0) return 0;
    fs.mkdirSync(this.dir, { recursive: true });
    let n = 0;
    const shards = [...this.dirty];
    this.dirty.clear();
    for (const k of shards) {
      await new Promise((r) => setImmediate(r));
      const file = path.join(this.dir, `${String(k).padStart(3, '0')}.shard`);
      const list: CachedEntry[] = [];
      for (const [uri, m] of this.meta.get(k) ?? []) {
        const raw = rawOf(uri);
        if (raw) list.push({ uri, size: m.size, mtimeMs: m.mtimeMs, raw });
      }
      if (list.length === 0) {
        fs.rmSync(file, { force: true });
        continue;
      }
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, encodeShard(list));
      fs.renameSync(tmp, file);
      n++;
    }
    return n;
  }
}
