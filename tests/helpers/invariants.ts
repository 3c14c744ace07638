// Invariants for the property tests (see properties.ts): plain functions that throw on a
// violation, so a property is `fc.property(arb, check)`.
import assert from 'node:assert/strict';
import type { Diagnostic, Location, Position, Range } from 'vscode-languageserver-types';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from '../../server/src/features/callHierarchy';
import { codeActions } from '../../server/src/features/codeActions';
import { codeLenses } from '../../server/src/features/codeLens';
import { SHOW_REPLIES_COMMAND } from '../../shared/protocol';
import { definition } from '../../server/src/features/definition';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { documentLinks } from '../../server/src/features/documentLinks';
import { documentSymbols } from '../../server/src/features/documentSymbols';
import { foldingRanges } from '../../server/src/features/folding';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHints';
import { postSummaries } from '../../server/src/features/posts';
import { references } from '../../server/src/features/references';
import { selectionRanges } from '../../server/src/features/selectionRange';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { quoteTextSpan } from '../../server/src/features/util';
import { DumpDocument, type Span } from '../../server/src/model';
import { WorkspaceIndex } from '../../server/src/workspace';
import { snapshot } from './snapshot';
import { resolveEdit, TID, type Edit } from './arbitraries';

// ---------------------------------------------------------------------------------------------
// Checks

/** The model's own line table, rebuilt independently: a line starts after every line break LSP counts (`\r\n`, `\n`, `\r`). */
function lineTable(text: string): number[] {
  const out = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) out.push(m.index + m[0].length);
  return out;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Checks positions and ranges against a document's text. */
class Bounds {
  readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = lineTable(text);
  }

  /** Length of a line without its line break (`\r\n`, `\n` or `\r`). */
  lineLength(line: number): number {
    const s = this.starts[line];
    let e = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (e > s && this.text.charCodeAt(e - 1) === 13 && line + 1 < this.starts.length) e--;
    return e - s;
  }

  // (Messages are built only on failure: these run millions of times in a fuzz run.)
  offset(p: Position, what: string): number {
    if (!(Number.isInteger(p.line) && Number.isInteger(p.character))) fail(`${what}: position ${JSON.stringify(p)} is not integral`);
    if (!(p.line >= 0 && p.line < this.starts.length)) fail(`${what}: line ${p.line} outside 0..${this.starts.length - 1}`);
    const len = this.lineLength(p.line);
    if (!(p.character >= 0 && p.character <= len)) fail(`${what}: character ${p.character} outside 0..${len} on line ${p.line}`);
    const o = this.starts[p.line] + p.character;
    // A position never splits a surrogate pair (UTF-16 columns right for astral characters).
    if (o > 0 && isHigh(this.text.charCodeAt(o - 1)) && isLow(this.text.charCodeAt(o))) fail(`${what}: position ${JSON.stringify(p)} splits a surrogate pair`);
    return o;
  }

  range(r: Range, what: string): [number, number] {
    const a = this.offset(r.start, what + ' start');
    const b = this.offset(r.end, what + ' end');
    if (a > b) fail(`${what}: range ${JSON.stringify(r)} ends before it starts`);
    return [a, b];
  }
}

function fail(message: string): never {
  assert.fail(message);
}

/** assert.ok with the message built only on failure. */
function ok(cond: unknown, message: () => string): asserts cond {
  if (!cond) fail(message());
}

/** assert.equal with the message built only on failure. */
function eq<T>(actual: T, expected: T, message: () => string): void {
  if (actual !== expected) assert.equal(actual, expected, message());
}

function spanOk(sp: Span, len: number, what: string): void {
  if (!(Number.isInteger(sp.start) && Number.isInteger(sp.end) && 0 <= sp.start && sp.start <= sp.end && sp.end <= len)) fail(`${what}: span ${JSON.stringify(sp)} not within 0..${len}`);
}

const inside = (inner: Span, outer: Span) => outer.start <= inner.start && inner.end <= outer.end;

