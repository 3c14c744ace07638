// language-configuration.json: brackets for <blockquote>, and folding markers that fold each post
// (from its author line through the next "*****" separator). Also checks package.json's grammar
// contribution once it exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SEEDS } from '../helpers/paths';
import { splitLines } from './tokenize';

interface LanguageConfiguration {
  brackets?: Array<[string, string]>;
  folding?: { markers?: { start: string; end: string } };
}

const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8')) as LanguageConfiguration;

test('brackets: <blockquote> … </blockquote>', () => {
  assert.deepEqual(config.brackets, [['<blockquote>', '</blockquote>']]);
});

/** VS Code's marker folding (indentRangeProvider.computeRanges), reduced to markers only. */
function markerRanges(lines: readonly string[], start: RegExp, end: RegExp): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const pendingEnds: number[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i]!;
    if (start.test(text)) {
      const e = pendingEnds.pop();
      if (e !== undefined) ranges.unshift([i, e]);
    } else if (end.test(text)) {
      pendingEnds.push(i);
    }
  }
  return ranges;
}

test('folding markers fold every post from its author line to the next separator', () => {
  const m = config.folding?.markers;
  assert.ok(m, 'folding.markers is missing');
  const start = new RegExp(m.start);
  const end = new RegExp(m.end);
  const lines = splitLines(fs.readFileSync(path.join(SEEDS, '000_30f14379e19f2ff5.txt'), 'utf8'));
  const authors = lines.flatMap((l, i) => (/^####  \S/.test(l) ? [i] : []));
  const ranges = markerRanges(lines, start, end);
  // every post but the last (no separator after it) folds, starting on its author line
  assert.equal(ranges.length, authors.length - 1);
  for (const [s, e] of ranges) {
    assert.ok(authors.includes(s), `fold starts on line ${s + 1}: ${lines[s]}`);
    assert.match(lines[e]!, /^\*{5}\s*$/);
    assert.ok(!lines.slice(s + 1, e).some((l) => /^####  \S/.test(l)), `fold ${s + 1}-${e + 1} spans two posts`);
  }
  // variants of the marker lines
  assert.ok(start.test('####   匿名') && start.test('####  name') && !start.test('#### **heading**') && !start.test('##### 1#       发表于 2025-1-1 00:00'));
  assert.ok(end.test('*****') && end.test('\uFEFF*****') && end.test('*****\r') && !end.test('******') && !end.test('**** 作者被禁止或删除 内容自动屏蔽 ****'));
});

test('package.json: grammar and language configuration contributions (once added)', (t) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: {
      grammars?: Array<{ language?: string; scopeName?: string; path?: string }>;
      languages?: Array<{ id?: string; configuration?: string }>;
    };
  };
  const grammar = pkg.contributes?.grammars?.find((g) => g.scopeName === 'text.forum-dump');
  if (!grammar) {
    t.skip('package.json does not contribute the grammar yet');
    return;
  }
  assert.equal(grammar.language, 'forum-dump');
  assert.equal(path.normalize(grammar.path ?? ''), path.normalize('./syntaxes/forum-dump.tmLanguage.json'));
  assert.ok(fs.existsSync(path.join(ROOT, grammar.path!)));
  const lang = pkg.contributes?.languages?.find((l) => l.id === 'forum-dump');
  assert.ok(lang, 'no forum-dump language');
  assert.equal(path.normalize(lang.configuration ?? ''), path.normalize('./language-configuration.json'));
});
