// Hostile input (issue 8): for every bad input below, the parser, the resolver and every feature
// return a result, and every range they give is inside its document (checkFeatures, shared with
// the property tests). Time limits here are hang guards against catastrophic regex backtracking
// and quadratic loops, set many times above what the work takes on a loaded 2-core machine:
// speed is measured by the benchmarks, never by timed tests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DocumentSymbol, Hover, MarkupContent, SelectionRange } from 'vscode-languageserver-protocol';
import { codeActions, MAX_FIX_QUOTES } from '../../server/src/features/codeActions';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { definition } from '../../server/src/features/definition';
import { documentLinks } from '../../server/src/features/documentLinks';
import { documentSymbols, MAX_QUOTE_DEPTH } from '../../server/src/features/documentSymbols';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHints';
import { references } from '../../server/src/features/references';
import { MAX_QUOTE_LEVELS, selectionRanges } from '../../server/src/features/selectionRange';
import { escapeMarkdown } from '../../server/src/features/util';
import { firstWords } from '../../server/src/features/util';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { DumpDocument, formatMinuteArchive, parseDumpDate, plainText } from '../../server/src/model';
import { scanMarkdownLinks } from '../../server/src/model/html';
import { decodeText } from '../../server/src/workspace/disk';
import { baseName, excerptScore, WorkspaceIndex } from '../../server/src/workspace';
import { checkFeatures, checkMarkdownSafe, checkModel, checkNavigation, indexOf } from '../helpers/invariants';
import { dump, linkQuote, plainQuote, post } from '../helpers/dumps';
import { LspClient } from '../helpers/lsp';
import { ROOT } from '../helpers/paths';
import { hoverText, quoteResolution } from '../helpers/workspace';

/** Runs `f`; fails when it takes longer than `limitMs` (a hang guard, not a speed test). */
function guard<T>(what: string, limitMs: number, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  const ms = performance.now() - t0;
  assert.ok(ms < limitMs, `${what}: ${ms.toFixed(0)} ms, over the ${limitMs} ms hang guard`);
  return r;
}

/** Parses, resolves and runs every feature on the texts (page files of one thread); checks all ranges. */
function exercise(texts: string | string[], limitMs: number, opts: { model?: boolean; navigation?: boolean; probes?: number } = {}) {
  const list = typeof texts === 'string' ? [texts] : texts;
  return guard(`every feature on ${list.map((t) => t.length).join(' + ')} characters`, limitMs, () => {
    const { index, uris } = indexOf(list);
    if (opts.model !== false) for (const u of uris) checkModel(index.get(u)!.doc);
    checkFeatures(index, uris, [0.25, 0.5, 0.75], opts.probes ?? 30);
    if (opts.navigation !== false) checkNavigation(index, uris);
    return { index, uris, docs: uris.map((u) => index.get(u)!.doc) };
  });
}

const P = (author: string, floor: number | string, date: string, body: string) => `*****\n\n####  ${author}  \n##### ${floor}#       发表于 ${date}\n\n${body}\n\n`;

