// Incremental updates: after any edit, the document equals a full parse of the edited text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DumpDocument } from '../../server/src/model';
import { prng } from '../helpers/prng';
import { read, SEED, THREAD_DIR, VARIANTS } from '../helpers/paths';
import { snapshot } from '../helpers/snapshot';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Snippets an editor session might type or paste, including ones that make or break structure. */
const SNIPPETS = [
  'x',
  '\n',
  '好',
  '😀',
  '*****',
  '\n*****\n\n####  newbie  \n##### 7#       发表于 2025-1-31 09:40\n\nhello\n',
  '####  a  \n##### 3#       发表于 2025-1-31 09:41\n',
  '<blockquote>',
  '</blockquote>',
  '<blockquote>sellboy 发表于 2025-1-31 09:20\n',
  '\r\n',
  '##### ',
  '#',
  ' 发表于 ',
  '',
];

function check(text: string, seed: number, steps: number): void {
  const rand = prng(seed);
  const doc = new DumpDocument(text);
  // Touch every lazy part first, so cached values must survive the edits correctly.
  snapshot(doc);
  let cur = text;
  for (let i = 0; i < steps; i++) {
    const s = Math.floor(rand() * (cur.length + 1));
    const len = rand() < 0.5 ? 0 : Math.floor(rand() * rand() * 200);
    const e = Math.min(cur.length, s + len);
    const ins = SNIPPETS[Math.floor(rand() * SNIPPETS.length)];
    cur = cur.slice(0, s) + ins + cur.slice(e);
    doc.update(s, e, ins);
    if (i % 5 === 4 || i === steps - 1) {
      assert.equal(doc.text, cur);
      assert.deepEqual(snapshot(doc), snapshot(new DumpDocument(cur)), `seed ${seed}, step ${i}: replace [${s}, ${e}) with ${JSON.stringify(ins)}`);
    }
  }
}

describe('incremental update', () => {
  it('equals a full parse after random edits of the seed', () => {
    for (let seed = 1; seed <= 12; seed++) check(read(SEED), seed, 40);
  });

  it('equals a full parse after random edits of the odd variants', () => {
    const files = fs.readdirSync(VARIANTS).map((f) => path.join(VARIANTS, f));
    files.forEach((f, i) => check(read(f), 100 + i, 25));
  });

  it('equals a full parse after random edits of a page file with repeated floors', () => {
    const page = fs.readdirSync(THREAD_DIR).sort()[0];
    check(read(path.join(THREAD_DIR, page)), 300, 30);
  });

  it('re-scans only the posts around the edit', () => {
    const doc = new DumpDocument(read(SEED));
    const before = doc.posts.slice();
    const at = doc.posts[50].body.start + 2;
    const edit = doc.update(at, at, '字');
    assert.ok(edit.removedPosts.length <= 3 && edit.addedPosts.length === edit.removedPosts.length, `${edit.removedPosts.length} posts re-scanned`);
    assert.equal(doc.posts[10], before[10], 'posts before the edit are the same objects');
    assert.equal(doc.posts[80], before[80], 'posts after the edit are the same objects, moved');
    assert.equal(doc.posts[80].span.start, (before[80].span.start as number));
  });
});