/** The parsed document is consistent: lines, posts, quotes and problems within the text, posts disjoint. */
export function checkModel(doc: DumpDocument): void {
  const text = doc.text;
  const n = text.length;
  assert.equal(doc.length ?? n, n);
  assert.deepEqual(Array.from(doc.lineStarts), lineTable(text), 'line starts');
  let prevEnd = 0;
  doc.posts.forEach((p, i) => {
    const w = `post ${i} (line ${p.line})`;
    eq(p.index, i, () => `${w}: index`);
    for (const k of ['span', 'authorLine', 'authorSpan', 'floorLine', 'body'] as const) spanOk(p[k], n, `${w} ${k}`);
    ok(p.span.start >= prevEnd, () => `${w}: overlaps the post before (${p.span.start} < ${prevEnd})`);
    prevEnd = p.span.end;
    if (i + 1 < doc.posts.length) ok(p.span.end <= doc.posts[i + 1].span.start, () => `${w}: runs into the next post`);
    eq(p.authorLine.start, p.span.start, () => `${w}: starts at its author line`);
    ok(inside(p.authorSpan, p.authorLine), () => `${w}: author name outside the author line`);
    ok(inside(p.floorLine, p.span) && inside(p.body, p.span), () => `${w}: header or body outside the post`);
    eq(doc.lineStarts[p.line], p.span.start, () => `${w}: line`);
    ok(p.floor === null || Number.isSafeInteger(p.floor), () => `${w}: floor ${p.floor}`);
    for (const pr of p.problems) spanOk(pr.span, n, `${w} problem ${pr.code}`);
    let prevQuote = -1;
    for (const id of p.quotes) {
      const q = doc.quotes[id];
      ok(q && q.id === id && q.postIndex === i, () => `${w}: quote ${id} is not its own`);
      ok(id > prevQuote, () => `${w}: quotes out of order`);
      prevQuote = id;
    }
  });
  doc.quotes.forEach((q, id) => {
    const w = `quote ${id}`;
    eq(q.id, id, () => `${w}: id`);
    const post = doc.posts[q.postIndex];
    ok(post && post.quotes.includes(id), () => `${w}: its post does not list it`);
    spanOk(q.span, n, `${w} span`);
    ok(inside(q.span, post.span) || inside(q.span, { start: post.span.start, end: post.body.end }), () => `${w}: outside its post`);
    ok(q.span.start <= q.contentStart && q.contentStart <= q.contentEnd && q.contentEnd <= q.span.end, () => `${w}: content outside the quote`);
    if (q.parent >= 0) {
      const parent = doc.quotes[q.parent];
      ok(parent.children.includes(id) && parent.depth + 1 === q.depth && inside(q.span, parent.span), () => `${w}: parent ${q.parent}`);
    } else eq(q.depth, 0, () => `${w}: depth without a parent`);
    for (const c of q.children) eq(doc.quotes[c].parent, id, () => `${w}: child ${c}`);
    const h = q.header;
    if (h) {
      for (const k of ['span', 'authorSpan', 'dateSpan'] as const) spanOk(h[k], n, `${w} header ${k}`);
      if (h.hrefSpan) spanOk(h.hrefSpan, n, `${w} header hrefSpan`);
      ok(q.contentStart <= h.span.start && h.span.end <= q.headerLimit, () => `${w}: header outside its line`);
    }
    const qt = doc.quotedText(q);
    assert.equal(typeof qt.text, 'string');
  });
  for (const pr of doc.problems) spanOk(pr.span, n, `problem ${pr.code}`);
  for (const p of doc.posts) {
    doc.postText(p);
    const x = doc.extras(p);
    for (const l of x.links) {
      spanOk(l.span, n, 'link');
      spanOk(l.urlSpan, n, 'link url');
    }
    for (const im of x.images) spanOk(im.span, n, 'image');
    for (const sp of [x.editNote, x.signature, x.blocked]) if (sp) spanOk(sp, n, 'extra');
  }
  // Position helpers stay inside the text for any offset and any position.
  for (const o of [-5, 0, n >> 1, n, n + 10]) {
    const p = doc.positionAt(o);
    ok(p.line >= 0 && p.line < doc.lineCount && p.character >= 0, () => `positionAt(${o})`);
    const back = doc.offsetAt(p);
    ok(back >= 0 && back <= n, () => `offsetAt(positionAt(${o}))`);
  }
}

