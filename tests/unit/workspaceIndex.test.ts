// The two-tier workspace (issue 12): summaries agree with the full model, the summary tier answers
// what the full tier answers, a tiny memory budget answers as none, the persistent cache
// rebuilds what is truncated, corrupt or old, the indexer follows folders and coalesces bursts,
// a FIFO never blocks a read, quotes resolve across threads.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { definition } from '../../server/src/features/definition';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { DumpDocument } from '../../server/src/model';
import { makeDumpFile, quoteAuthor, WorkspaceIndex } from '../../server/src/workspace';
import { CACHE_FORMAT, decodeShard, encodeShard, ShardCache } from '../../server/src/workspace/cache';
import { decodeText } from '../../server/src/workspace/disk';
import { DiskFileSource } from '../../server/src/workspace/diskSource';
import { Indexer, SummaryIndex } from '../../server/src/workspace/indexer';
import { InlineParser, type ParsedFile, type SummaryParser } from '../../server/src/workspace/parser';
import { AuthorTable, columns, FileSummary, postFacts, summarizeBytes, summarizeText, type RawSummary } from '../../server/src/workspace/summary';
import { CORPUS, mdFiles, read, SEED, THREAD_DIR, VARIANTS } from '../helpers/paths';
import { uriOf } from '../helpers/workspace';


/** Every dump the tests have: seeds, variants, and the corpus where present. */
function dumpFiles(): string[] {
  return [SEED, ...mdFiles(THREAD_DIR), ...mdFiles(VARIANTS), ...(CORPUS ? mdFiles(CORPUS) : [])];
}

function factsOf(raw: RawSummary): ReturnType<typeof postFacts>[] {
  const c = columns(raw.n, raw.data);
  return Array.from({ length: raw.n }, (_, i) => ({
    floor: Number.isNaN(c.floor[i]) ? null : c.floor[i],
    author: raw.authors[c.author[i]],
    minute: Number.isNaN(c.minute[i]) ? null : c.minute[i],
    line: c.line[i],
    headEnd: c.headEnd[i],
    flags: c.flags[i],
  }));
}

function summaryIndexOf(files: string[]): SummaryIndex {
  const store = new SummaryIndex();
  for (const f of files) {
    const bytes = fs.readFileSync(f);
    store.put(FileSummary.intern(uriOf(f), bytes.length, 0, summarizeBytes(uriOf(f), bytes), store.authors));
  }
  return store;
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'forum-dump-index-'));
}

/** A copy of the seed thread (and the seed dump) in a fresh folder, in the archive layout. */
function copyWorkspace(): string {
  const dir = tmpDir();
  const board = path.join(dir, 'board');
  fs.cpSync(THREAD_DIR, path.join(board, path.basename(THREAD_DIR)), { recursive: true });
  fs.mkdirSync(path.join(board, '2244747[seed]'), { recursive: true });
  fs.copyFileSync(SEED, path.join(board, '2244747[seed]', '2244747-01[seed].md'));
  return dir;
}

/** Counts the parses (to check each file of a burst is read once). */
class CountingParser implements SummaryParser {
  readonly concurrency = 1;
  parsed = new Map<string, number>();
  private readonly inner = new InlineParser(new DiskFileSource());
  parse(uri: string, max: number): Promise<ParsedFile | null> {
    this.parsed.set(uri, (this.parsed.get(uri) ?? 0) + 1);
    return this.inner.parse(uri, max);
  }
  close(): void {}
}

async function indexFolder(dir: string, cacheDir?: string, parser: SummaryParser = new CountingParser()) {
  const store = new SummaryIndex();
  const cache = cacheDir ? new ShardCache(cacheDir, dir) : undefined;
  const ix = new Indexer(store, new DiskFileSource(), parser, cache);
  await ix.start([uriOf(dir)]);
  await ix.idle();
  await ix.saveCache();
  return { store, ix, cache };
}