describe('hostile input: size', () => {
  it('a 50 MB single line (no line break at all): parsed in bounded time, features answer', () => {
    const unit = 'x[[](本帖最后由 引用第1楼&#1234 😀 ';
    const line = unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length));
    const { docs } = exercise(line, 60_000, { navigation: false });
    assert.equal(docs[0].posts.length, 0);
    assert.equal(docs[0].lineCount, 1);
  });

  it('a post whose body is one 2 MB line of links, brackets, entities, edit marks and quotes', () => {
    // Every construct a regular expression or a search looks at, on one line: quotes (one in 100
    // units), Markdown links and their broken halves, <a> and <img> tags, edit-note and app-form marks.
    const unit = '[[](x) [a](b) ![i](u) <a href=x>y</a> 本帖最后由 引用第1楼 &#1234; &amp 😀 ';
    const quote = '<blockquote>ghost 发表于 2025-1-1 00:00</blockquote>';
    let block = '';
    for (let i = 0; i < 100; i++) block += unit;
    block += quote;
    // (2 MB: every feature reads the post's text again, and the 50 MB line is the test above.)
    const body = block.repeat(Math.ceil((2 * 1024 * 1024) / block.length));
    const text = P('a', 1, '2025-1-1 00:00', body) + P('b', 2, '2025-1-1 00:01', 'reply');
    const { docs } = exercise(text, 120_000, { model: false, navigation: false, probes: 3 });
    assert.equal(docs[0].posts.length, 2);
    assert.ok(docs[0].quotes.length > 200);
    checkModel(docs[0]);
  });

  it('100k posts, each quoting the one before (and 30k copies of one post)', () => {
    const parts: string[] = ['\n'];
    for (let i = 0; i < 100_000; i++) {
      const date = formatMinuteArchive(Date.UTC(2025, 0, 1) / 60000 + i);
      const prev = i > 0 ? plainQuote(`u${(i - 1) % 97}`, formatMinuteArchive(Date.UTC(2025, 0, 1) / 60000 + i - 1), `reply ${i - 1}`) + '\n' : '';
      parts.push(P(`u${i % 97}`, i + 1, date, `${prev}reply ${i}`));
    }
    const { index, uris, docs } = exercise(parts.join(''), 120_000, { navigation: false, probes: 3 });
    assert.equal(docs[0].posts.length, 100_000);
    const res = index.resolution(uris[0])!;
    assert.equal(docs[0].quotes.filter((q) => res.of(q)?.status === 'resolved').length, 99_999);
    // The same post 30k times: every quote matches every copy (the worst case for resolution).
    const same = dump(...Array.from({ length: 30_000 }, (_, i) => ({ author: 'same', floor: i + 1, date: '2025-1-1 00:00', body: plainQuote('same', '2025-1-1 00:00', 'hello') + '\nhello' })));
    const r2 = exercise(same, 120_000, { navigation: false, probes: 2 });
    const q0 = r2.index.resolution(r2.uris[0])!.of(r2.docs[0].quotes[0])!;
    assert.equal(q0.status, 'resolved');
    assert.equal(q0.how, 'duplicate');
    // A keystroke in that file re-resolves every quote of the key: bounded too.
    guard('a keystroke in 30k copies of one post', 60_000, () => r2.index.update(r2.uris[0], [{ start: 40, end: 40, text: 'x' }], 2));
    guard('diagnostics after it', 60_000, () => computeDiagnostics(r2.index.view(r2.uris[0])!));
  });

  it('10k nested <blockquote>s, on 10k lines and on one line', () => {
    const n = 10_000;
    for (const [sep, close] of [
      ['\n', true],
      ['', true],
      ['', false],
    ] as const) {
      const body = `<blockquote>a 发表于 2025-1-1 00:00${sep}`.repeat(n) + 'deep' + (close ? '</blockquote>'.repeat(n) : '');
      const text = P('a', 1, '2025-1-1 00:00', 'first') + P('b', 2, '2025-1-1 00:01', body);
      const { index, uris, docs } = exercise(text, 60_000, { probes: 3, navigation: close && sep === '' });
      const doc = docs[0];
      assert.equal(doc.quotes.length, n);
      assert.equal(doc.quotes[n - 1].depth, n - 1);
      // The outline and a selection-range chain stay shallow enough to serialise.
      const syms = documentSymbols(index.view(uris[0])!);
      let depth = 0;
      for (let s: DocumentSymbol | undefined = syms[1]; s && s.children && s.children.length > 0; s = s.children[0]) depth++;
      assert.ok(depth <= MAX_QUOTE_DEPTH, `outline depth ${depth}`);
      assert.doesNotThrow(() => JSON.stringify(syms));
      const [sel] = selectionRanges(index.view(uris[0])!, [doc.positionAt(doc.quotes[n - 1].contentStart + 1)]);
      let chain = 0;
      for (let s: SelectionRange | undefined = sel; s; s = s.parent) chain++;
      assert.ok(chain <= MAX_QUOTE_LEVELS + 3, `selection chain ${chain}`);
      assert.doesNotThrow(() => JSON.stringify(sel));
    }
  });

  it('unbalanced and truncated <blockquote>s: 10k never closed, 10k stray closes, cut mid-tag', () => {
    const opens = P('a', 1, '2025-1-1 00:00', '<blockquote>x\n'.repeat(10_000));
    const closes = P('a', 1, '2025-1-1 00:00', '</blockquote>\n'.repeat(10_000));
    const cut = P('a', 1, '2025-1-1 00:00', plainQuote('a', '2025-1-1 00:00', 'x')) + P('b', 2, '2025-1-1 00:01', '<blockquote>a 发表于 2025-1-1 00:00\nhello</blockquo');
    const truncated = cut.slice(0, cut.length - 20);
    for (const t of [opens, closes, cut, truncated, '<blockquote>'.repeat(50_000), '</blockquote>'.repeat(50_000)]) exercise(t, 30_000);
    const d = new DumpDocument(opens);
    assert.equal(d.problems.filter((p) => p.code === 'unclosed-blockquote').length, 10_000);
    assert.equal(new DumpDocument(closes).problems.filter((p) => p.code === 'stray-blockquote-close').length, 10_000);
  });
});

