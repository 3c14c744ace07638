import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DumpDocument, parseDumpDate, looksLikeDump } from '../../server/src/model';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser } from 'htmlparser2';
import { internalsOf } from '../../server/src/model/htmlparser2Internals';
import { dump, linkQuote, plainQuote, post } from '../helpers/dumps';
import { read, ROOT, SEED } from '../helpers/paths';

const lineText = (doc: DumpDocument, line: number) => doc.text.slice(doc.lineStarts[line], doc.lineEnd(line));

describe('model: the seed', () => {
  const doc = new DumpDocument(read(SEED));

  it('finds 95 posts with floors 1..95 in order and 50 quotes', () => {
    assert.equal(doc.posts.length, 95);
    assert.deepEqual(
      doc.posts.map((p) => p.floor),
      Array.from({ length: 95 }, (_, i) => i + 1),
    );
    assert.equal(doc.quotes.length, 50);
    assert.equal(doc.problems.length, 0);
  });

  it('reads the first post: OP, author, normalised date, ranges', () => {
    const p = doc.posts[0];
    assert.equal(p.author, 'i0ncube_R');
    assert.equal(p.op, true);
    assert.equal(p.date?.text, '2025-01-31 08:59');
    assert.equal(p.line, 3);
    assert.equal(lineText(doc, p.line), '####  i0ncube_R  ');
    assert.equal(doc.text.slice(p.authorSpan.start, p.authorSpan.end), 'i0ncube_R');
    assert.equal(doc.text.slice(p.floorLine.start, p.floorLine.end), '##### 1#       楼主       发表于 2025-1-31 08:59');
    assert.ok(doc.text.slice(p.body.start, p.body.end).startsWith('新任商务部长Howard Lutnick'));
    // The body ends at its last non-blank line, before the next separator.
    assert.ok(!doc.text.slice(p.span.start, p.span.end).includes('*****'));
    assert.equal(doc.posts.filter((x) => x.op).length, 1 + doc.posts.slice(1).filter((x) => x.op).length);
  });

  it('reads quote headers: link form with pid and ptid, plain form without', () => {
    const linked = doc.quotes[0];
    assert.equal(doc.posts[linked.postIndex].floor, 6);
    assert.deepEqual(
      [linked.header?.author, linked.header?.date?.text, linked.header?.pid, linked.header?.ptid, linked.header?.form],
      ['yangkaim4', '2025-01-31 09:19', '67317742', '2244747', 'link'],
    );
    assert.equal(doc.text.slice(linked.header!.authorSpan.start, linked.header!.authorSpan.end), 'yangkaim4');
    assert.equal(doc.text.slice(linked.header!.dateSpan.start, linked.header!.dateSpan.end), '2025-1-31 09:19');
    const plain = doc.quotes.find((q) => doc.posts[q.postIndex].floor === 12)!;
    assert.deepEqual([plain.header?.author, plain.header?.date?.text, plain.header?.pid, plain.header?.form], ['sellboy', '2025-01-31 09:20', null, 'plain']);
    assert.equal(doc.lineOf(plain.header!.span.start), 133);
    assert.equal(doc.quotedText(plain).text.split('\n')[0], '无非是');
  });

  it('keeps every post range inside the text, ordered and disjoint', () => {
    let prev = -1;
    for (const p of doc.posts) {
      assert.ok(p.span.start > prev && p.span.start <= p.span.end && p.span.end <= doc.text.length);
      assert.ok(p.authorLine.start === p.span.start && p.floorLine.end <= p.body.start + 1 && p.body.end === p.span.end);
      prev = p.span.end;
    }
  });

  it('gives a post text without its quotes, and notes truncated quotes', () => {
    const p = doc.posts.find((x) => x.floor === 12)!;
    assert.equal(doc.postText(p), '那更没人用了，买了API还输出垃圾别人还开源大家又不是傻子.');
    const truncated = doc.quotes.filter((q) => doc.quotedText(q).truncated);
    assert.ok(truncated.length > 0);
    for (const q of truncated) assert.ok(doc.quotedText(q).text.endsWith('...'));
  });

  it('maps offsets and positions both ways', () => {
    for (const off of [0, 1, 500, 4929, doc.text.length]) {
      assert.equal(doc.offsetAt(doc.positionAt(off)), off);
    }
    assert.deepEqual(doc.positionAt(doc.posts[11].span.start), { line: 130, character: 0 });
  });
});