describe('summaries (the compact tier)', () => {
  it('agree with the full model post by post on every dump we have (bytes and text paths)', () => {
    let posts = 0;
    for (const f of dumpFiles()) {
      const bytes = fs.readFileSync(f);
      const doc = new DumpDocument(decodeText(bytes));
      const want = doc.posts.map((p) => postFacts(doc, p));
      // Named as a page file of a thread, so the fast path (not a full parse) is what is tested.
      const uri = uriOf(path.join(path.dirname(f), '1234567-01[x].md'));
      assert.deepEqual(factsOf(summarizeBytes(uri, bytes)), want, f);
      assert.deepEqual(factsOf(summarizeText(uri, decodeText(bytes))), want, f);
      posts += want.length;
    }
    assert.ok(posts > 3000, `${posts} posts`);
  });

  it('agree on edge cases: BOM, CRLF, lone CR, a lone author line after a separator, a floor beyond 2^31', () => {
    const texts = [
      '\ufeff*****\n\n####  a  \n##### 1#  发表于 2025-1-1 00:00\n\nx\n',
      '*****\r\n\r\n####  a  \r\n##### 1#  发表于 2025-1-1 00:00\r\n\r\nx\r\n\r\n*****\r\n\r\n####  b\r\nbody\r\n',
      '*****\n\n####  a\r##### 1#  发表于 2025-1-1 00:00\r\rx\n*****\n####  c\n\n##### 2# 发表于 2025-1-1 00:01\n',
      '*****\n\n####  a  \n##### 3000000000#  楼主| 发表于 2025-1-1 00:00\n\n\ufeff####  b\n##### 2#  匿名 发表于 2025-13-1 00:00\n####  该用户已被删除\n',
    ];
    for (const t of texts) {
      const doc = new DumpDocument(decodeText(Buffer.from(t)));
      const want = doc.posts.map((p) => postFacts(doc, p));
      assert.deepEqual(factsOf(summarizeBytes('file:///w/1234567-01[x].md', Buffer.from(t))), want, JSON.stringify(t));
    }
  });

  it('the author table hands out plain 32-bit ids that never wrap (2^21 + 5 names)', () => {
    const t = new AuthorTable();
    const n = (1 << 21) + 5;
    for (let i = 0; i < n; i++) t.intern(String(i));
    assert.equal(t.id("0"), 0);
    assert.equal(t.id(String(1 << 21)), 1 << 21);
    assert.equal(t.id(String(n - 1)), n - 1);
    assert.equal(t.size, n);
  });
});

describe('the summary tier answers what the full tier answers', () => {
  const files = [SEED, ...mdFiles(THREAD_DIR), ...mdFiles(VARIANTS)];
  const full = new WorkspaceIndex();
  for (const f of files) full.set(uriOf(f), read(f));
  const store = summaryIndexOf(files);

  it('workspace symbols by floor and author', () => {
    for (const q of ['#12', '#1', 'sellboy', 'Alce79', 'a', '', '#9007199254740993']) {
      const a = workspaceSymbols(full.query(), q);
      const b = workspaceSymbols(new WorkspaceIndex().query(store), q);
      assert.deepEqual(b, a, q);
    }
    assert.ok(workspaceSymbols(full.query(), 'sellboy').length >= 10);
  });

  it('thread grouping', () => {
    for (const f of files) {
      const uri = uriOf(f);
      const t = full.threadOf(uri)!;
      if (!t.tid) continue;
      assert.deepEqual(
        store.threadFiles(t.tid).map((s) => s.uri),
        t.files.map((x) => x.uri),
        uri,
      );
    }
  });

  it('whether a quote names a post of the workspace (quote-outside)', () => {
    let checked = 0;
    for (const f of full.all()) {
      const res = full.resolution(f.uri)!;
      for (const q of f.doc.quotes) {
        const h = q.header;
        if (!h?.date || !h.ptid) continue;
        const r = res.of(q);
        const there = store.postsAt(h.ptid, quoteAuthor(h.author), h.date.minute);
        if (r?.status === 'resolved' && (r.how === 'exact' || r.how === 'excerpt' || r.how === 'duplicate') && r.target!.file.tid === h.ptid) {
          assert.ok(
            there.some((p) => p.file.uri === r.target!.file.uri && p.index === r.target!.post.index),
            `${f.name} quote ${q.id}`,
          );
          checked++;
        }
        if (r?.status === 'outside' && r.outsideReason === 'other-thread') assert.equal(there.length, 0, `${f.name} quote ${q.id}`);
      }
    }
    assert.ok(checked > 50, `${checked} quotes`);
  });
});