describe('hostile input: headers', () => {
  it('a header with a 10k-character author, and a quote naming it', () => {
    const name = '名'.repeat(5000) + 'ab'.repeat(2500);
    const text = dump({ author: name, floor: 1, date: '2025-1-1 00:00', body: 'hi' }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: linkQuote(name, '2025-1-1 00:00', 'hi') + '\nyes' });
    const { index, uris, docs } = exercise(text, 10_000);
    const doc = docs[0];
    assert.equal(doc.posts[0].author, name);
    assert.equal(quoteResolution(index, uris[0], 0)?.status, 'resolved');
    // Hovers and outline names stay readable: previews cut long text.
    const h = hoverText(hover(index.view(uris[0])!, doc.positionAt(doc.quotes[0].header!.authorSpan.start)));
    assert.ok(h.length < 30_000);
    // A 10k-digit floor and a 10k-character date are malformed, not fatal.
    exercise(P('x', '9'.repeat(10_000), '2025-1-1 00:00', 'a') + P('y', 1, '2'.repeat(10_000), 'b'), 10_000);
  });

  it('impossible and odd dates: 2025-13-45 99:99, 2025-2-29, 0000-1-1, 9999-12-31 23:59', () => {
    for (const bad of ['2025-13-45 99:99', '2025-2-29 10:00', '2025-1-31 24:00', '2025-1-31 09:60', '2025-0-1 00:00', '2025-1-0 00:00', '2025-1-31 09:28:60']) {
      assert.equal(parseDumpDate(bad), null, bad);
      const text = dump({ author: 'a', floor: 1, date: bad, body: 'x' }, { author: 'b', floor: 2, date: '2025-1-31 09:28', body: plainQuote('a', bad, 'x') });
      const { index, uris, docs } = exercise(text, 5_000);
      assert.ok(docs[0].posts[0].malformed, bad);
      assert.deepEqual(
        computeDiagnostics(index.view(uris[0])!).map((d) => d.code),
        ['malformed-header', 'invalid-quote-date'],
      );
    }
    // Edge years parse, and a quick fix writes them back so they parse again (four-digit years).
    for (const edge of ['0000-1-1 00:00', '0025-3-1 00:00', '9999-12-31 23:59', '2024-2-29 12:00']) {
      const d = parseDumpDate(edge);
      assert.ok(d, edge);
      assert.equal(formatMinuteArchive(d.minute), edge);
      const text = dump({ author: 'a', floor: 1, date: edge, body: 'hello there' }, { author: 'b', floor: 2, date: '2025-1-31 09:28', body: plainQuote('a', '2025-1-31 09:28', 'hello there') });
      const { index, uris, docs } = exercise(text, 5_000);
      const q = docs[0].quotes[0];
      const diags = computeDiagnostics(index.view(uris[0])!);
      const fixes = codeActions(index.view(uris[0])!, { start: docs[0].positionAt(q.header!.span.start), end: docs[0].positionAt(q.header!.span.end) }, diags);
      const edit = fixes[0].edit!.changes![uris[0]].find((e) => e.newText.includes(':'))!;
      assert.equal(edit.newText, edge, 'the fix writes the post date in the archive form');
    }
  });

  it('floors beyond 2^53 are malformed (never rounded to a wrong floor)', () => {
    const text = dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: 'x' }) + P('b', '9007199254740993', '2025-1-1 00:01', 'y') + P('c', '1' + '0'.repeat(400), '2025-1-1 00:02', 'z');
    const { index, uris, docs } = exercise(text, 5_000);
    assert.deepEqual(
      docs[0].posts.map((p) => p.floor),
      [1, null, null],
    );
    assert.ok(computeDiagnostics(index.view(uris[0])!).some((d) => d.code === 'malformed-header' && d.message.includes('too large')));
    assert.deepEqual(
      workspaceSymbols(index.query(), '#9007199254740993').map((s) => s.name),
      [],
    );
  });
});

