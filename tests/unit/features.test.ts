// Each LSP feature as a pure function over the workspace index, on the seed, the two-file
// thread and small hand-made dumps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definition } from '../../server/src/features/definition';
import { computeDiagnostics, diagnosticSettingsFrom } from '../../server/src/features/diagnostics';
import { documentSymbols } from '../../server/src/features/documentSymbols';
import { hover } from '../../server/src/features/hover';
import { references } from '../../server/src/features/references';
import { WorkspaceIndex, type DumpFile } from '../../server/src/workspace';
import { dump, linkQuote, plainQuote } from '../helpers/dumps';
import { mdFiles, read, SEED, THREAD_DIR } from '../helpers/paths';
import { hoverText, lineOf, seed, uriOf } from '../helpers/workspace';


/** The position of the first character of a quote's header (its author). */
function quoteHeaderPos(file: DumpFile, id: number) {
  return file.doc.positionAt(file.doc.quotes[id].header!.authorSpan.start);
}

describe('documentSymbols', () => {
  it('gives one symbol per post of the seed, named for scanning, quotes as children', () => {
    const { index, uri } = seed();
    const syms = documentSymbols(index.view(uri)!);
    assert.equal(syms.length, 95);
    assert.equal(syms[0].name, '#1 i0ncube_R');
    assert.equal(syms[0].detail, '2025-01-31 08:59 · OP');
    const s12 = syms[11];
    assert.equal(s12.name, '#12 Alce79');
    assert.deepEqual(
      s12.children!.map((c) => c.name),
      ['↪ #6 sellboy'],
    );
    const line = lineOf(read(SEED), '####  Alce79');
    assert.deepEqual(s12.selectionRange.start, { line, character: 0 });
    assert.equal(s12.range.start.line, line);
    // The selection range lies inside the range (VS Code rejects symbols otherwise).
    for (const s of syms) {
      assert.ok(s.range.start.line <= s.selectionRange.start.line && s.selectionRange.end.line <= s.range.end.line, s.name);
      for (const c of s.children ?? []) assert.ok(c.range.start.line >= s.range.start.line && c.range.end.line <= s.range.end.line);
    }
  });

  it('names a quote into another page file with its page', () => {
    const index = new WorkspaceIndex();
    const [, p2] = mdFiles(THREAD_DIR).map((p) => index.set(uriOf(p), read(p)));
    const names = documentSymbols(index.view(p2.uri)!).flatMap((s) => (s.children ?? []).map((c) => c.name));
    assert.ok(names.some((n) => /^↪ p1 #\d+ /.test(n)), names.slice(0, 5).join(' | '));
  });
});

describe('definition and references', () => {
  it('jumps from every quote of the seed to its post, and references are the inverse', () => {
    const { index, file, uri } = seed();
    const inverse = new Map<string, number>();
    for (const q of file.doc.quotes) {
      const defs = definition(index.view(uri)!, quoteHeaderPos(file, q.id));
      assert.equal(defs.length, 1, `quote ${q.id}`);
      const d = defs[0];
      const target = file.doc.postAt(file.doc.offsetAt(d.targetSelectionRange.start))!;
      assert.equal(d.targetSelectionRange.start.line, target.line);
      assert.equal(target.author, q.header!.author);
      assert.equal(target.date!.text, q.header!.date!.text);
      const k = `${target.index}`;
      inverse.set(k, (inverse.get(k) ?? 0) + 1);
    }
    let total = 0;
    for (const post of file.doc.posts) {
      const refs = references(index.view(uri)!, { line: post.line, character: 3 }, false);
      assert.equal(refs.length, inverse.get(`${post.index}`) ?? 0, `#${post.floor}`);
      for (const r of refs) {
        const q = file.doc.quoteHeaderAt(file.doc.offsetAt(r.range.start))!;
        const back = definition(index.view(uri)!, r.range.start)[0];
        assert.equal(back.targetSelectionRange.start.line, post.line);
        assert.ok(q);
      }
      total += refs.length;
    }
    assert.equal(total, 50);
  });

  it('works anywhere on the header: author, date, and the findpost link', () => {
    const { index, file, uri } = seed();
    const q = file.doc.quotes[0]; // #6 quoting yangkaim4 (link form)
    const h = q.header!;
    for (const off of [h.authorSpan.start, h.authorSpan.end - 1, h.dateSpan.end - 1, h.hrefSpan!.start + 10]) {
      const d = definition(index.view(uri)!, file.doc.positionAt(off));
      assert.equal(d.length, 1, `offset ${off}`);
      assert.equal(d[0].targetSelectionRange.start.line, file.doc.posts.find((p) => p.floor === 4)!.line);
    }
    assert.deepEqual(definition(index.view(uri)!, { line: 0, character: 0 }), []);
  });

  it('lists the quotes of a post across page files, and answers Shift+F12 on a quote header', () => {
    const index = new WorkspaceIndex();
    const [p1, p2] = mdFiles(THREAD_DIR).map((p) => index.set(uriOf(p), read(p)));
    const res = index.resolution(p2.uri)!;
    const q = p2.doc.quotes.find((x) => res.of(x)?.target?.file === p1)!;
    const target = res.of(q)!.target!;
    const refs = references(index.view(p1.uri)!, { line: target.post.line, character: 4 }, true);
    assert.equal(refs[0].uri, p1.uri, 'the declaration first');
    assert.ok(refs.some((r) => r.uri === p2.uri && r.range.start.line === p2.doc.lineOf(q.header!.span.start)));
    const fromQuote = references(index.view(p2.uri)!, quoteHeaderPos(p2, q.id), false);
    assert.deepEqual(fromQuote, refs.slice(1));
    const d = definition(index.view(p2.uri)!, quoteHeaderPos(p2, q.id));
    assert.equal(d[0].targetUri, p1.uri);
  });
});

describe('hover', () => {
  it('previews the quoted post on a quote header, escaped', () => {
    const { index, file, uri } = seed();
    const q = file.doc.quotes.find((x) => file.doc.posts[x.postIndex].floor === 12)!;
    const h = hoverText(hover(index.view(uri)!, quoteHeaderPos(file, q.id)));
    assert.match(h, /^\*\*\\#6 sellboy\*\* · 2025\\-01\\-31 09\\:20/);
    assert.ok(h.includes('> 无非是'));
    assert.ok(h.includes('美国本土服务商不允许部署“蒸馏出来的”模型'));
    assert.ok(!h.includes('<'), 'no raw HTML');
  });

  it('tells who quoted a post on its header', () => {
    const { index, uri } = seed();
    const h = hoverText(hover(index.view(uri)!, { line: lineOf(read(SEED), '####  sellboy'), character: 2 }));
    assert.match(h, /Quoted by 2 posts: \\#12 Alce79, \\#43 /);
  });

  it('counts the lines left out of a long preview', () => {
    const idx = new WorkspaceIndex();
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n\n');
    const f = idx.set('file:///t/1-01[x].md', dump({ author: 'a', floor: 1, date: '2025-1-1 10:00', body: long }, { author: 'b', floor: 2, date: '2025-1-1 10:01', body: `${plainQuote('a', '2025-1-1 10:00', 'line 0')}\nok` }));
    const h = hoverText(hover(idx.view(f.uri)!, quoteHeaderPos(f, 0)));
    assert.match(h, /18 more lines/);
  });

  it('neutralises Markdown, links and HTML from the post text', () => {
    const idx = new WorkspaceIndex();
    const body = '[click](command:workbench.action.quit) **bold** <b>x</b> ![img](https://evil.example/a.png) https://evil.example/';
    const f = idx.set('file:///t/1-01[x].md', dump({ author: 'a', floor: 1, date: '2025-1-1 10:00', body }, { author: 'b', floor: 2, date: '2025-1-1 10:01', body: `${plainQuote('a', '2025-1-1 10:00', 'click')}\nok` }));
    const h = hoverText(hover(idx.view(f.uri)!, quoteHeaderPos(f, 0)));
    assert.ok(!/\]\(/.test(h), 'no Markdown link survives');
    assert.ok(!h.includes('command:'), h);
    assert.ok(!h.includes('<b>') && !h.includes('!['));
    assert.ok(!/https?:\/\//.test(h), 'no URL to auto-link');
  });
});

describe('hover images', () => {
  it('shows no image unless forumDump.remoteImages is on, and then only https images, no smilies', () => {
    const idx = new WorkspaceIndex();
    const body =
      'look <img src="https://img.example/a.png" referrerpolicy="no-referrer"> ' +
      '<img src="http://img.example/plain.png"> <img src="https://static.saraba1st.com/image/smiley/face2017/001.png"> ' +
      '<img src="https://img.example/b (1).png">';
    const f = idx.set('file:///t/1-01[x].md', dump({ author: 'a', floor: 1, date: '2025-1-1 10:00', body }, { author: 'b', floor: 2, date: '2025-1-1 10:01', body: `${plainQuote('a', '2025-1-1 10:00', 'look')}\nok` }));
    const off = hoverText(hover(idx.view(f.uri)!, quoteHeaderPos(f, 0)));
    assert.ok(!off.includes('![') && !off.includes('img.example'), off);
    const on = hoverText(hover(idx.view(f.uri)!, quoteHeaderPos(f, 0), { remoteImages: true }));
    assert.deepEqual(
      [...on.matchAll(/!\[image\]\(([^)]*)\)/g)].map((m) => m[1]),
      ['https://img.example/a.png', 'https://img.example/b%20%281%29.png'],
    );
  });
});

describe('diagnostics', () => {
  const codes = (index: WorkspaceIndex, uri: string) => computeDiagnostics(index.view(uri)!).map((d) => d.code);

  it('finds nothing wrong in the seed', () => {
    const { index, uri } = seed();
    assert.deepEqual(computeDiagnostics(index.view(uri)!), []);
  });

  it('reports each kind on a small dump made for it', () => {
    const u = 'file:///t/9999-01[x].md';
    const make = (...posts: Parameters<typeof dump>) => {
      const idx = new WorkspaceIndex();
      idx.set(u, dump(...posts));
      return codes(idx, u);
    };
    const a = { author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'hello there' };
    assert.deepEqual(make(a, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:03', 'hello')}\nx` }), ['broken-quote']);
    assert.deepEqual(
      make(a, { ...a, floor: 2, body: 'other words' }, { author: 'b', floor: 3, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:00', 'neither')}\nx` }),
      ['ambiguous-quote'],
    );
    assert.deepEqual(make(a, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:00', 'completely different')}\nx` }), ['mismatched-quote']);
    assert.deepEqual(
      make(a, { author: 'd', floor: 2, date: '2025-1-1 10:01', body: 'other' }, { author: 'b', floor: 3, date: '2025-1-1 10:05', body: `${linkQuote('a', '2025-1-1 10:00', 'hello', '7', '9999')}\n${linkQuote('d', '2025-1-1 10:01', 'other', '7', '9999')}\nx` }),
      ['pid-conflict'],
    );
    assert.deepEqual(make({ ...a, floor: 100 }, { author: 'b', floor: 101, date: '2025-1-1 10:05', body: `${plainQuote('z', '2024-1-1 10:00', 'old')}\nx` }), ['quote-outside']);
    assert.deepEqual(make(a, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 11:00', 'hello there')}\nx` }), ['quote-offset']);
    assert.deepEqual(make(a, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 1', 'hello')}\nx` }), ['invalid-quote-date']);
    assert.deepEqual(make(a, { ...a, date: '2025-1-1 25:00' }), ['malformed-header', 'duplicate-floor']);
    assert.deepEqual(make({ ...a, floor: 2 }, { ...a, floor: 1, date: '2025-1-1 10:01' }), ['backwards-floor']);
    assert.deepEqual(make(a, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: '<blockquote>open' }), ['unclosed-blockquote']);
    assert.deepEqual(make(a, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: 'x</blockquote>' }), ['stray-blockquote-close']);
  });

  it('takes severities from the settings, and can be turned off', () => {
    const idx = new WorkspaceIndex();
    const u = 'file:///t/9999-01[x].md';
    idx.set(u, dump({ author: 'a', floor: 1, date: '2025-1-1 10:00', body: 'x' }, { author: 'b', floor: 2, date: '2025-1-1 10:05', body: `${plainQuote('a', '2025-1-1 10:03', 'x')}\nx` }));
    assert.equal(computeDiagnostics(idx.view(u)!)[0].severity, 2);
    assert.equal(computeDiagnostics(idx.view(u)!, diagnosticSettingsFrom({ brokenQuote: 'error' }))[0].severity, 1);
    assert.deepEqual(computeDiagnostics(idx.view(u)!, diagnosticSettingsFrom({ brokenQuote: 'ignore' })), []);
    assert.deepEqual(computeDiagnostics(idx.view(u)!, diagnosticSettingsFrom({ enabled: false })), []);
  });
});
