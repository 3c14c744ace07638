// What the features answer on unusual input (issue 13).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { codeActions } from '../../server/src/features/codeActions';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from '../../server/src/features/callHierarchy';
import { codeLenses, MAX_LENS_LOCATIONS } from '../../server/src/features/codeLens';
import { documentLinks, MAX_DOCUMENT_LINKS } from '../../server/src/features/documentLinks';
import { hover, PREVIEW_SCAN } from '../../server/src/features/hover';
import { postSummaries } from '../../server/src/features/posts';
import { MAX_REFERENCES, references } from '../../server/src/features/references';
import { capList, cleanLabel, cleanText, escapeHtmlText, MAX_LISTED, plural } from '../../server/src/features/util';
import { TEXT_SCAN_PER_POST, workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { DumpDocument, type Post } from '../../server/src/model';
import { TID } from '../helpers/arbitraries';
import { dump, linkQuote, plainQuote, type PostSpec } from '../helpers/dumps';
import { indexOf } from '../helpers/invariants';
import { hoverText, quoteResolution, seed } from '../helpers/workspace';

/** The text after applying one code action's edits (to `uri`) to `text`. */
function applyFix(doc: DumpDocument, text: string, a: CodeAction, uri: string): string {
  const edits = (a.edit?.changes?.[uri] ?? []) as TextEdit[];
  const spans = edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText })).sort((x, y) => y.start - x.start);
  let out = text;
  for (const e of spans) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The floor a quick fix offers (its title: `Point this quote at #N (…)`). */
const offeredFloor = (a: CodeAction) => Number(/^Point this quote at #(\d+) /.exec(a.title)![1]);

/** The quick fixes of every broken quote of a one-file thread; for each, the floor it offers and where the quote lands once applied. */
function fixesOf(text: string): { offered: number; landed: number | null | undefined; fixed: string }[] {
  const { index, uris } = indexOf([text]);
  const view = index.view(uris[0])!;
  const doc = view.file.doc;
  const out: { offered: number; landed: number | null | undefined; fixed: string }[] = [];
  for (const q of doc.quotes) {
    if (!q.header || quoteResolution(index, uris[0], q.id)?.status !== 'notfound') continue;
    const range = { start: doc.positionAt(q.header.span.start), end: doc.positionAt(q.header.span.end) };
    for (const a of codeActions(view, range, [])) {
      const fixed = applyFix(doc, text, a, uris[0]);
      const after = indexOf([fixed]);
      out.push({ offered: offeredFloor(a), landed: quoteResolution(after.index, after.uris[0], q.id)?.target?.post.floor, fixed });
    }
  }
  return out;
}

describe('quick fix: the author escaped as the archive writes HTML text', () => {
  it('escapes & < > the way the dumps do (&amp; &lt; &gt;), and nothing else', () => {
    assert.equal(escapeHtmlText('x<y & </a></blockquote>z "q"'), 'x&lt;y &amp; &lt;/a&gt;&lt;/blockquote&gt;z "q"');
  });

  for (const author of ['x<y', '<i>it</i>', '</a></blockquote>z', 'a&b', 'a&amp;b', 'p 发表于 q']) {
    it(`"Point this quote at #1" for a post by ${JSON.stringify(author)} makes the quote resolve to #1`, () => {
      const text = dump(
        { author, floor: 1, date: '2025-1-31 09:20', body: 'the first post' },
        { author: 'b', floor: 2, date: '2025-1-31 09:30', body: `${linkQuote('someone', '2025-1-31 09:21', 'the first post', '100', TID)}\nreply` },
      );
      const fixes = fixesOf(text);
      assert.ok(fixes.length > 0, 'a fix is offered');
      assert.equal(fixes[0].offered, 1);
      assert.equal(fixes[0].landed, 1, fixes[0].fixed);
      // Still one quote, closed where it was: no stray-blockquote-close.
      const after = new DumpDocument(fixes[0].fixed);
      assert.equal(after.quotes.length, 1);
      assert.deepEqual(after.problems.map((p) => p.code), []);
    });
  }

  it('property: applying any offered fix makes that quote resolve to the offered post', () => {
    const authorArb = fc
      .array(fc.constantFrom('a', 'b', 'x', '<', '>', '&', '"', "'", ';', '#', '/', 'i', ' ', '发表于', '于', '&lt;', '&amp;', '</a>', '<blockquote>', '</blockquote>', '匿名', '引用第1楼'), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join('').trim())
      .filter((a) => a.length > 0 && !a.startsWith('#'));
    const plan = fc.record({
      authors: fc.array(authorArb, { minLength: 1, maxLength: 5 }),
      minutes: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 5 }),
      quoteAuthor: fc.oneof(authorArb, fc.constant('someone')),
      quoteMinute: fc.integer({ min: 0, max: 90 }),
      text: fc.constantFrom('the first post', 'words', ''),
      form: fc.constantFrom('link', 'plain'),
    });
    let offered = 0;
    fc.assert(
      fc.property(plan, (p) => {
        const at = (m: number) => `2025-1-31 ${String(9 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const posts: PostSpec[] = p.authors.map((author, i) => ({ author, floor: i + 1, date: at(p.minutes[i % p.minutes.length]), body: i === 0 ? 'the first post' : `words ${i}` }));
        const header = escapeHtmlText(p.quoteAuthor);
        const quote = p.form === 'link' ? linkQuote(header, at(p.quoteMinute), p.text, '100', TID) : plainQuote(header, at(p.quoteMinute), p.text);
        posts.push({ author: 'replier', floor: posts.length + 1, date: '2025-1-31 11:00', body: `${quote}\nreply` });
        for (const f of fixesOf(dump(...posts))) {
          offered++;
          assert.equal(f.landed, f.offered, `the fix for #${f.offered} left the quote at #${f.landed}:\n${f.fixed}`);
        }
      }),
      { seed: 20261130, numRuns: 400 },
    );
    assert.ok(offered > 50, `${offered} fixes offered`);
  });
});