describe('hostile input: characters', () => {
  it('lone surrogates in authors, bodies and quote headers', () => {
    const lone = '\ud800x\udfff';
    const text = dump({ author: lone, floor: 1, date: '2025-1-1 00:00', body: `${lone} body \ud83d` }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: plainQuote(lone, '2025-1-1 00:00', lone) + '\nok' });
    const { index, uris, docs } = exercise(text, 5_000);
    assert.equal(quoteResolution(index, uris[0], 0)?.status, 'resolved');
    const h = hoverText(hover(index.view(uris[0])!, docs[0].positionAt(docs[0].quotes[0].header!.authorSpan.start)));
    checkMarkdownSafe(h, 'hover');
    assert.ok(h.includes('\ufffd'), 'a lone surrogate is shown as U+FFFD');
  });

  it('NUL and binary junk, and junk decoded from random bytes', () => {
    const bytes = Buffer.alloc(200_000);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const junk = decodeText(bytes);
    exercise(junk, 10_000);
    const withNul = dump({ author: 'a\u0000b', floor: 1, date: '2025-1-1 00:00', body: '\u0000\u0001\u0002' + junk.slice(0, 5000) }, { author: 'c', floor: 2, date: '2025-1-1 00:01', body: plainQuote('a\u0000b', '2025-1-1 00:00', '\u0000') });
    const { index, uris, docs } = exercise(withNul, 10_000);
    checkMarkdownSafe(hoverText(hover(index.view(uris[0])!, docs[0].positionAt(docs[0].posts[0].authorLine.start))), 'hover');
    exercise('\u0000'.repeat(1_000_000), 10_000);
  });

  it('CRLF, mixed line ends and lone CR: the model breaks lines where LSP does, a file read from disk keeps its line ends', () => {
    const lf = dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: 'x' }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: plainQuote('a', '2025-1-1 00:00', 'x') + '\ny' });
    const crlf = lf.replace(/\n/g, '\r\n');
    let k = 0;
    const mixed = lf.replace(/\n/g, () => (k++ % 2 ? '\r\n' : '\n'));
    for (const t of [crlf, mixed]) {
      const { index, uris, docs } = exercise(t, 5_000);
      assert.equal(docs[0].posts.length, 2);
      assert.equal(quoteResolution(index, uris[0], 0)?.status, 'resolved');
      // Names and lines carry no CR.
      assert.equal(docs[0].posts[1].author, 'b');
      assert.ok(!docs[0].posts[0].floorLine || !docs[0].slice(docs[0].posts[0].floorLine.start, docs[0].posts[0].floorLine.end).includes('\r'));
    }
    // A lone CR (VS Code and LSP count it as a line break) is one for the model too, and a file
    // read from disk keeps it: open and disk texts are the same.
    const lone = lf.replace('\ny', '\ry');
    assert.equal(decodeText(Buffer.from(lone, 'utf8')), lone);
    assert.equal(decodeText(Buffer.from(crlf, 'utf8')), crlf, 'CRLF stays');
    const { docs } = exercise(lone, 5_000);
    const asLf = new DumpDocument(lf);
    assert.equal(docs[0].lineCount, asLf.lineCount);
    assert.deepEqual(docs[0].posts.map((p) => p.line), asLf.posts.map((p) => p.line));
  });

  it('a BOM: at the start, before a separator or an author line, inside text', () => {
    const body = dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: 'x\ufeffy' }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: plainQuote('a', '2025-1-1 00:00', 'x') });
    for (const t of ['\ufeff' + body, body.replace('*****', '\ufeff*****'), body.replace('####  b', '\ufeff####  b'), '\ufeff', '\ufeff'.repeat(100_000)]) {
      const { docs } = exercise(t, 5_000);
      if (t.length > 100 && t.length < 100_000) assert.equal(docs[0].posts.length, 2, JSON.stringify(t.slice(0, 20)));
    }
    assert.equal(decodeText(Buffer.from('\ufeff' + body, 'utf8')), body, 'a BOM read from disk is dropped');
  });

  it('emoji and other astral characters in author names: UTF-16 columns', () => {
    const author = '😀表情👍🏽𠀀';
    const text = dump({ author, floor: 1, date: '2025-1-1 00:00', body: 'x' }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: `😀😀${plainQuote(author, '2025-1-1 00:00', 'x')}\ny` });
    const { index, uris, docs } = exercise(text, 5_000);
    const doc = docs[0];
    const line = doc.text.split('\n')[doc.posts[0].line];
    assert.equal(line, `####  ${author}  `);
    // The author name spans its UTF-16 units: 2 per emoji, 2 for the skin tone, 2 for U+20000, 1 per CJK.
    const ap = doc.posts[0].authorSpan;
    assert.deepEqual([doc.positionAt(ap.start).character, doc.positionAt(ap.end).character], [6, 6 + author.length]);
    assert.equal(author.length, 10);
    // The quote header after two emoji on its line starts at UTF-16 column 4 + `<blockquote>`.
    const q = doc.quotes[0];
    assert.equal(doc.positionAt(q.header!.authorSpan.start).character, 4 + '<blockquote>'.length);
    assert.equal(doc.positionAt(q.header!.authorSpan.end).character, 4 + '<blockquote>'.length + author.length);
    const defs = definition(index.view(uris[0])!, doc.positionAt(q.header!.authorSpan.start + 2));
    assert.deepEqual(defs[0].originSelectionRange!.start, doc.positionAt(q.header!.span.start));
    const hint = inlayHints(index.view(uris[0])!)[0];
    assert.deepEqual(hint.position, doc.positionAt(q.header!.span.end));
    // Cutting text for a label never splits a pair.
    const long = dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: 'x'.repeat(39) + '😀'.repeat(30) });
    const i2 = indexOf([long]);
    const d2 = i2.index.get(i2.uris[0])!.doc;
    const fw = firstWords(d2.postText(d2.posts[0]));
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(fw), JSON.stringify(fw));
  });
});