describe('incremental resolution', () => {
  /** Every quote's outcome, as plain data, in thread order. */
  const picture = (idx: import('../../server/src/workspace').WorkspaceIndex, uris: string[]) =>
    uris.map((u) => {
      const f = idx.get(u)!;
      const r = idx.resolution(u)!;
      return f.doc.quotes.map((q) => {
        const x = r.of(q);
        return x && { status: x.status, how: x.how, target: x.target && [x.target.file.uri, x.target.post.index], n: x.candidates.length, mismatch: !!x.mismatch, conflict: !!x.pidConflict, offset: x.offsetHours };
      });
    });

  it('equals a full resolution after random edits of a two-file thread', async () => {
    const { WorkspaceIndex } = await import('../../server/src/workspace');
    const { mdFiles, THREAD_DIR } = await import('../helpers/paths');
    const paths = mdFiles(THREAD_DIR);
    const uris = paths.map((p) => 'file://' + p);
    const texts = paths.map((p) => read(p));
    const rand = prng(7);
    const inc = new WorkspaceIndex();
    uris.forEach((u, i) => inc.set(u, texts[i], 1));
    inc.resolution(uris[0]);
    for (let step = 0; step < 30; step++) {
      const which = rand() < 0.5 ? 0 : 1;
      const cur = texts[which];
      // Edits that change what quotes resolve to: a post's minute, its author, a quote's header.
      const kind = rand();
      let s: number;
      let e: number;
      let ins: string;
      if (kind < 0.4) {
        const m = [...cur.matchAll(/发表于 \d{4}-\d{1,2}-\d{1,2} \d{2}:(\d)/g)];
        const hit = m[Math.floor(rand() * m.length)];
        s = hit.index! + hit[0].length - 1;
        e = s + 1;
        ins = String(Math.floor(rand() * 10));
      } else if (kind < 0.6) {
        const m = [...cur.matchAll(/^####  (\S+)/gm)];
        const hit = m[Math.floor(rand() * m.length)];
        s = hit.index! + 6;
        e = s + hit[1].length;
        ins = m[Math.floor(rand() * m.length)][1];
      } else {
        s = Math.floor(rand() * cur.length);
        e = Math.min(cur.length, s + Math.floor(rand() * 300));
        ins = SNIPPETS[Math.floor(rand() * SNIPPETS.length)];
      }
      texts[which] = cur.slice(0, s) + ins + cur.slice(e);
      inc.update(uris[which], [{ start: s, end: e, text: ins }], step + 2);
      const full = new WorkspaceIndex();
      uris.forEach((u, i) => full.set(u, texts[i], 1));
      assert.deepEqual(picture(inc, uris), picture(full, uris), `step ${step}`);
    }
  });
});

describe('incremental thread membership', () => {
  it('adding and removing page files equals resolving the thread afresh', async () => {
    const { WorkspaceIndex } = await import('../../server/src/workspace');
    const { mdFiles, THREAD_DIR } = await import('../helpers/paths');
    const paths = mdFiles(THREAD_DIR);
    const uris = paths.map((p) => 'file://' + p);
    const texts = paths.map((p) => read(p));
    const outline = (idx: InstanceType<typeof WorkspaceIndex>, present: number[]) =>
      present.map((i) => {
        const f = idx.get(uris[i])!;
        const r = idx.resolution(uris[i])!;
        return f.doc.quotes.map((q) => {
          const x = r.of(q);
          return x && [x.status, x.how, x.target && [x.target.file.uri, x.target.post.index], x.candidates.length, !!x.mismatch, !!x.pidConflict];
        });
      });
    const fresh = (present: number[]) => {
      const idx = new WorkspaceIndex();
      for (const i of present) idx.set(uris[i], texts[i]);
      return outline(idx, present);
    };
    const inc = new WorkspaceIndex();
    // Page 2 alone (quotes into page 1 are outside), then page 1 arrives, then goes, then returns.
    inc.set(uris[1], texts[1], 1);
    assert.deepEqual(outline(inc, [1]), fresh([1]));
    inc.set(uris[0], texts[0]);
    assert.deepEqual(outline(inc, [0, 1]), fresh([0, 1]));
    inc.remove(uris[0]);
    assert.deepEqual(outline(inc, [1]), fresh([1]));
    inc.set(uris[0], texts[0]);
    inc.set(uris[0], texts[0].replace(/发表于 2025-1-2(\d) /g, '发表于 2025-1-2$1 '));
    assert.deepEqual(outline(inc, [0, 1]), fresh([0, 1]));
  });
});