/** Hover text is untrusted data shown as Markdown: it must carry no HTML, link, image or command. */
export function checkMarkdownSafe(md: string, what: string): void {
  ok(!/<[a-zA-Z!/?]/.test(md), () => `${what}: raw HTML in ${JSON.stringify(md.slice(0, 200))}`);
  ok(!md.includes(']('), () => `${what}: a Markdown link in ${JSON.stringify(md.slice(0, 200))}`);
  ok(!/\]\s*\[/.test(md.replace(/\\\]/g, '')), () => `${what}: a reference link`);
  ok(!/(^|[^\\])command:/.test(md), () => `${what}: a command: link`);
  ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(md), () => `${what}: control characters`);
  ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(md), () => `${what}: a lone surrogate`);
  ok(!/(^|[^\\])(https?|ftp):\/\//i.test(md), () => `${what}: an autolink`);
}

/** Positions worth asking about in a document: every header, a few fixed and random ones, out-of-range ones. */
function probePositions(doc: DumpDocument, fractions: number[], probes: number): Position[] {
  const out: Position[] = [];
  const add = (o: number) => out.push(doc.positionAt(o));
  for (const p of doc.posts.slice(0, probes)) {
    add(p.authorLine.start);
    add(p.authorSpan.end);
    add(p.floorLine.end);
  }
  for (const q of doc.quotes.slice(0, probes)) {
    const h = q.header;
    add(q.span.start);
    if (h) {
      add(h.span.start);
      add(h.authorSpan.start);
      add(h.span.end);
      if (h.hrefSpan) add(h.hrefSpan.start + 1);
    }
  }
  // Random places, as an editor sends them: never inside a surrogate pair.
  const text = doc.text;
  for (const f of fractions) {
    let o = Math.floor(f * doc.length);
    if (o > 0 && isHigh(text.charCodeAt(o - 1)) && isLow(text.charCodeAt(o))) o--;
    add(o);
  }
  out.push({ line: 0, character: 0 }, doc.positionAt(doc.length), { line: doc.lineCount + 3, character: 2 }, { line: 0, character: 1e9 }, { line: -1, character: -1 });
  return out;
}