describe('hostile input: worst cases of every regular expression and search in server/src', () => {
  // Each input is about half a megabyte of what makes one pattern backtrack (or one search
  // rescan); all of them run through every feature. Before the fixes, several took minutes.
  const MB = 1 << 19;
  const fill = (s: string, n = MB) => s.repeat(Math.ceil(n / s.length));
  const cases: [string, string][] = [
    ['Markdown link text: a line of [', fill('[')],
    ['Markdown link URL: a line of [](', fill('[](')],
    ['Markdown image: a line of ![](', fill('![](')],
    ['link URL runs: [a](xxxx… with no )', '[a](' + fill('x')],
    ['edit note: 本帖最后由 with no date', fill('本帖最后由 ')],
    ['app-form quote header: 引用第1楼 with no date', '<blockquote>' + fill('引用第1楼于') + '发表'],
    ['entities: &# and digits with no ;', fill('&#1234567890')],
    ['entities: a run of &', fill('&')],
    ['white space runs', fill(' \u3000\u00a0\t')],
    ['truncation mark: dots', fill('.')],
    ['pid in a link: ?pid= runs', `<blockquote><a href="${fill('?pid=', MB / 4)}">b 发表于 2025-1-1 00:00</a>\nx</blockquote>`],
    ['<a> without href="', fill('<a href=x>y</a>', MB / 4)],
    ['quote headers on one long line', fill('<blockquote>b 发表于 2025-1-1 00:00</blockquote>', MB / 2) + fill('z')],
    ['a header href with no closing quote', `<blockquote><a title='href="' href=x>b 发表于 2025-1-1 00:00</a>\n` + fill('x')],
    ['lone surrogates (cleaned for hover)', fill('\ud800')],
    ['Markdown specials (escaped for hover)', fill('\\`*_{}[]()<>#+-.!|~&:"\'=$%')],
    ['an <img> left open', '<img src="' + fill('x')],
    ['unclosed elements and stray closing tags (the HTML parser’s open-element stack)', fill('<i>', MB / 2) + fill('</b>', MB / 2)],
    ['foreign elements never closed', fill('<svg>', MB / 2) + fill('</x>', MB / 2)],
    ['smiley URL test on a long src', `<img src="${fill('static.saraba1st.com/image/', MB / 2)}">`],
  ];
  for (const [what, body] of cases) {
    it(what, () => {
      const text = P('a', 1, '2025-1-1 00:00', body) + P('b', 2, '2025-1-1 00:01', plainQuote('a', '2025-1-1 00:00', body.slice(0, 100)) + '\n' + body);
      exercise(text, 30_000, { navigation: false });
    });
  }

  it('sniffing, file names, URLs and workspace symbol queries', () => {
    guard('file name with a long digit run', 1_000, () => baseName('file:///a/' + '1'.repeat(MB) + '?'.repeat(MB) + '\nx'));
    const { index } = indexOf([dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: 'x' })]);
    guard('workspace symbol queries', 5_000, () => {
      workspaceSymbols(index.query(), '#' + '9'.repeat(MB));
      workspaceSymbols(index.query(), ' '.repeat(MB) + 'x');
    });
    guard('excerpt score on a huge post', 2_000, () => {
      const post = 'z'.repeat(20 * MB);
      for (let i = 0; i < 1000; i++) excerptScore('q' + i, post);
    });
    guard('sniff a long floor-ish line', 2_000, () => new DumpDocument('*****\n####  a\n##### ' + ' '.repeat(MB) + '1#' + 'x'.repeat(MB)));
    guard('escape a megabyte for hover', 2_000, () => escapeMarkdown(fill('<[](x)>\ud800\u0000')));
    guard('plain text of a megabyte of tags', 5_000, () => plainText(fill('<b>x</b><script'), [{ start: 0, end: MB }]));
  });
});

