import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceIndex, excerptScore, parseDumpFileName } from '../../server/src/workspace';
import { dump, linkQuote, plainQuote } from '../helpers/dumps';
import { mdFiles, read, THREAD_DIR } from '../helpers/paths';
import { quoteResolution, repliesTo, seed, uriOf } from '../helpers/workspace';


describe('resolution: the seed', () => {
  const { index, file } = seed(-1);
  const res = index.resolution(file.uri)!.quotesOf(file);
  const byFloor = (floor: number) => file.doc.posts.find((p) => p.floor === floor)!;
  const targetOf = (fromFloor: number, nth = 0) => {
    const q = file.doc.quotes[byFloor(fromFloor).quotes[nth]];
    return res[q.id]!.target!.post.floor;
  };

  it('takes the thread id from the quote links when the name has none', () => {
    assert.equal(file.tid, '2244747');
  });

  it('resolves all 50 quotes', () => {
    assert.equal(file.doc.quotes.length, 50);
    assert.deepEqual(
      res.map((r) => r?.status),
      Array(50).fill('resolved'),
    );
    for (const r of res) assert.equal(r!.target!.file, file);
  });

  it('lands on the posts a reader picks (checked by hand)', () => {
    // #6 quotes yangkaim4 09:19 → #4; #12 quotes sellboy 09:20 → #6 (not #5 十点半, same minute);
    // #27 quotes Alce79 09:41 → #21; #43 quotes sellboy 09:20 → #6; #84 quotes Fidel 2-1 00:03 → #83.
    assert.equal(targetOf(6), 4);
    assert.equal(targetOf(12), 6);
    assert.equal(targetOf(27), 21);
    assert.equal(targetOf(43), 6);
    assert.equal(targetOf(84), 83);
    assert.equal(targetOf(95), 8);
  });

  it('makes replies the inverse of resolution', () => {
    const r = index.resolution(file.uri)!;
    let n = 0;
    for (const p of file.doc.posts) n += r.repliesOf(p).length;
    assert.equal(n, 50);
    const replies6 = repliesTo(index, file.uri, byFloor(6).index).map((q) => file.doc.posts[q.quote.postIndex].floor);
    assert.deepEqual(replies6, [12, 43]);
  });
});

describe('resolution: a two-file thread', () => {
  const index = new WorkspaceIndex();
  const files = mdFiles(THREAD_DIR).map((p) => index.set(uriOf(p), read(p)));

  it('groups the page files into one thread, in page order', () => {
    const t = index.threadOf(files[1].uri)!;
    assert.equal(t.tid, '2243718');
    assert.deepEqual(
      t.files.map((f) => f.page),
      [1, 2],
    );
  });

  it('resolves quotes in page 2 to posts in page 1', () => {
    const [p1, p2] = files;
    const res = index.resolution(p2.uri)!.quotesOf(p2);
    const cross = res.filter((r) => r?.target?.file === p1);
    assert.ok(cross.length >= 5, `cross-file quotes: ${cross.length}`);
    for (const r of cross) {
      const t = r!.target!;
      // The target really is by that author at that minute (or settled by pid/excerpt).
      assert.ok(t.post.floor! <= 1480);
    }
    const resolved = res.filter((r) => r?.status === 'resolved').length;
    const all = res.filter((r) => r).length;
    assert.ok(resolved / all > 0.95, `${resolved}/${all}`);
  });

  it('reports a quote into the missing page as outside when page 1 is absent', () => {
    const alone = new WorkspaceIndex();
    const p2 = alone.set(files[1].uri, files[1].doc.text);
    const res = alone.resolution(p2.uri)!.quotesOf(p2);
    const outside = res.filter((r) => r?.status === 'outside').length;
    assert.ok(outside >= 5, `outside: ${outside}`);
  });
});

