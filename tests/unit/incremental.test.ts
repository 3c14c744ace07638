// Incremental updates: after any edit, the document equals a full parse of the edited text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DumpDocument } from '../../server/src/model';
import { prng } from '../../bench/generate';
import { read, SEED, VARIANTS } from '../helpers/paths';
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
