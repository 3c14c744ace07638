// Reply navigation features as pure functions: code lens, reply tree, inlay hints, workspace
// symbols, folding, smart select, document links, quick fixes, and the translations.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from '../../server/src/features/callHierarchy';
import { codeActions, rankCandidates } from '../../server/src/features/codeActions';
import { codeLenses } from '../../server/src/features/codeLens';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { documentLinks, fixUrl } from '../../server/src/features/documentLinks';
import { foldingRanges } from '../../server/src/features/folding';
import { inlayHints } from '../../server/src/features/inlayHints';
import { postSummaries } from '../../server/src/features/posts';
import { selectionRanges } from '../../server/src/features/selectionRange';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { WorkspaceIndex } from '../../server/src/workspace';
import { mdFiles, read, ROOT, SEED, THREAD_DIR } from '../helpers/paths';
import { lineOf, repliesTo, seed, uriOf } from '../helpers/workspace';

// Places in the seed, found by their text: #12's quote of #6 (sellboy 09:20), its end, #12's
// last line, and #43's quote of #6 (a findpost link).
const SEED_TEXT = read(SEED);
const Q12 = lineOf(SEED_TEXT, '<blockquote>sellboy 发表于 2025-1-31 09:20');
const Q12_END = lineOf(SEED_TEXT, '</blockquote>', Q12);
const P12_END = lineOf(SEED_TEXT, '那更没人用了', Q12);
const Q43 = lineOf(SEED_TEXT, 'pid=67317766&amp;ptid=2244747" target="_blank">sellboy', Q12);
const P12 = lineOf(SEED_TEXT, '####  Alce79');


/** Applies LSP text edits to a string (edits do not overlap). */
function apply(text: string, lineStarts: ArrayLike<number>, edits: TextEdit[]): string {
  const off = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  return [...edits].sort((a, b) => off(b.range.start) - off(a.range.start)).reduce((t, e) => t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end)), text);
}

describe('code lens', () => {
  it('shows reply counts equal to the inverse of resolution, and what each post quotes', () => {
    const { index, file, uri } = seed();
    const lenses = codeLenses(index.view(uri)!);
    const replies = lenses.filter((l) => /repl/.test(l.command!.title));
    const total = replies.reduce((n, l) => n + Number(/^(\d+)/.exec(l.command!.title)![1]), 0);
    assert.equal(total, 50);
    const on6 = lenses.find((l) => l.range.start.line === file.doc.posts[5].line && /repl/.test(l.command!.title))!;
    assert.equal(on6.command!.title, '2 replies');
    assert.equal(on6.command!.command, 'forumDump.peekLocations');
    const locs = on6.command!.arguments![2] as { range: { start: { line: number } } }[];
    assert.deepEqual(
      locs.map((l) => l.range.start.line),
      [Q12, Q43],
    );
    const quotes12 = lenses.find((l) => l.range.start.line === P12 && /^quotes/.test(l.command!.title))!;
    assert.equal(quotes12.command!.title, 'quotes #6');
  });
});

describe('call hierarchy as a reply tree', () => {
  it('incoming calls of #6 are exactly the posts that quote it; outgoing of #12 is #6', () => {
    const { index, uri, post } = seed();
    const [item] = prepareCallHierarchy(index.view(uri)!, { line: post(6).line + 3, character: 0 });
    assert.equal(item.name, '#6 sellboy');
    assert.match(item.detail!, /^2025-01-31 09:20 · 无非是/);
    const incoming = incomingCalls(index.view(item.uri)!, item);
    assert.deepEqual(
      incoming.map((c) => c.from.name),
      ['#12 Alce79', '#43 qratosones1337'],
    );
    const want = repliesTo(index, uri, post(6).index).map((r) => r.quote.postIndex);
    assert.deepEqual(
      incoming.map((c) => (c.from.data as { index: number }).index),
      want,
    );
    const [item12] = prepareCallHierarchy(index.view(uri)!, { line: post(12).line, character: 0 });
    assert.deepEqual(
      outgoingCalls(index.view(item12.uri)!, item12).map((c) => c.to.name),
      ['#6 sellboy'],
    );
    // Recursively: who replied to the replies of #12.
    const deeper = incomingCalls(index.view(item12.uri)!, item12).map((c) => c.from.name);
    assert.deepEqual(deeper, ['#13 sellboy']);
  });
});