describe('resolution: rules on hand-made threads', () => {
  const uri = 'file:///t/9999-01[test].md';

  it('breaks an (author, minute) tie with the quoted excerpt', () => {
    const idx = new WorkspaceIndex();
    const f = idx.set(
      uri,
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'first post about cats' },
        { author: 'a', floor: 2, date: '2025-1-1 10:00', body: 'second post about dogs' },
        { author: 'b', floor: 3, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:00', 'second post ...')}\nreply` },
      ),
    );
    const r = quoteResolution(idx, uri, 0)!;
    assert.equal(r.status, 'resolved');
    assert.equal(r.how, 'excerpt');
    assert.equal(r.target!.post.floor, 2);
    void f;
  });

  it('reports an ambiguous quote when the excerpt does not decide', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'one' },
        { author: 'a', floor: 2, date: '2025-1-1 10:00', body: 'two' },
        { author: 'b', floor: 3, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:00', 'three')}\nreply` },
      ),
    );
    const r = quoteResolution(idx, uri, 0)!;
    assert.equal(r.status, 'ambiguous');
    assert.deepEqual(
      r.candidates.map((c) => c.post.floor),
      [1, 2],
    );
  });

  it('takes the first of a post repeated with the same text', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'same' },
        { author: 'a', floor: 2, date: '2025-1-1 10:00', body: 'same' },
        { author: 'b', floor: 3, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:00', 'same')}\nreply` },
      ),
    );
    const r = quoteResolution(idx, uri, 0)!;
    assert.deepEqual([r.status, r.how, r.target!.post.floor], ['resolved', 'duplicate', 1]);
  });

  it('settles a quote with a wrong time by a findpost pid learned elsewhere', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'hello' },
        { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${linkQuote('a', '2025-1-1 10:00', 'hello', '555', '9999')}\nok` },
        { author: 'c', floor: 3, date: '2025-1-1 10:06', body: `${linkQuote('a', '2025-1-1 10:33', 'zzz', '555', '9999')}\nok` },
      ),
    );
    const r = quoteResolution(idx, uri, 1)!;
    assert.deepEqual([r.status, r.how, r.target!.post.floor], ['resolved', 'pid', 1]);
    assert.equal(idx.resolution(uri)!.pids.get('555')!.post.floor, 1);
  });

  it('flags two quotes whose one pid lands on different posts', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'hello' },
        { author: 'd', floor: 2, date: '2025-1-1 10:01', body: 'other' },
        { author: 'b', floor: 3, date: '2025-1-1 10:05', body: `${linkQuote('a', '2025-1-1 10:00', 'hello', '777', '9999')}\nok` },
        { author: 'c', floor: 4, date: '2025-1-1 10:06', body: `${linkQuote('d', '2025-1-1 10:01', 'other', '777', '9999')}\nok` },
      ),
    );
    assert.equal(quoteResolution(idx, uri, 0)!.pidConflict, undefined);
    assert.ok(quoteResolution(idx, uri, 1)!.pidConflict);
  });

  it('finds a whole-hour time-zone offset, marked as such, only when the excerpt agrees', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'a distinctive sentence' },
        { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 02:00', 'a distinctive sentence')}\nok` },
        { author: 'c', floor: 3, date: '2025-1-1 10:06', body: `${plainQuote('a', '2025-1-1 11:00', 'something else')}\nok` },
      ),
    );
    const r = quoteResolution(idx, uri, 0)!;
    assert.deepEqual([r.status, r.how, r.offsetHours, r.target!.post.floor], ['resolved', 'offset', 8, 1]);
    assert.equal(quoteResolution(idx, uri, 1)!.status, 'notfound');
  });

  it('marks quotes of posts before the files present, or of another thread, as outside', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      dump(
        { author: 'a', floor: 100, date: '2025-1-1 10:00', body: 'x' },
        { author: 'b', floor: 101, date: '2025-1-1 10:05', body: `${plainQuote('z', '2024-12-1 10:00', 'old')}\n${linkQuote('y', '2025-1-1 10:01', 'q', '1', '4242')}\nok` },
      ),
    );
    assert.deepEqual([quoteResolution(idx, uri, 0)!.status, quoteResolution(idx, uri, 0)!.outsideReason], ['outside', 'earlier']);
    assert.deepEqual([quoteResolution(idx, uri, 1)!.status, quoteResolution(idx, uri, 1)!.outsideReason], ['outside', 'other-thread']);
  });

  it('matches anonymous quotes (匿名者) to anonymous posts (匿名)', () => {
    const idx = new WorkspaceIndex();
    idx.set(
      uri,
      '\n*****\n\n####   匿名  \n##### 1#        匿名\u00a0  发表于 2024-3-19 15:03\n\nsecret\n\n' +
        `*****\n\n####  b  \n##### 2#       发表于 2024-3-19 15:10\n\n${plainQuote('匿名者', '2024-3-19 15:03', 'secret')}\nok\n`,
    );
    assert.equal(quoteResolution(idx, uri, 0)!.target!.post.floor, 1);
  });

  it('recomputes after an edit of one file of the thread', () => {
    const idx = new WorkspaceIndex();
    const u1 = 'file:///t/9999-01[x].md';
    const u2 = 'file:///t/9999-02[x].md';
    idx.set(u1, dump({ author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'x' }));
    idx.set(u2, dump({ author: 'b', floor: 1481, date: '2025-1-2 10:00', body: `${plainQuote('a', '2025-1-1 10:00', 'x')}\nok` }), 1);
    assert.equal(quoteResolution(idx, u2, 0)!.target!.file.uri, u1);
    idx.set(u1, dump({ author: 'a', floor: 1, date: '2025-1-1 09:59', body: 'x' }));
    assert.equal(quoteResolution(idx, u2, 0)!.status, 'notfound');
  });
});

describe('resolution: helpers', () => {
  it('reads thread id and page from archive file names', () => {
    assert.deepEqual(parseDumpFileName('2244747-01[新任商务部长听证会].md'), { tid: '2244747', page: 1 });
    assert.deepEqual(parseDumpFileName('1105387-102[x].md'), { tid: '1105387', page: 102 });
    assert.deepEqual(parseDumpFileName('README.md'), { tid: null, page: null });
    assert.deepEqual(path.basename('x'), 'x');
  });

  it('scores excerpts: prefix, substring, shared start, none', () => {
    assert.equal(excerptScore('abc', 'abcdef'), 3);
    assert.equal(excerptScore('cde', 'abcdef'), 2);
    assert.equal(excerptScore('abcdefghXYZ', 'abcdefghijk'), 1);
    assert.equal(excerptScore('zzz', 'abcdef'), 0);
    assert.equal(excerptScore('', 'abcdef'), 0);
  });
});
