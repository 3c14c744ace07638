// Hardening (issue 13): message bundles are untrusted text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import type { MarkupContent } from 'vscode-languageserver-types';
import { hover } from '../../server/src/features/hover';
import { computeDiagnostics, diagnosticSettingsFrom } from '../../server/src/features/diagnostics';
import { DumpDocument, formatMinuteArchive, parseDumpDate } from '../../server/src/model';
import { AuthorMinuteKeys, WorkspaceIndex } from '../../server/src/workspace';
import fc from 'fast-check';
import { checkMarkdownSafe, resolutionPicture } from '../helpers/invariants';
import { dump, plainQuote } from '../helpers/dumps';
import { CORPUS, mdFiles, read, ROOT, SEED, SKIP_CORPUS } from '../helpers/paths';

describe('message bundles are untrusted (issue 13 item 8)', () => {
  it('hostile translations of every message reach hover Markdown escaped, their arguments intact', () => {
    const real = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    // Every message becomes a link, a command link, raw HTML and a control character, keeping its placeholders.
    const hostile = Object.fromEntries(
      Object.entries(real).map(([k, v]) => [k, `[pwn](command:workbench.action.quit) <img src=x onerror=alert(1)> \u001b]0;t\u0007 https://evil.example/ ${v}`]),
    );
    l10n.config({ contents: hostile });
    try {
      const index = new WorkspaceIndex();
      const seedUri = pathToFileURL(SEED).href;
      index.set(seedUri, read(SEED));
      const broken = 'file:///w/broken.md';
      index.set(
        broken,
        dump(
          { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first' },
          { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: plainQuote('nobody', '2025-1-31 09:00', 'x') },
        ),
      );
      let hovers = 0;
      let translated = 0;
      for (const [uri, lines] of [
        [seedUri, [73, 74, 130, 133]],
        [broken, [3, 4, 10]],
      ] as const) {
        for (const line of lines) {
          const h = hover(index.view(uri)!, { line, character: 8 });
          if (!h) continue;
          hovers++;
          const md = (h.contents as MarkupContent).value;
          checkMarkdownSafe(md, `hover ${uri}:${line}`);
          if (md.includes('pwn')) translated++;
        }
      }
      assert.ok(hovers >= 5, `${hovers} hovers`);
      assert.equal(translated, hovers, 'every hover used the (hostile) bundle');
      // Arguments are still filled in: the seed's #6 is quoted by #12.
      const h = hover(index.view(seedUri)!, { line: 73, character: 2 });
      assert.match((h!.contents as MarkupContent).value, /#12 Alce79/);
    } finally {
      l10n.config({ contents: {} });
    }
  });
});

describe('(author, minute) keys never collide (issue 13 item 3)', () => {
  const minute = (s: string) => parseDumpDate(s)!.minute;

  it('2^21 + 1 distinct authors: the last one does not share the first one\'s keys', () => {
    const keys = new AuthorMinuteKeys();
    const m = minute('2025-1-1 01:00');
    const alice = keys.key('alice', m);
    const second = keys.key('bob', m);
    for (let i = 2; i < 2 ** 21; i++) keys.key(`u${i}`, m);
    const mallory = keys.key('mallory', m);
    const trent = keys.key('trent', m);
    assert.deepEqual(new Set([alice, second, mallory, trent]).size, 4);
    // The same author and minute is the same key, also past 2^21 authors; another minute is another key.
    assert.equal(keys.key('alice', m), alice);
    assert.equal(keys.key('mallory', m), mallory);
    assert.notEqual(keys.key('mallory', m + 60), mallory);
    assert.notEqual(keys.key('alice', m + 1), alice);
  });

  it('the first and last minutes a date can name stay exact', () => {
    const keys = new AuthorMinuteKeys();
    for (const d of ['0000-1-1 00:00', '9999-12-31 23:59']) {
      const m = minute(d);
      const ks = [keys.key('a', m), keys.key('b', m), keys.key('a', m + 1), keys.key('a', m - 16 * 60), keys.key('a', m + 16 * 60)];
      assert.equal(new Set(ks).size, ks.length, d);
    }
  });
});

describe('a block stored twice in its file (issue 13 item 15)', () => {
  const block = [
    { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first' },
    { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: 'second' },
    { author: 'bob', floor: 3, date: '2025-1-31 09:29', body: 'third, same minute' },
    { author: 'carol', floor: 4, date: '2025-1-31 09:30', body: 'fourth' },
    { author: 'dave', floor: 5, date: '2025-1-31 09:31', body: 'fifth' },
  ];
  const text = dump(
    ...block,
    ...block,
    { author: 'erin', floor: 6, date: '2025-1-31 09:40', body: plainQuote('carol', '2025-1-31 09:30', 'fourth') + '\n' + plainQuote('bob', '2025-1-31 09:29', 'zzz') },
    block[2],
  );

  it('one problem per repeated run of floors, naming the floors and the lines they repeat', () => {
    const doc = new DumpDocument(text);
    const dups = doc.problems.filter((p) => p.code === 'duplicate-floor');
    const floorLine = (i: number) => doc.posts[i].line + 2;
    assert.deepEqual(
      dups.map((p) => [p.postIndex, p.message]),
      [
        [5, `Floors #1–#5 repeat lines ${floorLine(0)}–${floorLine(4)}`],
        [11, `Floor #3 appears again (first at line ${floorLine(2)})`],
      ],
    );
    // The same after an edit that re-reads the copies (the model is incremental).
    const at = doc.posts[7].body.start;
    doc.update(at, at, 'x');
    doc.update(at, at + 1, '');
    assert.deepEqual(
      doc.problems.filter((p) => p.code === 'duplicate-floor').map((p) => p.message),
      dups.map((p) => p.message),
    );
  });

  it('a quote of a copied post resolves to the first copy, silently; copies count once among candidates', () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///w/9-01[twice].md';
    const f = index.set(uri, text);
    const [carol, bob] = index.resolution(uri)!.quotesOf(f).map((r) => r!);
    assert.equal(carol.status, 'resolved');
    assert.equal(carol.target!.post, f.doc.posts[3]);
    assert.deepEqual(carol.candidates, []);
    // Two different posts of bob at 09:29 (each stored twice, and #3 once more): two candidates.
    assert.equal(bob.status, 'ambiguous');
    assert.deepEqual(
      bob.candidates.map((c) => c.post.index),
      [1, 2],
    );
    const diags = computeDiagnostics(index.view(uri)!, diagnosticSettingsFrom(undefined));
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.line]),
      [
        ['duplicate-floor', f.doc.posts[5].line + 1],
        ['ambiguous-quote', f.doc.positionAt(f.doc.quotes[1].span.start).line],
        ['duplicate-floor', f.doc.posts[11].line + 1],
      ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
    assert.match(diags.find((d) => d.code === 'ambiguous-quote')!.message, /^Ambiguous quote: 2 posts by bob/);
  });

  it('on the corpus: each run problem names floors that repeat the posts at the lines it names', { skip: SKIP_CORPUS }, () => {
    const file = mdFiles(CORPUS!).find((f) => path.basename(f).startsWith('2170592-01'));
    if (!file) return;
    const doc = new DumpDocument(read(file));
    const repeats = doc.posts.filter((p, i) => p.floor !== null && doc.posts.findIndex((q) => q.floor === p.floor) < i).length;
    const dups = doc.problems.filter((p) => p.code === 'duplicate-floor');
    assert.ok(repeats >= 500 && dups.length * 20 < repeats, `${dups.length} problems for ${repeats} repeated floors`);
    const byFloorLine = new Map(doc.posts.map((p) => [p.line + 2, p]));
    for (const pr of dups) {
      const m = /^Floors #(\d+)–#(\d+) repeat lines (\d+)–(\d+)$/.exec(pr.message);
      if (!m) continue;
      const [a, b, x, y] = m.slice(1).map(Number);
      assert.equal(doc.posts[pr.postIndex].floor, a);
      assert.equal(byFloorLine.get(x)?.floor, a, pr.message);
      assert.equal(byFloorLine.get(y)?.floor, b, pr.message);
    }
  });
});

describe('a keystroke that moves the thread\'s earliest minute (issue 13 item 14)', () => {
  // Two page files; quotes of posts before the earliest one (outside), at a whole-hour offset,
  // of no post, and of posts present; then edits that move the earliest minute.
  const minute = (m: number) => formatMinuteArchive(parseDumpDate('2025-1-20 08:00')!.minute + m);
  const page = (first: number, posts: { who: string; m: number; quote?: { who: string; m: number; text: string } }[]) =>
    dump(...posts.map((p, i) => ({ author: p.who, floor: first + i, date: minute(p.m), body: (p.quote ? plainQuote(p.quote.who, minute(p.quote.m), p.quote.text) + '\n' : '') + `text of ${p.who} ${p.m}` })));
  const who = fc.constantFrom('a', 'b', 'c');
  const postArb = fc.record({
    who,
    m: fc.integer({ min: 0, max: 200 }),
    quote: fc.option(fc.record({ who, m: fc.oneof(fc.integer({ min: -120, max: 260 }), fc.constantFrom(-60, -1, 0, 60)), text: fc.constantFrom('text of a', 'text', '') }), { nil: undefined }),
  });
  const editArb = fc.record({ file: fc.constantFrom(0, 1), to: fc.integer({ min: -90, max: 240 }), kind: fc.constantFrom('date', 'date', 'delete-first', 'insert-first') });

  it('answers as a fresh resolution after each edit (property)', () => {
    fc.assert(
      fc.property(fc.array(postArb, { minLength: 1, maxLength: 8 }), fc.array(postArb, { minLength: 1, maxLength: 8 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), (p1, p2, edits) => {
        const uris = ['file:///w/2666666[t]/2666666-01[t].md', 'file:///w/2666666[t]/2666666-02[t].md'];
        const texts = [page(1, p1), page(100, p2)];
        const inc = new WorkspaceIndex();
        uris.forEach((u, i) => inc.set(u, texts[i], 1));
        inc.resolution(uris[0]);
        edits.forEach((e, step) => {
          const doc = inc.get(uris[e.file])!.doc;
          const first = doc.posts[0];
          let s: number;
          let t: number;
          let ins: string;
          if (!first || e.kind === 'insert-first') {
            s = t = first ? first.span.start : doc.length;
            ins = page(50 + step, [{ who: 'a', m: e.to }]).slice(1);
          } else if (e.kind === 'delete-first') {
            s = first.span.start;
            t = doc.posts[1]?.span.start ?? doc.length;
            ins = '';
          } else {
            const line = doc.slice(first.floorLine.start, first.floorLine.end);
            const was = /\d{4}-\d+-\d+ \d+:\d+$/.exec(line);
            if (!was) return;
            s = first.floorLine.start + was.index;
            t = s + was[0].length;
            ins = minute(e.to);
          }
          texts[e.file] = texts[e.file].slice(0, s) + ins + texts[e.file].slice(t);
          inc.update(uris[e.file], [{ start: s, end: t, text: ins }], step + 2);
          const fresh = new WorkspaceIndex();
          uris.forEach((u, i) => fresh.set(u, texts[i], 1));
          assert.deepEqual(resolutionPicture(inc, uris), resolutionPicture(fresh, uris), `step ${step}: ${JSON.stringify(e)}`);
        });
      }),
      { seed: 1313, numRuns: 300 },
    );
  });
});