describe('quotes across threads', () => {
  // Thread 9990001 quotes a post of the seed thread 2244747 by its findpost link (ptid).
  const seedDoc = new DumpDocument(read(SEED));
  const p = seedDoc.posts[5];
  const quoting = `*****\n\n####  reader  \n##### 1#  发表于 2025-2-1 10:00\n\n<blockquote><a href="https://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1&amp;ptid=2244747" target="_blank">${p.author} 发表于 ${p.date!.text.replace(/-0/g, '-')}</a>\nx</blockquote>\nreply\n`;
  const qUri = 'file:///w/9990001[q]/9990001-01[q].md';
  const sUri = 'file:///w/2244747[seed]/2244747-01[seed].md';

  it('resolve into the other thread when it is in the workspace, "outside" when it is not', () => {
    const alone = new WorkspaceIndex();
    alone.set(qUri, quoting, 1);
    const q = alone.get(qUri)!.doc.quotes[0];
    assert.equal(alone.resolution(qUri)!.of(q)!.status, 'outside');
    const both = new WorkspaceIndex();
    both.set(qUri, quoting, 1);
    assert.equal(both.resolution(qUri)!.of(both.get(qUri)!.doc.quotes[0])!.status, 'outside');
    // The quoted thread comes in (as the server reads it): the resolution is redone.
    both.set(sUri, read(SEED));
    const r = both.resolution(qUri)!.of(both.get(qUri)!.doc.quotes[0])!;
    assert.equal(r.status, 'resolved');
    assert.equal(r.target!.file.uri, sUri);
    assert.equal(r.target!.post.index, 5);
    // Definition follows it; the quoted post lists it among its replies.
    const line = quoting.split('\n').findIndex((l) => l.includes('<blockquote>'));
    const links = definition(both.view(qUri)!, { line, character: 20 });
    assert.equal(links[0]?.targetUri, sUri);
    // The quoted post's thread does not list it (replies are per thread), but the quote's own does.
    assert.equal(both.resolution(qUri)!.repliesOf(r.target!.post).length, 1);
  });
});

describe('a tiny memory budget answers as none', () => {
  it('definitions of every quote of the opened page, with evictions after each step (property)', () => {
    const pages = [SEED, ...mdFiles(THREAD_DIR)];
    const texts = new Map(pages.map((f) => [uriOf(f), read(f)]));
    const uris = [...texts.keys()];
    /** What the server does on open: the page, then its thread's pages from disk. */
    const tidOf = new Map(uris.map((u) => [u, makeDumpFile(u, new DumpDocument(texts.get(u)!)).tid]));
    const openThread = (idx: WorkspaceIndex, uri: string) => {
      idx.set(uri, texts.get(uri)!, 1);
      for (const u of uris) if (u !== uri && idx.get(u) === undefined && tidOf.get(u) === tidOf.get(uri)) idx.setFromDisk(u, texts.get(u)!);
    };
    const answers = (idx: WorkspaceIndex, uri: string) =>
      idx.get(uri)!.doc.quotes.map((q) => JSON.stringify(definition(idx.view(uri)!, idx.get(uri)!.doc.positionAt(q.span.start + 14))));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: uris.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 6 }), (steps) => {
        const tiny = new WorkspaceIndex();
        const roomy = new WorkspaceIndex();
        for (const [i, close] of steps) {
          const uri = uris[i];
          for (const idx of [tiny, roomy]) openThread(idx, uri);
          assert.deepEqual(answers(tiny, uri), answers(roomy, uri));
          if (close) for (const idx of [tiny, roomy]) idx.close(uri);
          tiny.evict(0);
        }
      }),
      { seed: 1212, numRuns: 10 },
    );
  });
});