describe('hostile input: recovery and safety', () => {
  it('a region that fails to parse does not take features from the rest of the file', () => {
    const good = (n: number) => P(`u${n}`, n, `2025-1-1 00:0${n}`, n > 1 ? plainQuote(`u${n - 1}`, `2025-1-1 00:0${n - 1}`, `text ${n - 1}`) + `\ntext ${n}` : 'text 1');
    const broken = '####  \n##### x#  发表于 2025-99-99\n<blockquote><blockquote></blockquote></blockquote></blockquote>\u0000\ud800' + '<a href="'.repeat(100) + '\n*****\n##### 5#\n';
    const text = '\n' + good(1) + good(2) + broken + good(3) + good(4);
    const { index, uris, docs } = exercise(text, 5_000);
    const doc = docs[0];
    const names = documentSymbols(index.view(uris[0])!).map((s) => s.name);
    for (const n of ['#1 u1', '#2 u2', '#3 u3', '#4 u4']) assert.ok(names.includes(n), `${n} in ${JSON.stringify(names)}`);
    // The quote in #4 still goes to #3, and #3's references find it.
    const q = doc.quotes.find((x) => x.header?.author === 'u3')!;
    const defs = definition(index.view(uris[0])!, doc.positionAt(q.header!.authorSpan.start));
    const p3 = doc.posts.find((p) => p.author === 'u3')!;
    assert.equal(defs[0].targetSelectionRange.start.line, p3.line);
    assert.equal(references(index.view(uris[0])!, doc.positionAt(p3.authorLine.start), false).length, 1);
    assert.ok(computeDiagnostics(index.view(uris[0])!).some((d) => d.code === 'malformed-header'));
  });

  it('hover Markdown is inert: no HTML, links, images, command: links or autolinks from the text', () => {
    const evil = '<img src="https://evil.example/x.png"> ![x](https://evil.example/y.png) [c](command:workbench.action.quit) <script>alert(1)</script> https://evil.example **b** # h\n---\n| t |';
    const text = dump({ author: `[x](command:a) <b>`, floor: 1, date: '2025-1-1 00:00', body: evil }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: plainQuote('[x](command:a) <b>', '2025-1-1 00:00', evil) + '\n' + evil });
    const { index, uris, docs } = exercise(text, 5_000);
    const doc = docs[0];
    for (const off of [doc.quotes[0].header!.authorSpan.start, doc.posts[0].authorLine.start, doc.posts[1].authorLine.start]) {
      const h = hoverText(hover(index.view(uris[0])!, doc.positionAt(off)));
      assert.ok(h.length > 0);
      checkMarkdownSafe(h, 'hover');
    }
    // Document links open only http(s) pages or files of the thread.
    for (const l of documentLinks(index.view(uris[0])!)) assert.ok(/^(https?:|file:)/.test(l.target!), l.target);
  });

  it('quick fixes are bounded for a selection over thousands of broken quotes', () => {
    const body = Array.from({ length: 3000 }, (_, i) => plainQuote('nobody', `2025-3-1 0${i % 10}:00`, 'x')).join('\n');
    const { index, uris, docs } = exercise(dump({ author: 'nobody', floor: 1, date: '2025-2-1 00:00', body: 'hello' }, { author: 'b', floor: 2, date: '2025-2-1 00:01', body }), 30_000, { navigation: false });
    const whole = { start: { line: 0, character: 0 }, end: docs[0].positionAt(docs[0].length) };
    const actions = guard('quick fixes over the whole file', 10_000, () => codeActions(index.view(uris[0])!, whole, computeDiagnostics(index.view(uris[0])!)));
    assert.ok(actions.length > 0 && actions.length <= MAX_FIX_QUOTES * 3, `${actions.length} actions`);
  });

  it('no code path of the extension writes a file: no write API in server/src or client/src (but the index cache)', () => {
    // Quick fixes are WorkspaceEdits the editor applies when the user picks one (one undoable
    // step); nothing else may write. The language server and the client call no writing API,
    // except the persistent index (workspace/cache.ts), which writes only below the cache folder
    // it is given (VS Code's storage folder for the workspace, or --cache-dir).
    const ALLOWED = new Set(['server/src/workspace/cache.ts']);
    const FS_WRITE = 'writeFile|appendFile|createWriteStream|rename|unlink|rm|rmdir|mkdir|mkdtemp|copyFile|cp|truncate|ftruncate|symlink|link|chmod|chown|utimes|write|writev';
    const WRITES = new RegExp(
      [
        `\\b(fs|fsp|promises)\\.(${FS_WRITE})(Sync)?\\(`, // fs.writeFileSync(…), fsp.rename(…)
        `import[^;]*\\b(${FS_WRITE})(Sync)?\\b[^;]*from ['"](node:)?fs`, // import { writeFile } from 'fs'
        // VS Code edits, saves and file writes (the browser build reads with workspace.fs: readFile, stat, readDirectory)
        `workspace\\.applyEdit|WorkspaceEdit\\b|workspace\\.fs\\.(writeFile|delete|rename|copy|createDirectory)\\b|\\.edit\\(|\\.save\\(|saveAll\\(`,
      ].join('|'),
    );
    const offenders: string[] = [];
    for (const dir of ['server/src', 'client/src']) {
      const walk = (d: string) => {
        if (!fs.existsSync(d)) return;
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (/\.ts$/.test(e.name))
            fs.readFileSync(p, 'utf8')
              .split('\n')
              .forEach((l, i) => {
                if (!ALLOWED.has(path.relative(ROOT, p)) && !/^\s*(\/\/|\*)/.test(l) && WRITES.test(l)) offenders.push(`${path.relative(ROOT, p)}:${i + 1}: ${l.trim()}`);
              });
        }
      };
      walk(path.join(ROOT, dir));
    }
    assert.deepEqual(offenders, []);
  });

  it('over LSP: pathological documents get answers, and the server stays up', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      const deep = P('a', 1, '2025-1-1 00:00', 'x') + P('b', 2, '2025-1-1 00:01', '<blockquote>a 发表于 2025-1-1 00:00\n'.repeat(10_000) + '</blockquote>'.repeat(10_000));
      const docs: [string, string][] = [
        ['file:///hostile/deep.md', deep],
        ['file:///hostile/junk.md', '\u0000\ud800\udfff'.repeat(100_000)],
        ['file:///hostile/brackets.md', P('a', 1, '2025-1-1 00:00', '[]('.repeat(300_000))],
      ];
      for (const [uri, text] of docs) {
        await client.open(uri, text);
        const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
        assert.ok(Array.isArray(syms), uri);
        const sel = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [{ line: 8000, character: 5 }] });
        assert.equal(sel.length, 1);
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 3 } });
        await client.request('textDocument/codeLens', { textDocument: { uri } });
        await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20000, character: 0 } } });
        await client.request('textDocument/foldingRange', { textDocument: { uri } });
        await client.request('textDocument/documentLink', { textDocument: { uri } });
      }
      // Still answering afterwards.
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: docs[0][0] } });
      assert.equal(syms.length, 2);
      assert.equal(client.proc.exitCode, null);
    } finally {
      const code = await client.shutdown();
      assert.equal(code, 0, client.stderr);
    }
  });
});