describe('plain-text labels', () => {
  it('cleanText and cleanLabel drop controls, bidi overrides, lone surrogates; labels are one line', () => {
    const hostile = 'a\u0000b\u0007c\u001b[2Jd\u009be\u202ef\u2066g\u2028h\ud800i\udc00j\u{1f600}';
    assert.equal(cleanText(hostile), 'abc[2Jdefg\nh\ufffdi\ufffdj\u{1f600}');
    assert.equal(cleanLabel(hostile + '\tk\r\nl'), 'abc[2Jdefg h\ufffdi\ufffdj\u{1f600} k l');
  });
});

describe('reference ranges on the quote header text', () => {
  it('every reply of a seed post is located at "author 发表于 date", not at the <a href…>; so are the replies a lens peeks', () => {
    const { index, uri, file } = seed();
    const view = index.view(uri)!;
    const doc = file.doc;
    const shown = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => doc.slice(doc.offsetAt(r.start), doc.offsetAt(r.end));
    let n = 0;
    for (const post of doc.posts) {
      for (const loc of references(view, doc.positionAt(post.authorLine.start), false)) {
        assert.match(shown(loc.range), /^\S.* 发表于 \d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}$/);
        n++;
      }
    }
    assert.ok(n > 20, `${n} references`);
    const peeked = codeLenses(view)
      .filter((l) => /repl/.test(l.command!.title))
      .flatMap((l) => l.command!.arguments![2] as { range: { start: never; end: never } }[]);
    assert.ok(peeked.length > 20);
    for (const loc of peeked) assert.match(shown(loc.range), /^\S.* 发表于 \d{4}-/);
  });
});