/** Every LSP answer of every feature on every file of the index: no throw, ranges in bounds and ordered. */
export function checkFeatures(index: WorkspaceIndex, uris: string[], fractions: number[] = [0.25, 0.5, 0.75], probes = 30): void {
  const bounds = new Map<string, Bounds>();
  const b = (uri: string) => {
    let x = bounds.get(uri);
    if (!x) {
      const f = index.get(uri);
      ok(f, () => `a location in an unknown document ${uri}`);
      bounds.set(uri, (x = new Bounds(f.doc.text)));
    }
    return x;
  };
  const loc = (l: Location, what: string) => b(l.uri).range(l.range, what);
  for (const uri of uris) {
    const file = index.get(uri)!;
    const doc = file.doc;
    const me = b(uri);
    // Diagnostics.
    const diags: Diagnostic[] = computeDiagnostics(index.view(uri)!);
    for (const d of diags) {
      me.range(d.range, `diagnostic ${d.code}`);
      assert.equal(typeof d.message, 'string');
      for (const r of d.relatedInformation ?? []) loc(r.location, `diagnostic ${d.code} related`);
    }
    // Outline: posts in order and disjoint, selection inside range, children inside parents.
    const syms = documentSymbols(index.view(uri)!);
    assert.equal(syms.length, doc.posts.length);
    let prev: [number, number] | null = null;
    const walk = (s: (typeof syms)[number], parent: [number, number] | null, depth: number) => {
      const r = me.range(s.range, `symbol ${s.name.slice(0, 40)}`);
      const sel = me.range(s.selectionRange, `symbol ${s.name.slice(0, 40)} selection`);
      ok(r[0] <= sel[0] && sel[1] <= r[1], () => `symbol ${s.name.slice(0, 40)}: selection outside range`);
      if (parent) ok(parent[0] <= r[0] && r[1] <= parent[1], () => `symbol ${s.name.slice(0, 40)}: outside its parent`);
      assert.ok(depth < 200, 'symbol tree deeper than 200');
      for (const c of s.children ?? []) walk(c, r, depth + 1);
      return r;
    };
    for (const s of syms) {
      const r = walk(s, null, 0);
      if (prev) ok(prev[1] <= r[0], () => `post symbols overlap: ${JSON.stringify(prev)} and ${JSON.stringify(r)}`);
      prev = r;
    }
    for (const f of foldingRanges(index.view(uri)!)) {
      ok(Number.isInteger(f.startLine) && f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < me.starts.length, () => `folding ${JSON.stringify(f)}`);
    }
    for (const l of documentLinks(index.view(uri)!)) {
      me.range(l.range, 'document link');
      if (l.target) ok(/^https?:\/\/\S+$/i.test(l.target) || l.target.startsWith(uri.split('#')[0]) || index.get(l.target.replace(/#L\d+$/, '')), () => `document link target ${l.target}`);
    }
    for (const lens of codeLenses(index.view(uri)!)) {
      me.range(lens.range, 'code lens');
      assert.equal(lens.command?.command, SHOW_REPLIES_COMMAND);
      for (const l of (lens.command?.arguments?.[2] ?? []) as Location[]) loc(l, 'code lens location');
    }
    for (const h of inlayHints(index.view(uri)!)) me.offset(h.position, 'inlay hint');
    const half = { start: doc.positionAt(doc.length >> 2), end: doc.positionAt(doc.length >> 1) };
    for (const h of inlayHints(index.view(uri)!, half)) me.offset(h.position, 'inlay hint (range)');
    for (const s of postSummaries(index.view(uri)!)) {
      ok(s.line >= 0 && s.line <= s.endLine && s.endLine < me.starts.length, () => `post summary lines ${s.line}..${s.endLine}`);
    }
    // Requests at positions.
    const positions = probePositions(doc, fractions, probes);
    for (const pos of positions) {
      const at = Math.max(0, Math.min(doc.offsetAt(pos), doc.length));
      const hv = hover(index.view(uri)!, pos);
      if (hv) {
        const md = typeof hv.contents === 'object' && 'value' in hv.contents ? hv.contents.value : String(hv.contents);
        checkMarkdownSafe(md, `hover at ${JSON.stringify(pos)}`);
        // With forumDump.remoteImages on: https images in their own syntax, nothing else.
        const withImages = hover(index.view(uri)!, pos, { remoteImages: true });
        const mdi = withImages && typeof withImages.contents === 'object' && 'value' in withImages.contents ? withImages.contents.value : '';
        checkMarkdownSafe(mdi.replace(/^!\[image\]\(https:\/\/[^()\s<>]+\)$/gm, ''), `hover with images at ${JSON.stringify(pos)}`);
        if (hv.range) {
          const [s, e] = me.range(hv.range, 'hover range');
          ok(s <= at && at <= e, () => `hover range ${JSON.stringify(hv.range)} does not hold ${JSON.stringify(pos)}`);
        }
      }
      for (const d of definition(index.view(uri)!, pos)) {
        me.range(d.originSelectionRange!, 'definition origin');
        const tr = b(d.targetUri).range(d.targetRange, 'definition target');
        const ts = b(d.targetUri).range(d.targetSelectionRange, 'definition target selection');
        assert.ok(tr[0] <= ts[0] && ts[1] <= tr[1], 'definition: selection outside target range');
      }
      for (const inc of [true, false]) for (const l of references(index.view(uri)!, pos, inc)) loc(l, 'reference');
      for (const item of prepareCallHierarchy(index.view(uri)!, pos)) {
        const r = b(item.uri).range(item.range, 'call item');
        const s = b(item.uri).range(item.selectionRange, 'call item selection');
        assert.ok(r[0] <= s[0] && s[1] <= r[1], 'call item: selection outside range');
        for (const c of incomingCalls(index.view(item.uri)!, item)) {
          b(c.from.uri).range(c.from.range, 'incoming call');
          for (const fr of c.fromRanges) b(c.from.uri).range(fr, 'incoming call fromRange');
        }
        for (const c of outgoingCalls(index.view(item.uri)!, item)) {
          b(c.to.uri).range(c.to.range, 'outgoing call');
          for (const fr of c.fromRanges) b(item.uri).range(fr, 'outgoing call fromRange');
        }
      }
    }
    for (const sel of selectionRanges(index.view(uri)!, positions)) {
      let cur: typeof sel | undefined = sel;
      let inner: [number, number] | null = null;
      let depth = 0;
      while (cur) {
        const r = me.range(cur.range, 'selection range');
        if (inner) assert.ok(r[0] <= inner[0] && inner[1] <= r[1], 'selection range: parent does not contain child');
        inner = r;
        cur = cur.parent;
        assert.ok(++depth < 300, 'selection range chain longer than 300');
      }
    }
    // Quick fixes: only this document, only inside a quote header.
    const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.length) };
    const headers = doc.quotes.map((q) => q.header).filter((h) => h !== null);
    for (const range of [whole, ...diags.slice(0, 5).map((d) => d.range)]) {
      for (const a of codeActions(index.view(uri)!, range, diags)) {
        const changes = a.edit?.changes ?? {};
        assert.deepEqual(Object.keys(changes), [uri], 'a quick fix edits another document');
        assert.equal(a.command, undefined, 'a quick fix runs a command');
        for (const e of changes[uri]) {
          const [s, t] = me.range(e.range, 'quick fix edit');
          assert.ok(
            headers.some((h) => h.span.start <= s && t <= Math.max(h.span.end, h.hrefSpan?.end ?? 0) && (h.hrefSpan ? Math.min(h.hrefSpan.start, h.span.start) : h.span.start) <= s),
            `quick fix edit [${s}, ${t}) outside every quote header`,
          );
        }
      }
    }
  }
  for (const q of ['', 'a', '#1', 'sell', '😀']) for (const s of workspaceSymbols(index.query(), q)) loc(s.location, `workspace symbol ${q}`);
}

/** Definitions land on post headers; references of a post are exactly the quotes whose definition is it. */
export function checkNavigation(index: WorkspaceIndex, uris: string[]): void {
  const key = (uri: string, r: Range) => `${uri}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  const headerRange = (uri: string, span: Span) => {
    const d = index.get(uri)!.doc;
    return { start: d.positionAt(span.start), end: d.positionAt(span.end) };
  };
  // quote header → the post its definition names (resolved quotes only).
  const defs = new Map<string, string>();
  for (const uri of uris) {
    const doc = index.get(uri)!.doc;
    const res = index.resolution(uri)!;
    for (const q of doc.quotes) {
      const h = q.header;
      if (!h) continue;
      const r = res.of(q);
      const links = definition(index.view(uri)!, doc.positionAt(h.authorSpan.start));
      // References point at the header's visible text (`author 发表于 date`).
      const qKey = key(uri, headerRange(uri, quoteTextSpan(q)));
      for (const l of links) {
        // The target is a post header of the target document.
        const tdoc = index.get(l.targetUri)!.doc;
        const post = tdoc.postHeaderAt(tdoc.offsetAt(l.targetSelectionRange.start));
        ok(post, () => `definition of quote ${q.id} lands on no post header (${JSON.stringify(l.targetSelectionRange)})`);
        assert.deepEqual(l.targetSelectionRange, headerRange(l.targetUri, { start: post.authorLine.start, end: post.floorLine.end }), `definition of quote ${q.id}: not the whole header`);
        assert.deepEqual(l.targetRange, headerRange(l.targetUri, post.span), `definition of quote ${q.id}: not the post`);
      }
      if (r?.target) {
        eq(links.length, 1, () => `resolved quote ${q.id} has ${links.length} definitions`);
        assert.equal(links[0].targetUri, r.target.file.uri);
        defs.set(qKey, key(r.target.file.uri, headerRange(r.target.file.uri, { start: r.target.post.authorLine.start, end: r.target.post.floorLine.end })));
      } else if (r?.status === 'ambiguous') eq(links.length, r.candidates.length, () => `ambiguous quote ${q.id}`);
      else eq(links.length, 0, () => `quote ${q.id} (${r?.status}) has definitions`);
    }
  }
  // post header → its references; each must define back to it, and every quote defining it is there.
  const refsOf = new Map<string, Set<string>>();
  for (const uri of uris) {
    const doc = index.get(uri)!.doc;
    for (const p of doc.posts) {
      const hr = headerRange(uri, { start: p.authorLine.start, end: p.floorLine.end });
      const pKey = key(uri, hr);
      const locs = references(index.view(uri)!, hr.start, false);
      const set = new Set(locs.map((l) => key(l.uri, l.range)));
      eq(set.size, locs.length, () => `references of post ${p.index} repeat a location`);
      refsOf.set(pKey, set);
      for (const l of locs) eq(defs.get(key(l.uri, l.range)), pKey, () => `reference ${key(l.uri, l.range)} of post ${p.index} does not define back to it`);
      const decl = references(index.view(uri)!, hr.start, true);
      assert.equal(decl.length, locs.length + 1, 'includeDeclaration adds the post itself');
    }
  }
  for (const [q, p] of defs) ok(refsOf.get(p)?.has(q), () => `quote ${q} defines ${p}, whose references lack it`);
}

/** Applies edits one by one to a document and to a text; after each, the document equals a full parse. */
export function checkIncrementalDocument(text: string, edits: Edit[], every = 1): void {
  const doc = new DumpDocument(text);
  snapshot(doc); // touch every lazy part first: cached values must survive the edits
  let cur = text;
  edits.forEach((e, i) => {
    const [s, t, ins] = resolveEdit(cur, e);
    cur = cur.slice(0, s) + ins + cur.slice(t);
    doc.update(s, t, ins);
    if (i % every === every - 1 || i === edits.length - 1) {
      assert.equal(doc.text, cur, `edit ${i}: text`);
      assert.deepEqual(snapshot(doc), snapshot(new DumpDocument(cur)), `edit ${i}: replace [${s}, ${t}) with ${JSON.stringify(ins)}`);
    }
  });
}

/** Every quote's answer and every post's replies, as plain data (to compare two indexes). */
export function resolutionPicture(idx: WorkspaceIndex, uris: string[]): unknown {
  return uris.map((u) => {
    const f = idx.get(u)!;
    const r = idx.resolution(u)!;
    const ref = (x: { file: { uri: string }; post: { index: number } }) => [x.file.uri, x.post.index];
    return {
      quotes: f.doc.quotes.map((q) => {
        const x = r.of(q);
        return (
          x && {
            status: x.status,
            how: x.how,
            target: x.target && ref(x.target),
            candidates: x.candidates.map(ref),
            mismatch: !!x.mismatch,
            conflict: x.pidConflict ? [x.pidConflict.file.uri, x.pidConflict.quote.id] : null,
            offset: x.offsetHours,
            outside: x.outsideReason,
          }
        );
      }),
      replies: f.doc.posts.map((p) => r.repliesOf(p).map((q) => [q.file.uri, q.quote.id])),
    };
  });
}

/** Two page files of one thread, edited in turn through WorkspaceIndex.update: always equal to a fresh index. */
export function checkIncrementalIndex(texts: [string, string], edits: { file: 0 | 1; edit: Edit }[]): void {
  const uris = [`file:///ws/${TID}[t]/${TID}-01[t].md`, `file:///ws/${TID}[t]/${TID}-02[t].md`];
  const cur = texts.slice();
  const inc = new WorkspaceIndex();
  uris.forEach((u, i) => inc.set(u, cur[i], 1));
  inc.resolution(uris[0]);
  edits.forEach(({ file, edit }, step) => {
    const [s, t, ins] = resolveEdit(cur[file], edit);
    cur[file] = cur[file].slice(0, s) + ins + cur[file].slice(t);
    inc.update(uris[file], [{ start: s, end: t, text: ins }], step + 2);
    const full = new WorkspaceIndex();
    uris.forEach((u, i) => full.set(u, cur[i], 1));
    assert.deepEqual(resolutionPicture(inc, uris), resolutionPicture(full, uris), `step ${step}: file ${file} [${s}, ${t}) ← ${JSON.stringify(ins)}`);
  });
}

/** An index of one or two files (two page files of one thread) from texts. */
export function indexOf(texts: string[]): { index: WorkspaceIndex; uris: string[] } {
  const index = new WorkspaceIndex();
  const uris = texts.map((_, i) => `file:///ws/${TID}[t]/${TID}-${String(i + 1).padStart(2, '0')}[t].md`);
  texts.forEach((t, i) => index.set(uris[i], t, 1));
  return { index, uris };
}