describe('inlay hints', () => {
  it('puts → #floor after each quote header, → p1 #N across page files', () => {
    const { index, uri } = seed();
    const hints = inlayHints(index.view(uri)!);
    assert.equal(hints.length, 50);
    const h = hints.find((x) => x.position.line === Q12)!;
    assert.equal(h.label, '→ #6');
    const idx = new WorkspaceIndex();
    const [, p2] = mdFiles(THREAD_DIR).map((p) => idx.set(uriOf(p), read(p)));
    assert.ok(inlayHints(idx.view(p2.uri)!).some((x) => /^→ p1 #\d+$/.test(x.label as string)));
  });
});

describe('workspace symbols', () => {
  const index = new WorkspaceIndex();
  index.set(uriOf(SEED), read(SEED));
  for (const p of mdFiles(THREAD_DIR)) index.set(uriOf(p), read(p));

  it('finds posts by #floor, author and words, naming thread and page file', () => {
    const byFloor = workspaceSymbols(index.query(), '#12');
    assert.equal(byFloor.length, 2, byFloor.map((s) => s.containerName).join('\n'));
    assert.ok(byFloor.some((s) => s.name.startsWith('#12 Alce79') && s.containerName!.startsWith('thread 2244747')));
    assert.ok(byFloor.some((s) => s.containerName!.startsWith('thread 2243718 p1 · 2243718-01[')));
    const byAuthor = workspaceSymbols(index.query(), 'sellboy');
    assert.ok(byAuthor.length >= 10 && byAuthor.every((s) => / sellboy · /.test(s.name)));
    const byWord = workspaceSymbols(index.query(), '打地鼠');
    assert.ok(byWord.length >= 1);
    assert.ok(byWord.some((s) => s.name.startsWith('#1 i0ncube_R')));
  });
});

describe('folding, smart select, document links', () => {
  it('folds each post and each multi-line quote', () => {
    const { index, uri, file } = seed();
    const ranges = foldingRanges(index.view(uri)!);
    for (const p of file.doc.posts) assert.ok(ranges.some((r) => r.startLine === p.line), `#${p.floor}`);
    assert.ok(ranges.some((r) => r.startLine === Q12 && r.endLine === Q12_END), 'the quote in #12');
  });

  it('expands selection from a quote header to the quote, the body and the post', () => {
    const { index, uri } = seed();
    const [sel] = selectionRanges(index.view(uri)!, [{ line: Q12, character: 14 }]);
    const chain: number[][] = [];
    for (let s: typeof sel | undefined = sel; s; s = s.parent) chain.push([s.range.start.line, s.range.end.line]);
    assert.deepEqual(chain, [
      [Q12, Q12],
      [Q12, Q12_END],
      [Q12, P12_END],
      [P12, P12_END],
    ]);
  });

  it('links findpost headers to the local post and fixes the doubled scheme elsewhere', () => {
    const { index, uri, file } = seed();
    const links = documentLinks(index.view(uri)!);
    const local = links.filter((l) => l.target!.startsWith('file:'));
    assert.equal(local.length, file.doc.quotes.filter((q) => q.header?.hrefSpan).length);
    const first = local[0];
    assert.equal(first.target, `${uri}#L${file.doc.posts.find((p) => p.floor === 4)!.line + 1}`);
    const web = links.filter((l) => !l.target!.startsWith('file:'));
    assert.ok(web.length > 0);
    for (const l of web) assert.match(l.target!, /^https?:\/\/[^h]/);
    assert.equal(fixUrl('httphttps://bbs.saraba1st.com/2b/x?a=1&amp;b=2'), 'https://bbs.saraba1st.com/2b/x?a=1&b=2');
    assert.equal(fixUrl('httphttp://a.example/'), 'http://a.example/');
    assert.equal(fixUrl('command:workbench.action.quit'), null);
    assert.equal(fixUrl('javascript:alert(1)'), null);
  });
});

describe('quick fixes', () => {
  it('proposes the right post first for a quote with a wrong minute, editing only the header date', () => {
    const { index, uri, file } = seed();
    // #12's quote of sellboy 09:20 (→ #6), changed to 09:22 by the user.
    const line = file.doc.text.split('\n')[Q12];
    const col = line.indexOf('09:20');
    const text = file.doc.text.replace('<blockquote>sellboy 发表于 2025-1-31 09:20', '<blockquote>sellboy 发表于 2025-1-31 09:22');
    index.set(uri, text, 2);
    const f = index.get(uri)!;
    const diags = computeDiagnostics(index.view(uri)!);
    assert.deepEqual(
      diags.map((d) => d.code),
      ['broken-quote'],
    );
    const actions = codeActions(index.view(uri)!, diags[0].range, diags);
    assert.ok(actions.length >= 1);
    assert.equal(actions[0].title, 'Point this quote at #6 (sellboy, 2025-01-31 09:20)');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].diagnostics, diags);
    const edits = actions[0].edit!.changes![uri];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].range.start.line, Q12);
    assert.equal(edits[0].range.start.character, col - '2025-1-31 '.length);
    const fixed = apply(text, f.doc.lineStarts, edits);
    assert.equal(fixed, file.doc.text, 'the fix restores the original exactly');
    index.set(uri, fixed, 3);
    assert.deepEqual(computeDiagnostics(index.view(uri)!), []);
  });

  it('ranks by excerpt and offers posts of other authors only on an exact text match', () => {
    const { index, uri, file } = seed();
    const q = file.doc.quotes.find((x) => file.doc.posts[x.postIndex].floor === 12)!;
    const ranked = rankCandidates(index.view(file.uri)!, q);
    assert.equal(ranked[0].ref.post.floor, 6);
    assert.ok(ranked.every((c) => c.ref.post.author === 'sellboy' || c.score >= 3));
  });
});

