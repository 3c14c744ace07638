// The grammar on the repository's seeds (always present): the seed dump, the 2-file thread and
// the variant files. Line-level assertions on known lines, then a whole-file sweep of each file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allHave, describe as show, findLine, hasScope, listDumps, noneHave, tokenize, type Line } from './tokenize';
import { SEEDS } from '../helpers/paths';
import { sweep } from './sweep';

const L = '.forum-dump';
const SEED = path.join(SEEDS, '000_30f14379e19f2ff5.txt');

const cache = new Map<string, Promise<Line[]>>();
function load(file: string): Promise<Line[]> {
  let p = cache.get(file);
  if (!p) cache.set(file, (p = tokenize(fs.readFileSync(file, 'utf8'))));
  return p;
}

function variant(prefix: string): string {
  const dir = path.join(SEEDS, 'variants');
  const name = fs.readdirSync(dir).find((f) => f.startsWith(prefix));
  assert.ok(name, `seeds/variants/${prefix}* is missing`);
  return path.join(dir, name);
}

function has(lines: readonly Line[], where: RegExp | string, needle: string, scope: string, from = 0): void {
  const i = findLine(lines, where, from);
  const line = lines[i]!;
  assert.ok(allHave(line, needle, scope), `line ${i + 1}: expected ${scope} on ${JSON.stringify(needle)}, got:\n${show(line, needle)}`);
}

function lacks(lines: readonly Line[], where: RegExp | string, needle: string, scope: string, from = 0): void {
  const i = findLine(lines, where, from);
  const line = lines[i]!;
  assert.ok(noneHave(line, needle, scope), `line ${i + 1}: expected no ${scope} on ${JSON.stringify(needle)}, got:\n${show(line, needle)}`);
}

/** Some token of the file carries `scope` (and, if given, its text satisfies `text`). */
function anyToken(lines: readonly Line[], scope: string, text?: (s: string) => boolean): boolean {
  return lines.some((l) => l.tokens.some((t) => hasScope(t, scope) && (!text || text(t.text))));
}

test('seed: post structure of the first posts', async () => {
  const lines = await load(SEED);
  has(lines, /^\*{5}$/, '*****', `keyword.control.separator.post${L}`);
  has(lines, '####  i0ncube_R', 'i0ncube_R', `entity.name.type.author${L}`);
  has(lines, '##### 1#', '1', `constant.numeric.floor${L}`);
  has(lines, '##### 1#', '楼主', `keyword.other.op${L}`);
  has(lines, '##### 1#', '2025-1-31 08:59', `string.other.date${L}`);
  has(lines, '##### 6#', '6', `constant.numeric.floor${L}`);
  has(lines, '##### 6#', '2025-1-31 09:20', `string.other.date${L}`);
  lacks(lines, '##### 6#', '发表于', `keyword.other.op${L}`);
  lacks(lines, '新任商务部长Howard Lutnick', '新任商务部长', 'markup');
});

test('seed: quotes (findpost link header and plain header), quoted text, and the reply after them', async () => {
  const lines = await load(SEED);
  const q = '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=67317742';
  has(lines, q, '<blockquote>', `entity.name.tag.blockquote${L}`);
  has(lines, q, 'yangkaim4', `entity.name.type.author${L}`);
  has(lines, q, 'yangkaim4 发表于 2025-1-31 09:19', `meta.quote-header${L}`);
  has(lines, q, '2025-1-31 09:19', `string.other.date${L}`);
  has(lines, q, 'httphttps://bbs.saraba1st.com/2b/forum.php', `markup.underline.link.findpost${L}`);
  has(lines, q, '67317742', `constant.numeric.pid${L}`);
  const quoted = '限制模型蒸馏这种事也能限制的住？真是赢学入脑了。</blockquote>';
  has(lines, quoted, '限制模型蒸馏这种事也能限制的住？真是赢学入脑了。', `markup.quote${L}`);
  has(lines, quoted, '</blockquote>', `entity.name.tag.blockquote${L}`);
  lacks(lines, /^无非是$/, '无非是', `markup.quote${L}`);
  lacks(lines, /^无非是$/, '无非是', `meta.quote${L}`);
  has(lines, '<blockquote>sellboy 发表于 2025-1-31 09:20', 'sellboy', `entity.name.type.author${L}`);
  has(lines, '<blockquote>sellboy 发表于 2025-1-31 09:20', '2025-1-31 09:20', `string.other.date${L}`);
});