describe('model: variants from the format notes', () => {
  const base = dump(
    { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'hello world' },
    { author: 'bob', floor: 2, date: '2025-1-31 09:30', body: `${linkQuote('alice', '2025-1-31 09:28', 'hello world')}\nreply` },
  );

  it('parses a plain hand-made dump', () => {
    const d = new DumpDocument(base);
    assert.deepEqual(
      d.posts.map((p) => [p.floor, p.author, p.op, p.date?.text]),
      [
        [1, 'alice', true, '2025-01-31 09:28'],
        [2, 'bob', false, '2025-01-31 09:30'],
      ],
    );
    assert.equal(d.quotes.length, 1);
    assert.equal(d.postText(d.posts[1]), 'reply');
  });

  it('reads a BOM, CRLF line ends and NUL bytes the same way', () => {
    const crlf = '\ufeff' + base.replace(/\n/g, '\r\n').replace('hello world', 'hello\u0000 world');
    const d = new DumpDocument(crlf);
    assert.equal(d.posts.length, 2);
    assert.equal(d.posts[0].author, 'alice');
    assert.equal(d.posts[1].date?.text, '2025-01-31 09:30');
    // Line ends never belong to a header span.
    assert.ok(!d.text.slice(d.posts[1].floorLine.start, d.posts[1].floorLine.end).includes('\r'));
    assert.equal(d.quotes[0].header?.author, 'alice');
  });

  it('skips a preamble and reads a file that starts with *****', () => {
    const pre = '> ## **本文件最后更新于2022-01-01 10:00** \n\n\n' + base;
    assert.equal(new DumpDocument(pre).posts.length, 2);
    assert.equal(new DumpDocument(base.replace(/^\n/, '')).posts.length, 2);
    assert.equal(new DumpDocument('\n\n' + base).posts.length, 2);
  });

  it('keeps a ***** line inside a body as text', () => {
    const d = new DumpDocument(dump({ author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'before\n*****\nafter' }, { author: 'b', floor: 2, date: '2025-1-1 10:01', body: 'x' }));
    assert.equal(d.posts.length, 2);
    assert.equal(d.postText(d.posts[0]), 'before\n*****\nafter');
  });

  it('reads anonymous posts, deleted users and the OP posting again with NBSP', () => {
    const text =
      '\n*****\n\n####   匿名  \n##### 3#        匿名\u00a0  发表于 2024-3-19 15:03\n\nanon\n\n' +
      '*****\n\n####  gone 该用户已被删除 \n##### 4#       发表于 2024-3-19 15:04\n\nbye\n\n' +
      '*****\n\n####  starter  \n##### 5#        \u00a0楼主| 发表于 2024-3-19 15:05\n\nagain\n';
    const d = new DumpDocument(text);
    assert.deepEqual(
      d.posts.map((p) => [p.author, p.anonymous, p.deletedUser, p.op, p.date?.text]),
      [
        ['匿名', true, false, false, '2024-03-19 15:03'],
        ['gone', false, true, false, '2024-03-19 15:04'],
        ['starter', false, false, true, '2024-03-19 15:05'],
      ],
    );
    assert.equal(d.problems.length, 0);
  });

  it('reads quote headers with seconds and zero padding, and the app form', () => {
    const d = new DumpDocument(
      dump({
        author: 'a',
        floor: 1,
        date: '2022-9-14 01:07',
        body: `${plainQuote(' bob', '2022-09-14 01:06:19', 'x')}\n<blockquote>引用第81楼carol于2022-03-17 15:43发表的  :\nold text</blockquote>\nz`,
      }),
    );
    const [q1, q2] = d.quotes;
    assert.equal(q1.header?.author, 'bob');
    assert.equal(q1.header?.date?.text, '2022-09-14 01:06');
    assert.equal(q1.header?.date?.seconds, 19);
    assert.deepEqual([q2.header?.form, q2.header?.author, q2.header?.floor, q2.header?.date?.text], ['app', 'carol', 81, '2022-03-17 15:43']);
    assert.equal(d.quotedText(q2).text, 'old text');
  });

  it('nests quotes and reports unbalanced blockquotes', () => {
    const d = new DumpDocument(
      dump(
        { author: 'a', floor: 1, date: '2025-1-1 10:00', body: `<blockquote>${linkQuote('b', '2025-1-1 09:00', 'inner')}\nouter</blockquote>\nmine` },
        { author: 'b', floor: 2, date: '2025-1-1 10:01', body: '<blockquote>never closed\nstill quoted' },
        { author: 'c', floor: 3, date: '2025-1-1 10:02', body: 'text</blockquote> after' },
      ),
    );
    const [outer, inner, unclosed] = d.quotes;
    assert.equal(outer.header, null);
    assert.equal(inner.depth, 1);
    assert.equal(inner.parent, outer.id);
    assert.deepEqual(outer.children, [inner.id]);
    assert.equal(d.quotedText(outer).text, 'outer');
    assert.equal(d.postText(d.posts[0]), 'mine');
    assert.equal(unclosed.closed, false);
    assert.equal(unclosed.span.end, d.posts[1].body.end, 'an unclosed quote ends with its post');
    assert.deepEqual(
      d.problems.map((p) => [p.code, p.postIndex]),
      [
        ['unclosed-blockquote', 1],
        ['stray-blockquote-close', 2],
      ],
    );
  });

  it('reports repeated and backwards floors, keeping every post', () => {
    const d = new DumpDocument(
      dump(
        { author: 'a', floor: 5, date: '2025-1-1 10:00', body: 'x' },
        { author: 'b', floor: 6, date: '2025-1-1 10:01', body: 'y' },
        { author: 'a', floor: 5, date: '2025-1-1 10:00', body: 'x' },
        { author: 'c', floor: 3, date: '2025-1-1 10:02', body: 'z' },
      ),
    );
    assert.equal(d.posts.length, 4);
    assert.deepEqual(
      d.problems.map((p) => [p.code, p.postIndex]),
      [
        ['duplicate-floor', 2],
        ['backwards-floor', 3],
      ],
    );
  });

  it('reports malformed headers: a bad date, no floor line, a huge floor', () => {
    const text =
      '\n*****\n\n####  a  \n##### 1#       发表于 2025-13-45 99:99\n\nx\n\n' +
      '*****\n\n####  b  \nno floor line here\n\n' +
      `*****\n\n####  c  \n##### ${'9'.repeat(30)}#       发表于 2025-1-1 10:00\n\nz\n`;
    const d = new DumpDocument(text);
    assert.equal(d.posts.length, 3);
    assert.deepEqual(
      d.problems.map((p) => p.code),
      ['malformed-header', 'malformed-header', 'malformed-header'],
    );
    assert.equal(d.posts[0].date, null);
    assert.equal(d.posts[2].floor, null);
    assert.match(d.problems[0].message, /not a valid date/);
  });

  it('finds links, images, edit notes, signatures and blocked notices on demand', () => {
    const d = new DumpDocument(
      dump(
        {
          author: 'a',
          floor: 1,
          date: '2025-1-1 10:00',
          body:
            ' 本帖最后由 a 于 2025-1-1 10:05 编辑 \n\nsee [this](https://example.com/x) ' +
          '<img src="https://static.saraba1st.com/image/smiley/face2017/001.png" referrerpolicy="no-referrer">' +
          '<img src="https://img.example/p.jpg" referrerpolicy="no-referrer">\n\n—— 来自 [鹅球](https://www.pgyer.com/xfPejhuq) v3.3.96',
        },
        { author: 'b', floor: 2, date: '2025-1-1 10:01', body: '提示: 作者被禁止或删除 内容自动屏蔽' },
      ),
    );
    const x = d.extras(d.posts[0]);
    assert.deepEqual(
      x.links.map((l) => [l.text, l.url]),
      [
        ['this', 'https://example.com/x'],
        ['鹅球', 'https://www.pgyer.com/xfPejhuq'],
      ],
    );
    assert.deepEqual(
      x.images.map((i) => i.smiley),
      [true, false],
    );
    assert.match(d.text.slice(x.editNote!.start, x.editNote!.end), /本帖最后由 a 于/);
    assert.match(d.text.slice(x.signature!.start, x.signature!.end), /^—— 来自/);
    assert.equal(x.blocked, null);
    assert.ok(d.extras(d.posts[1]).blocked);
    // The edit note is not part of the post's text.
    assert.ok(!d.postText(d.posts[0]).includes('本帖最后由'));
  });

  it('never throws on junk and keeps positions inside the text', () => {
    const junk = ['', '\n', '*****', '####  x', '##### 1#', '<blockquote>', '\ud800\u0000\ufeff', post({ author: '😀'.repeat(3), floor: 1, date: '2025-1-1 10:00', body: '<blockquote><a href="' })];
    for (const t of junk) {
      const d = new DumpDocument(t);
      for (const p of d.posts) assert.ok(p.span.end <= t.length);
      for (const q of d.quotes) assert.ok(q.span.end <= t.length);
    }
    const emoji = new DumpDocument(post({ author: '😀作者', floor: 1, date: '2025-1-1 10:00', body: 'x' }));
    const p = emoji.posts[0];
    assert.equal(emoji.text.slice(p.authorSpan.start, p.authorSpan.end), '😀作者');
    assert.equal(emoji.positionAt(p.authorSpan.end).character, 6 + 4, 'UTF-16 columns: the emoji counts 2');
  });
});