describe('posts request and translations', () => {
  it('summarises posts for the picker and status bar', () => {
    const { index, uri } = seed();
    const posts = postSummaries(index.view(uri)!);
    assert.equal(posts.length, 95);
    assert.deepEqual(
      { ...posts[5], firstWords: posts[5].firstWords.slice(0, 3) },
      { index: 5, floor: 6, author: 'sellboy', date: '2025-01-31 09:20', op: false, line: lineOf(SEED_TEXT, '####  sellboy'), endLine: posts[5].endLine, firstWords: '无非是', replies: 2 },
    );
  });

  it('has a Simplified Chinese translation for every message and setting', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const keys = new Set<string>();
    for (const f of [...sources(path.join(ROOT, 'server/src')), ...sources(path.join(ROOT, 'client/src'))]) {
      const s = fs.readFileSync(f, 'utf8');
      // l10n.t('…'), tMarkdown('…'), and t('…') where a helper takes the translation function (plural, capList).
      for (const m of s.matchAll(/(?:\bl10n\.t|\btMarkdown|(?<![.\w])t)\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1].replace(/\\'/g, "'"));
      for (const m of s.matchAll(/(?:problem\('[a-z-]+', [^'\n]*?|why (?:\?\?)?= \[|why: \[)'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1]);
      // plural(n, 'one', 'other'): both forms are messages.
      for (const m of s.matchAll(/\bplural\([^,]+, '((?:[^'\\]|\\.)*)', '((?:[^'\\]|\\.)*)'[,)]/g)) keys.add(m[1]).add(m[2]);
    }
    // Every message that counts something has its singular form too ("1 replies" nowhere); "{0}
    // posts by {1} at {2}" counts an ambiguous quote's candidates, always two or more.
    const noun = /\{\d\} (replies|posts|lines|more lines)\b/;
    const singular: Record<string, string> = { replies: 'reply', posts: 'post', lines: 'line', 'more lines': 'more line' };
    const lacking = [...keys].filter((k) => noun.test(k) && !/ by /.test(k) && !keys.has(k.replace(noun, (_, w: string) => `1 ${singular[w]}`)));
    assert.deepEqual(lacking, []);
    assert.ok(keys.size > 50, `${keys.size} messages`);
    const missing = [...keys].filter((k) => !bundle[k]);
    assert.deepEqual(missing, []);
    for (const [k, v] of Object.entries(bundle)) {
      const holes = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join();
      assert.equal(holes(v), holes(k), `placeholders of "${k}"`);
    }
    const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
    const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.zh-cn.json'), 'utf8'));
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    const pkg = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    for (const m of pkg.matchAll(/"%([^%"]+)%"/g)) assert.ok(en[m[1]], m[1]);
  });
});