test('seed: smilies, signature', async () => {
  const lines = await load(SEED);
  has(lines, '这是收了华为多少钱啊', '<img src="https://static.saraba1st.com/image/smiley/face2017/046.png" referrerpolicy="no-referrer">', `comment.other.smiley${L}`);
  lacks(lines, '这是收了华为多少钱啊', '这是收了华为多少钱啊', 'comment');
  has(lines, /^—— 来自 \[鹅球\]/, '—— 来自 [鹅球](https://www.pgyer.com/GcUxKd4w) v3.3.96', `comment.line.signature${L}`);
  has(lines, /^—— 来自 \[鹅球\]/, 'https://www.pgyer.com/GcUxKd4w', `markup.underline.link${L}`);
});

test('seed thread 2243718: images, edit notes, links', async () => {
  const file = listDumps(SEEDS).find((f) => path.basename(f).startsWith('2243718-01'));
  assert.ok(file, 'seeds/2243718[…]/2243718-01[…].md is missing');
  const lines = await load(file);
  has(lines, '<img src="https://img.saraba1st.com/forum/202501/21/132334', 'https://img.saraba1st.com/forum/202501/21/132334ynyndvyv0mrfaf0n.png', `markup.underline.link.image${L}`);
  has(lines, '<img src="https://img.saraba1st.com/forum/202501/21/132334', '<img src="', `meta.image${L}`);
  const edit = findLine(lines, /本帖最后由 .* 于 .* 编辑/);
  assert.ok(allHave(lines[edit]!, '本帖最后由', `comment.line.edit-note${L}`), show(lines[edit]!, '本帖最后由'));
  assert.ok(anyToken(lines, `markup.underline.link${L}`));
});

test('variants: httphttp:// links, edit note, BOM first line', async () => {
  const lines = await load(variant('1317457-01'));
  const q = '<blockquote><a href="httphttp://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=33157239';
  has(lines, q, 'httphttp://bbs.saraba1st.com', `markup.underline.link.findpost${L}`);
  has(lines, q, 'http', `comment.other.doubled-scheme${L}`);
  has(lines, q, '33157239', `constant.numeric.pid${L}`);
  has(lines, q, 'wlz0320', `entity.name.type.author${L}`);
  has(lines, ' 本帖最后由 非禅君 于 2016-9-6 09:25 编辑 ', '本帖最后由 非禅君 于 2016-9-6 09:25 编辑', `comment.line.edit-note${L}`);
  has(lines, /^\*{5}$/, '*****', `keyword.control.separator.post${L}`);
});

test('variants: deleted user, poll', async () => {
  const lines = await load(variant('2044935-01'));
  has(lines, '####   Artless追随者 该用户已被删除', 'Artless追随者', `entity.name.type.author${L}`);
  has(lines, '####   Artless追随者 该用户已被删除', '该用户已被删除', `markup.deleted.deleted-user${L}`);
  has(lines, '<input name="formhash"', '<input name="formhash" type="hidden" value="66e5028a"/)', `comment.other.poll.formhash${L}`);
  has(lines, '<strong>多选投票</strong>', '多选投票', `keyword.other.poll${L}`);
  has(lines, /^1\.\s+传送门2$/, '1', `constant.numeric.poll-option${L}`);
});