describe('the persistent cache', () => {
  it('round-trips a shard, and rejects a truncated, corrupt or old-format one', () => {
    const bytes = fs.readFileSync(SEED);
    const raw = summarizeBytes('file:///w/2244747-01[x].md', bytes);
    const shard = encodeShard([{ uri: 'file:///w/2244747-01[x].md', size: bytes.length, mtimeMs: 5, raw }]);
    const [e] = decodeShard(shard);
    assert.deepEqual(factsOf(e.raw), factsOf(raw));
    assert.throws(() => decodeShard(shard.subarray(0, shard.length - 7)));
    const corrupt = Buffer.from(shard);
    corrupt[40] ^= 0xff;
    assert.throws(() => decodeShard(corrupt));
    const old = Buffer.from(shard);
    old.writeUInt32LE(CACHE_FORMAT + 1, 4);
    assert.throws(() => decodeShard(old));
  });

  it('reopening loads, not parses; a changed mtime, a truncated shard, an old format are parsed again', async () => {
    const dir = copyWorkspace();
    const cacheDir = tmpDir();
    try {
      const first = await indexFolder(dir, cacheDir);
      const n = first.store.files.size;
      assert.equal(n, 3);
      assert.equal(first.ix.progress.parsed, n);
      // Reopen: everything from the cache, the same summaries.
      const p2 = new CountingParser();
      const second = await indexFolder(dir, cacheDir, p2);
      assert.equal(second.ix.progress.fromCache, n);
      assert.equal(p2.parsed.size, 0);
      assert.deepEqual(workspaceSymbols(new WorkspaceIndex().query(second.store), 'sellboy'), workspaceSymbols(new WorkspaceIndex().query(first.store), 'sellboy'));
      // One file's mtime changes: that file alone is parsed again.
      const page = mdFiles(dir)[0];
      fs.utimesSync(page, new Date(), new Date(Date.now() + 5000));
      const p3 = new CountingParser();
      const third = await indexFolder(dir, cacheDir, p3);
      assert.deepEqual([...p3.parsed.keys()], [uriOf(page)]);
      assert.equal(third.ix.progress.fromCache, n - 1);
      // Every shard truncated, then every shard of an old format: ignored, parsed, rewritten.
      const shardFiles = () => fs.readdirSync(first.cache!.dir).map((f) => path.join(first.cache!.dir, f));
      for (const f of shardFiles()) fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
      const p4 = new CountingParser();
      const fourth = await indexFolder(dir, cacheDir, p4);
      assert.equal(p4.parsed.size, n);
      assert.ok(fourth.cache!.rejected >= 1);
      for (const f of shardFiles()) {
        const b = fs.readFileSync(f);
        b.writeUInt32LE(CACHE_FORMAT + 7, 4);
        fs.writeFileSync(f, b);
      }
      const p5 = new CountingParser();
      await indexFolder(dir, cacheDir, p5);
      assert.equal(p5.parsed.size, n);
      // …and rewritten: the next reopen loads again.
      const p6 = new CountingParser();
      await indexFolder(dir, cacheDir, p6);
      assert.equal(p6.parsed.size, 0);
      // Garbage where a shard was: no crash.
      for (const f of shardFiles()) fs.writeFileSync(f, 'not a shard at all');
      const p7 = new CountingParser();
      const seventh = await indexFolder(dir, cacheDir, p7);
      assert.equal(seventh.store.files.size, n);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('the indexer follows the workspace', () => {
  it('folders added and removed', async () => {
    const a = copyWorkspace();
    const b = tmpDir();
    fs.mkdirSync(path.join(b, '9990002[x]'));
    fs.writeFileSync(path.join(b, '9990002[x]', '9990002-01[x].md'), '*****\n\n####  onlyinb  \n##### 1#  发表于 2025-1-1 00:00\n\nx\n');
    try {
      const { store, ix } = await indexFolder(a);
      assert.equal(store.files.size, 3);
      ix.setRoots([uriOf(a), uriOf(b)]);
      await ix.idle();
      assert.equal(store.files.size, 4);
      assert.equal(store.threadFiles('9990002').length, 1);
      ix.setRoots([uriOf(b)]);
      await ix.idle();
      assert.deepEqual([...store.files.keys()], [uriOf(path.join(b, '9990002[x]', '9990002-01[x].md'))]);
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });

  it('a burst of events costs one look per file; created, changed and deleted files are followed', async () => {
    const dir = copyWorkspace();
    try {
      const parser = new CountingParser();
      const { store, ix } = await indexFolder(dir, undefined, parser);
      parser.parsed.clear();
      const pages = mdFiles(dir);
      for (const p of pages) fs.utimesSync(p, new Date(), new Date(Date.now() + 10000));
      const created = path.join(dir, 'board', '9990003[new]', '9990003-01[new].md');
      fs.mkdirSync(path.dirname(created));
      fs.writeFileSync(created, '*****\n\n####  newcomer  \n##### 1#  发表于 2025-1-1 00:00\n\nx\n');
      const events = [];
      for (let i = 0; i < 20000; i++) events.push({ uri: uriOf(pages[i % pages.length]), kind: 'check' as const });
      events.push({ uri: uriOf(created), kind: 'check' as const });
      ix.fileEvents(events);
      await ix.idle();
      assert.deepEqual([...parser.parsed.values()], Array(pages.length + 1).fill(1));
      assert.equal(store.threadFiles('9990003').length, 1);
      fs.rmSync(pages[0]);
      ix.fileEvents([{ uri: uriOf(pages[0]), kind: 'delete' }]);
      await ix.idle();
      assert.equal(store.files.has(uriOf(pages[0])), false);
      // A folder moved in whole is announced by its own name only: its files are walked.
      const moved = path.join(dir, 'board', '9990004[moved]');
      fs.mkdirSync(moved);
      fs.writeFileSync(path.join(moved, '9990004-01[moved].md'), '*****\n\n####  mover  \n##### 1#  发表于 2025-1-1 00:00\n\nx\n');
      ix.fileEvents([{ uri: uriOf(moved), kind: 'check' }]);
      await ix.idle();
      assert.equal(store.threadFiles('9990004').length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a FIFO in place of a page is skipped without blocking (the opened file is checked)', async () => {
    const dir = copyWorkspace();
    try {
      const fifo = path.join(dir, 'board', '2244747[seed]', '2244747-02[seed].md');
      execFileSync('mkfifo', [fifo]);
      assert.equal(await new DiskFileSource().read(uriOf(fifo), 1 << 20), null);
      const { store } = await indexFolder(dir);
      assert.equal(store.files.size, 3);
      assert.equal(store.files.has(uriOf(fifo)), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