describe('replies: each replying post once', () => {
  const text = dump(
    { author: 'a', floor: 1, date: '2025-1-31 09:20', body: 'first' },
    { author: 'b', floor: 2, date: '2025-1-31 09:30', body: `${linkQuote('a', '2025-1-31 09:20', 'first', '100', TID)}\none\n${plainQuote('a', '2025-1-31 09:20', 'first')}\ntwo` },
  );
  const { index, uris } = indexOf([text]);
  const view = index.view(uris[0])!;
  const doc = view.file.doc;

  it('hover: "Quoted by 1 post: #2 b" for a post one reply quotes twice', () => {
    assert.match(hoverText(hover(view, doc.positionAt(doc.posts[0].authorLine.start))), /^Quoted by 1 post: \\#2 b$/m);
  });

  it('code lens "1 reply" peeking one place; the posts request counts 1', () => {
    const lens = codeLenses(view)[0];
    assert.equal(lens.command!.title, '1 reply');
    assert.equal((lens.command!.arguments![2] as unknown[]).length, 1);
    assert.equal(postSummaries(view)[0].replies, 1);
  });

  it('the quoting post: hover "Quotes #1 a" and lens "quotes #1", once', () => {
    assert.match(hoverText(hover(view, doc.positionAt(doc.posts[1].authorLine.start))), /^Quotes \\#1 a$/m);
    const lens = codeLenses(view)[1];
    assert.equal(lens.command!.title, 'quotes #1');
    assert.equal((lens.command!.arguments![2] as unknown[]).length, 1);
  });
});

describe('plural forms', () => {
  it('one and many, counts with thousands separators', () => {
    assert.equal(plural(1, '1 reply', '{0} replies'), '1 reply');
    assert.equal(plural(0, '1 reply', '{0} replies'), '0 replies');
    assert.equal(plural(12000, '1 more line', '{0} more lines'), '12,000 more lines');
  });
});

describe('bounded lists and answers', () => {
  // One post quoted by N others; one post quoting 2,000 others.
  const N = 12_000;
  const posts: PostSpec[] = [{ author: 'op', floor: 1, date: '2025-1-1 00:00', body: 'start' }];
  for (let i = 0; i < N; i++) {
    const date = `2025-1-${1 + Math.floor(i / 1440)} ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    posts.push({ author: `u${i}`, floor: i + 2, date, body: `${plainQuote('op', '2025-1-1 00:00', 'start')}\nr${i} [l](https://example.com/${i})` });
  }
  posts.push({ author: 'collector', floor: N + 2, date: '2025-2-1 00:00', body: posts.slice(1, 2001).map((p) => plainQuote(p.author, p.date, `r${p.floor - 2}`)).join('\n') });
  const { index, uris } = indexOf([dump(...posts)]);
  const view = index.view(uris[0])!;
  const doc = view.file.doc;
  const first = doc.posts[0];
  const collector = doc.posts[doc.posts.length - 1];
  const n = (x: number) => x.toLocaleString('en-US');

  it(`hover on a post quoted ${n(N)} times names ${MAX_LISTED} and counts the rest`, () => {
    const h = hoverText(hover(view, doc.positionAt(first.authorLine.start)));
    assert.match(h, new RegExp(`^Quoted by ${n(N)} posts: \\\\#2 u0, .* … and ${n(N - MAX_LISTED)} more$`, 'm'));
    assert.ok(h.length < 1000, `${h.length} characters`);
    const c = hoverText(hover(view, doc.positionAt(collector.authorLine.start)));
    assert.match(c, /^Quotes .* … and 1,990 more$/m);
  });

  it('code lens titles stay short; a lens peeks a bounded list', () => {
    const lenses = codeLenses(view);
    assert.equal(lenses[0].command!.title, `${n(N)} replies`);
    assert.equal((lenses[0].command!.arguments![2] as unknown[]).length, MAX_LENS_LOCATIONS);
    const last = lenses.filter((l) => l.range.start.line === collector.line);
    assert.deepEqual(
      last.map((l) => l.command!.title),
      ['quotes #2, #3, #4, #5, #6, #7, #8, #9, #10, #11, … and 1,990 more'],
    );
    assert.equal((last[0].command!.arguments![2] as unknown[]).length, MAX_LENS_LOCATIONS);
  });

  it(`references stop at ${n(MAX_REFERENCES)} quotes (plus the post when asked); the reply tree at 1,000 posts a level`, () => {
    assert.equal(references(view, doc.positionAt(first.authorLine.start), false).length, MAX_REFERENCES);
    assert.equal(references(view, doc.positionAt(first.authorLine.start), true).length, MAX_REFERENCES + 1);
    const [item] = prepareCallHierarchy(view, doc.positionAt(first.authorLine.start));
    assert.equal(incomingCalls(view, item).length, 1000);
    const [c] = prepareCallHierarchy(view, doc.positionAt(collector.authorLine.start));
    assert.equal(outgoingCalls(view, c).length, 1000);
  });

  it('capList: the first items, then how many more', () => {
    assert.equal(capList(['a', 'b', 'c'], 2, (x) => x), 'a, b, … and 1 more');
    assert.equal(capList(['a', 'b'], 2, (x) => x), 'a, b');
  });
});

describe('work in proportion to what is shown', () => {
  /** Runs `f`; returns the `limit` of every DumpDocument.postText call it made (undefined: the whole post). */
  function postTextLimits(f: () => void): (number | undefined)[] {
    const proto = DumpDocument.prototype as unknown as { postText: (post: Post, limit?: number) => unknown };
    const orig = proto.postText;
    const seen: (number | undefined)[] = [];
    proto.postText = function (this: DumpDocument, post: Post, limit?: number) {
      seen.push(limit);
      return orig.call(this, post, limit);
    };
    try {
      f();
    } finally {
      proto.postText = orig;
    }
    return seen;
  }

  it('a preview, the reply tree, the posts request and workspace symbols read a bounded start of a 2 MB post, never all of it', () => {
    const big = 'word '.repeat(400_000) + '\n' + 'line\n'.repeat(20_000);
    const text = dump({ author: 'a', floor: 1, date: '2025-1-31 09:20', body: big }, { author: 'b', floor: 2, date: '2025-1-31 09:30', body: `${linkQuote('a', '2025-1-31 09:20', 'word word', '100', TID)}\nok` });
    const { index, uris } = indexOf([text]);
    const view = index.view(uris[0])!;
    const doc = view.file.doc;
    const q = doc.quotes[0];
    // (Resolving the thread reads whole posts once, to match excerpts: not the hover's work.)
    assert.equal(quoteResolution(index, uris[0], q.id)?.target?.post.floor, 1);
    const limits = postTextLimits(() => {
      assert.match(hoverText(hover(view, doc.positionAt(q.header!.authorSpan.start))), /^\*20,000 more lines\*$/m);
      const [item] = prepareCallHierarchy(view, doc.positionAt(doc.posts[0].authorLine.start));
      assert.ok(item.detail!.endsWith('…'));
      assert.ok(postSummaries(view)[0].firstWords.endsWith('…'));
      workspaceSymbols(index.query(), 'nothing like this');
    });
    assert.ok(limits.length >= 4, JSON.stringify(limits));
    assert.ok(limits.every((l) => l !== undefined && l <= Math.max(PREVIEW_SCAN, TEXT_SCAN_PER_POST)), JSON.stringify(limits));
  });

  it(`document links: the first ${MAX_DOCUMENT_LINKS.toLocaleString('en-US')}, in post order`, () => {
    const posts: PostSpec[] = [];
    for (let i = 0; i < 3000; i++) posts.push({ author: `u${i}`, floor: i + 1, date: '2025-1-1 00:00', body: `[a](https://example.com/${i}/a) [b](https://example.com/${i}/b)` });
    const { index, uris } = indexOf([dump(...posts)]);
    const links = documentLinks(index.view(uris[0])!);
    assert.equal(links.length, MAX_DOCUMENT_LINKS);
    assert.equal(links[0].target, 'https://example.com/0/a');
    assert.equal(links[MAX_DOCUMENT_LINKS - 1].target, `https://example.com/${MAX_DOCUMENT_LINKS / 2 - 1}/b`);
  });
});