test('variants: quote header with seconds, rating block', async () => {
  const lines = await load(variant('2116180-01'));
  has(lines, 'rin2th 发表于 2023-01-29 05:05:29', '2023-01-29 05:05:29', `string.other.date${L}`);
  has(lines, 'rin2th 发表于 2023-01-29 05:05:29', 'rin2th', `entity.name.type.author${L}`);
  has(lines, /^﹍﹍﹍$/, '﹍﹍﹍', `meta.rating${L}`);
  has(lines, '| skyfire|-1|', '-1', `markup.deleted.score${L}`);
  has(lines, /^查看全部评分$/, '查看全部评分', `meta.rating${L}`);
  const after = findLine(lines, /^查看全部评分$/);
  for (let i = after + 1; i < after + 6; i++) for (const t of lines[i]!.tokens) assert.ok(!hasScope(t, 'meta.rating'), `line ${i + 1} still in the rating block`);
});

test('variants: nested quotes', async () => {
  const lines = await load(variant('2163909-01'));
  const i = findLine(lines, '<blockquote><blockquote><a href=');
  const line = lines[i]!;
  assert.ok(allHave(line, 'whzfjd', `entity.name.type.author${L}`), show(line, 'whzfjd'));
  const inner = line.tokens.find((t) => t.text === 'whzfjd')!;
  assert.equal(inner.scopes.filter((s) => s === `meta.quote${L}`).length, 2, 'the header is inside two quotes');
});

test('variants: unbalanced quotes never spill into the next post', async () => {
  const lines = await load(variant('2055343-01'));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(\*{5}\s*$|####\s|#####\s)/.test(line.text)) {
      for (const t of line.tokens) assert.ok(!hasScope(t, 'meta.quote') && !hasScope(t, 'markup.quote'), `line ${i + 1} is inside a quote: ${line.text}`);
    }
  }
});

test('variants: anonymous thread starter', async () => {
  const lines = await load(variant('2176144-01'));
  has(lines, /^####\s+匿名\s*$/, '匿名', `entity.name.type.author.anonymous${L}`);
  has(lines, /^##### 1#/, '楼主', `keyword.other.op${L}`);
  has(lines, /^##### 1#/, '匿名', `entity.name.type.author.anonymous${L}`);
  has(lines, /^##### 1#/, '2024-3-19 14:23', `string.other.date${L}`);
});

test('variants: STAGE1 app quotes (引用第N楼)', async () => {
  const lines = await load(variant('2195255-01'));
  const w = /^<blockquote>引用第34楼fsdragontree于2024-08-16 07:21发表的\s+:$/; // NBSPs before the colon
  has(lines, w, '引用第34楼fsdragontree于2024-08-16 07:21发表的', `meta.quote-header.app${L}`);
  has(lines, w, '34', `constant.numeric.floor${L}`);
  has(lines, w, 'fsdragontree', `entity.name.type.author${L}`);
  has(lines, w, '2024-08-16 07:21', `string.other.date${L}`);
});

test('variants: "*****" inside a post body', async () => {
  const lines = await load(variant('2261448-01'));
  has(lines, '<strong>绛珠之梦', '绛珠之梦', `markup.bold${L}`);
  // the copied thread's headers were flattened into <strong> lines; its quotes still get headers
  has(lines, '<blockquote>节艾司 发表于 2022-12-31 12:12', '节艾司', `entity.name.type.author${L}`);
  has(lines, '<blockquote>节艾司 发表于 2022-12-31 12:12', '</strong>', `punctuation.definition.tag${L}`);
});

for (const file of listDumps(SEEDS)) {
  test(`sweep: ${path.relative(SEEDS, file)}`, async () => {
    const lines = await load(file);
    const { counts, problems } = sweep(lines);
    assert.deepEqual(problems, []);
    assert.ok((counts['floor'] ?? 0) > 0 && counts['floor'] === counts['author'], `posts: ${JSON.stringify(counts)}`);
  });
}