describe('model: dates and sniffing', () => {
  it('normalises archive dates to minute precision', () => {
    assert.equal(parseDumpDate('2025-1-31 09:28')?.text, '2025-01-31 09:28');
    assert.equal(parseDumpDate('2022-09-14 01:06:19')?.text, '2022-09-14 01:06');
    assert.equal(parseDumpDate('2025-2-29 10:00'), null);
    assert.equal(parseDumpDate('2025-13-45 99:99'), null);
    assert.equal(parseDumpDate('2024-2-29 23:59')?.minute, Date.UTC(2024, 1, 29, 23, 59) / 60000);
  });

  it('recognises dumps by content, not by name', () => {
    assert.equal(looksLikeDump(read(SEED)), true);
    assert.equal(looksLikeDump('# A README\n\n#### not a post\n'), false);
    assert.equal(looksLikeDump('*****\n\n####  a  \n##### 1#       发表于 2025-1-1 10:00\n'), true);
  });
});

describe('model: htmlparser2 internals', () => {
  // html.ts writes into htmlparser2's private fields (htmlparser2Internals.ts). If an upgrade
  // renames or retypes them, this fails loudly instead of parsing going wrong silently.
  it('finds the private fields the shared parser relies on, with their types', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/htmlparser2/package.json'), 'utf8')) as { version: string }).version;
    const internals = internalsOf(new Parser({}));
    assert.ok(Array.isArray(internals.stack) && Array.isArray(internals.foreignContext), `htmlparser2 ${version}`);
    assert.equal(typeof internals.attribvalue, 'string');
    assert.equal(typeof internals.tokenizer.isSpecial, 'boolean');
    assert.equal(typeof internals.tokenizer.sequenceIndex, 'number');
    assert.throws(() => internalsOf({} as Parser), /private fields changed \(stack, foreignContext, attribvalue, tokenizer\.isSpecial, tokenizer\.sequenceIndex\)/);
  });
});