describe('regressions: bugs the property tests found', () => {
  it('a fragment ending inside <script (or <style, <title, <textarea) does not break the next one', () => {
    // htmlparser2's reset() left the tokenizer "special" with no end sequence: the next
    // fragment's first `>` threw a TypeError (every later quote header failed to parse).
    for (const tag of ['<script', '<style x', '<title', '<textarea']) {
      plainText(`x ${tag}`, [{ start: 0, end: tag.length + 2 }]);
      const doc = new DumpDocument(dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: linkQuote('b', '2025-1-1 00:00', 'y') }));
      assert.equal(doc.quotes[0].header?.author, 'b', tag);
    }
  });

  it('hover text never carries control characters or lone surrogates (dates, reply lists)', () => {
    const text = dump(
      { author: 'a\ud800', floor: 1, date: '2025-1-1 00:00', body: 'x' },
      { author: 'b\u0000', floor: 2, date: '2025-1-1 00:01', body: plainQuote('a\ud800', '2025-1-1 00:00', 'x') + '\n' + plainQuote('zz', '2025-1-1\u0000 00:00', 'x') },
    );
    const { index, uris } = indexOf([text]);
    const doc = index.get(uris[0])!.doc;
    for (const off of [doc.posts[0].authorLine.start, doc.quotes[1].header!.authorSpan.start]) checkMarkdownSafe(hoverText(hover(index.view(uris[0])!, doc.positionAt(off))), 'hover');
  });

  it('selection ranges: inside the document for any position, nested at a boundary of two quotes', () => {
    const text = dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: plainQuote('a', '2025-1-1 00:00', 'x') + plainQuote('a', '2025-1-1 00:00', 'y') }).replace(/\n/g, '\r\n');
    const { index, uris } = indexOf([text]);
    const doc = index.get(uris[0])!.doc;
    const boundary = doc.quotes[0].span.end;
    assert.equal(doc.quotes[1].span.start, boundary);
    const sels = selectionRanges(index.view(uris[0])!, [{ line: 999, character: 0 }, { line: 0, character: 99 }, doc.positionAt(boundary)]);
    const toOffset = (p: { line: number; character: number }) => doc.lineStarts[p.line] + p.character;
    // Past the end: the end; past a CRLF line's end: before its \r; never a range outside the text.
    assert.deepEqual(sels[0].range.start, doc.positionAt(doc.length));
    assert.deepEqual(sels[1].range.start, { line: 0, character: 0 });
    // At the boundary, each range holds the one before it (a sibling quote is no parent).
    for (let s: SelectionRange | undefined = sels[2]; s?.parent; s = s.parent) {
      assert.ok(toOffset(s.parent.range.start) <= toOffset(s.range.start) && toOffset(s.range.end) <= toOffset(s.parent.range.end));
    }
  });

  it('an <a> left open at the end of a body or a header keeps its span inside the text', () => {
    const body = dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: '<a href="https://example.com/x">open' }).trimEnd();
    const d1 = new DumpDocument(body);
    for (const l of d1.extras(d1.posts[0]).links) assert.ok(l.span.end <= d1.length, JSON.stringify(l.span));
    const header = body.replace('<a href', '<blockquote><a href="x">b 发表于 2025-1-1 00:00</a>\n<blockquote><a href').trimEnd() + '<blockquote><a href="x">b 发表于 2025-1-1 00:00';
    const d2 = new DumpDocument(header);
    const h = d2.quotes[d2.quotes.length - 1].header!;
    assert.ok(h.span.end <= d2.length, `header span ${JSON.stringify(h.span)} in ${d2.length}`);
  });

  it('a header href="… with no closing quote in its tag names no href span (never an inverted one)', () => {
    const doc = new DumpDocument(dump({ author: 'a', floor: 1, date: '2025-1-1 00:00', body: `<blockquote><a title='href="' href=x>b 发表于 2025-1-1 00:00</a>\nq</blockquote>` }));
    const h = doc.quotes[0].header!;
    assert.equal(h.author, 'b');
    assert.ok(!h.hrefSpan || (h.hrefSpan.start <= h.hrefSpan.end && h.hrefSpan.end <= h.span.start), JSON.stringify(h.hrefSpan));
  });

  it('an edit that moves a post inside the re-scanned region keeps duplicate-floor messages right', () => {
    // The first post with floor 7 moves up a line while the region keeps its line count: the
    // message of the later duplicate ("first at line N") must follow it.
    const text = '\n' + P('a', 1, '2025-1-1 00:00', 'x\n') + P('b', 7, '2025-1-1 00:01', 'y') + P('c', 7, '2025-1-1 00:02', 'z');
    const doc = new DumpDocument(text);
    assert.ok(doc.problems.some((p) => p.code === 'duplicate-floor'));
    const from = text.indexOf('x\n') + 1;
    const to = text.indexOf('\ny') + 1;
    const insert = text.slice(from, to).replace('\n\n\n', '\n\n') + '\n';
    doc.update(from, to, insert);
    const edited = text.slice(0, from) + insert + text.slice(to);
    assert.equal(doc.text, edited);
    assert.deepEqual(doc.problems, new DumpDocument(edited).problems);
  });

  it('a quick fix writes a year before 1000 with four digits, as the archive does', () => {
    assert.equal(formatMinuteArchive(parseDumpDate('0025-3-1 00:00')!.minute), '0025-3-1 00:00');
  });

  it('the linear Markdown link scanner finds exactly what the old regular expressions found', () => {
    // The regular expressions it replaces (quadratic on long lines of `[`), as the reference.
    const ref = (t: string, emptyUrl: boolean) => [...t.matchAll(emptyUrl ? /!?\[([^\]\n]*)\]\(([^)\s]*)\)/g : /!?\[([^\]\n]*)\]\(([^)\s]+)\)/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[1], url: m[2], image: m[0][0] === '!' }));
    const alphabet = fc.constantFrom('[', ']', '(', ')', '!', ' ', '\n', 'a', '\u3000', '](', '[a](b)', '![', '\t');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.boolean(), (parts, emptyUrl) => {
        const t = parts.join('');
        const got = scanMarkdownLinks(t, emptyUrl).map(({ start, end, text, url, image }) => ({ start, end, text, url, image }));
        assert.deepEqual(got, ref(t, emptyUrl));
      }),
      { seed: 8, numRuns: 5000 },
    );
  });
});
