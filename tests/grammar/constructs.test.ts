// The TextMate grammar on small hand-written dumps: one test per construct of format.md, plus
// the robustness cases (unbalanced quotes, CRLF, BOM, NBSP, leaked tags, very long lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vsctm from 'vscode-textmate';
import {
  allHave,
  describe as show,
  findLine,
  loadGrammar,
  noneHave,
  quoteMismatches,
  tokenize,
  tokenizeLines,
  type Line,
} from './tokenize';

const L = '.forum-dump';
const NBSP = '\u00a0';

/** Asserts that every token over `needle` (in the first line matching `where`) has `scope`. */
function has(lines: readonly Line[], where: RegExp | string, needle: string, scope: string): void {
  const line = lines[findLine(lines, where)]!;
  assert.ok(allHave(line, needle, scope), `expected ${scope} on ${JSON.stringify(needle)}, got:\n${show(line, needle)}`);
}

function lacks(lines: readonly Line[], where: RegExp | string, needle: string, scope: string): void {
  const line = lines[findLine(lines, where)]!;
  assert.ok(noneHave(line, needle, scope), `expected no ${scope} on ${JSON.stringify(needle)}, got:\n${show(line, needle)}`);
}

function post(author: string, floorLine: string, ...body: string[]): string {
  return ['', '*****', '', `####  ${author}  `, floorLine, '', ...body, ''].join('\n');
}

test('post separator, author line, floor number, OP mark, date', async () => {
  const lines = await tokenize(
    post('i0ncube_R', '##### 1#       楼主       发表于 2025-1-31 08:59', '正文') +
      post('sellboy', '##### 12#       发表于 2025-1-31 09:20', '回复'),
  );
  has(lines, /^\*{5}$/, '*****', `keyword.control.separator.post${L}`);
  has(lines, /^\*{5}$/, '*****', `meta.separator.post${L}`);
  has(lines, '####  i0ncube_R', '####', `markup.heading.author${L}`);
  has(lines, '####  i0ncube_R', '####', `punctuation.definition.heading${L}`);
  has(lines, '####  i0ncube_R', 'i0ncube_R', `entity.name.type.author${L}`);
  has(lines, '##### 1#', '1', `constant.numeric.floor${L}`);
  has(lines, '##### 1#', '#####', `markup.heading.floor${L}`);
  has(lines, '##### 1#', '楼主', `keyword.other.op${L}`);
  has(lines, '##### 1#', '发表于', `keyword.operator.posted-at${L}`);
  has(lines, '##### 1#', '2025-1-31 08:59', `string.other.date${L}`);
  has(lines, '##### 12#', '12', `constant.numeric.floor${L}`);
  has(lines, '##### 12#', '2025-1-31 09:20', `string.other.date${L}`);
  lacks(lines, '##### 12#', '发表于', `keyword.other.op${L}`);
  // body text is plain
  const body = lines[findLine(lines, '正文')]!;
  assert.deepEqual(body.tokens.map((t) => t.scopes), [['text.forum-dump']]);
});

test('floor-line variants: "楼主|" after NBSP, anonymous, anonymous OP, no NBSP', async () => {
  const lines = await tokenize(
    [
      `##### 7#        ${NBSP}楼主| 发表于 2022-3-1 16:02`,
      `##### 8#        匿名${NBSP}  发表于 2024-3-19 14:25`,
      `##### 1#       楼主        匿名${NBSP}  发表于 2024-3-19 14:23`,
      '##### 9#         楼主| 发表于 2022-3-1 16:05',
    ].join('\n'),
  );
  has(lines, '##### 7#', '7', `constant.numeric.floor${L}`);
  has(lines, '##### 7#', '楼主', `keyword.other.op${L}`);
  has(lines, '##### 7#', '|', `punctuation.separator.op${L}`);
  has(lines, '##### 7#', '2022-3-1 16:02', `string.other.date${L}`);
  has(lines, '##### 8#', '匿名', `entity.name.type.author.anonymous${L}`);
  has(lines, '##### 8#', '2024-3-19 14:25', `string.other.date${L}`);
  has(lines, '##### 1#', '楼主', `keyword.other.op${L}`);
  has(lines, '##### 1#', '匿名', `entity.name.type.author.anonymous${L}`);
  has(lines, '##### 9#', '楼主', `keyword.other.op${L}`);
  has(lines, '##### 9#', '2022-3-1 16:05', `string.other.date${L}`);
});

test('author-line variants: anonymous, deleted user, no trailing spaces, leading space, spaces in name', async () => {
  const lines = await tokenize(
    ['####   匿名', '####   Artless追随者 该用户已被删除 ', '####  oldname', '####   Ra1nMaker  ', '####  Mr Blue Sky  '].join('\n'),
  );
  has(lines, '####   匿名', '匿名', `entity.name.type.author.anonymous${L}`);
  has(lines, 'Artless', 'Artless追随者', `entity.name.type.author${L}`);
  has(lines, 'Artless', '该用户已被删除', `markup.deleted.deleted-user${L}`);
  lacks(lines, 'Artless', '该用户已被删除', `entity.name.type.author${L}`);
  has(lines, 'oldname', 'oldname', `entity.name.type.author${L}`);
  has(lines, 'Ra1nMaker', 'Ra1nMaker', `entity.name.type.author${L}`);
  has(lines, 'Mr Blue Sky', 'Mr Blue Sky', `entity.name.type.author${L}`);
  // a markdown heading inside a body ("#### " + one space) is not an author line
  const body = await tokenize('#### **I. Thesis**');
  lacks(body, 'Thesis', '**I. Thesis**', `entity.name.type.author${L}`);
});

test('quote with a findpost link header: tag, header, author, date, link, pid, quoted text; text after it is not quoted', async () => {
  const text = post(
    'sellboy',
    '##### 6#       发表于 2025-1-31 09:20',
    '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=67317742&amp;ptid=2244747" target="_blank">yangkaim4 发表于 2025-1-31 09:19</a>',
    '',
    '限制模型蒸馏这种事也能限制的住？</blockquote>回复在同一行',
    '回复在下一行',
  );
  const lines = await tokenize(text);
  const hdr = '<blockquote><a href';
  has(lines, hdr, '<blockquote>', `entity.name.tag.blockquote${L}`);
  has(lines, hdr, '<blockquote>', `meta.quote${L}`);
  has(lines, hdr, 'yangkaim4', `meta.quote-header${L}`);
  has(lines, hdr, 'yangkaim4', `entity.name.type.author${L}`);
  has(lines, hdr, '2025-1-31 09:19', `string.other.date${L}`);
  has(lines, hdr, '发表于', `keyword.operator.posted-at${L}`);
  has(lines, hdr, 'httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect', `markup.underline.link.findpost${L}`);
  has(lines, hdr, '67317742', `constant.numeric.pid${L}`);
  has(lines, hdr, '2244747', `constant.numeric.tid${L}`);
  has(lines, hdr, '<a href="', `punctuation.definition.tag${L}`);
  has(lines, '限制模型', '限制模型蒸馏这种事也能限制的住？', `markup.quote${L}`);
  has(lines, '限制模型', '</blockquote>', `entity.name.tag.blockquote${L}`);
  lacks(lines, '限制模型', '</blockquote>', `markup.quote${L}`);
  lacks(lines, '限制模型', '回复在同一行', `markup.quote${L}`);
  lacks(lines, '限制模型', '回复在同一行', `meta.quote${L}`);
  lacks(lines, '回复在下一行', '回复在下一行', `markup.quote${L}`);
  assert.deepEqual(quoteMismatches(lines), []);
});

test('quote header forms: plain, with seconds, leading space, STAGE1 app 引用第N楼, viewthread link, httphttp://', async () => {
  const lines = await tokenize(
    [
      '<blockquote>sellboy 发表于 2025-1-31 09:20',
      '印度确实</blockquote>',
      '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=59524535&amp;ptid=2116180" target="_blank">rin2th 发表于 2023-01-29 05:05:29</a>',
      'x</blockquote>',
      '<blockquote><a href="httphttps://stage1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1&amp;ptid=2" target="_blank"> spaced 发表于 2023-1-2 05:05</a>',
      'x</blockquote>',
      '<blockquote>引用第81楼DMMAX于2016-12-03 13:55发表的  :',
      'y</blockquote>',
      '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=viewthread&amp;tid=2015688&amp;page=3#pid51234567" target="_blank">vt 发表于 2022-1-2 03:04</a>',
      'z</blockquote>',
      '<blockquote><a href="httphttp://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=33157239&amp;ptid=1317457" target="_blank">wlz0320 发表于 2016-8-3 17:48</a>',
      'w</blockquote>',
    ].join('\n'),
  );
  has(lines, 'sellboy', 'sellboy', `entity.name.type.author${L}`);
  has(lines, 'sellboy', 'sellboy 发表于 2025-1-31 09:20', `meta.quote-header${L}`);
  has(lines, 'sellboy', '2025-1-31 09:20', `string.other.date${L}`);
  has(lines, 'rin2th', 'rin2th', `entity.name.type.author${L}`);
  has(lines, 'rin2th', '2023-01-29 05:05:29', `string.other.date${L}`);
  has(lines, 'spaced', 'spaced', `entity.name.type.author${L}`);
  has(lines, '引用第81楼', '引用第81楼DMMAX于2016-12-03 13:55发表的  :', `meta.quote-header.app${L}`);
  has(lines, '引用第81楼', '81', `constant.numeric.floor${L}`);
  has(lines, '引用第81楼', 'DMMAX', `entity.name.type.author${L}`);
  has(lines, '引用第81楼', '2016-12-03 13:55', `string.other.date${L}`);
  has(lines, 'viewthread', '51234567', `constant.numeric.pid${L}`);
  has(lines, 'viewthread', 'vt', `entity.name.type.author${L}`);
  has(lines, 'wlz0320', 'httphttp://bbs.saraba1st.com', `markup.underline.link.findpost${L}`);
  has(lines, 'wlz0320', '33157239', `constant.numeric.pid${L}`);
  has(lines, 'wlz0320', 'wlz0320', `entity.name.type.author${L}`);
  for (const q of ['印度确实', 'x</blockquote>', 'y</blockquote>', 'z</blockquote>', 'w</blockquote>']) {
    const t = q.replace('</blockquote>', '');
    has(lines, q, t, `markup.quote${L}`);
  }
});

test('nested quotes: inner header scoped, text between the two closing tags still quoted, reply not quoted', async () => {
  const lines = await tokenize(
    post(
      'a',
      '##### 3#       发表于 2023-12-12 23:55',
      '<blockquote><blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=63310235&amp;ptid=2163909" target="_blank">whzfjd 发表于 2023-12-12 23:52</a>',
      '内层</blockquote>外层</blockquote>回复',
    ),
  );
  has(lines, 'whzfjd', 'whzfjd', `entity.name.type.author${L}`);
  has(lines, 'whzfjd', 'whzfjd', `meta.quote-header${L}`);
  has(lines, '内层', '内层', `markup.quote${L}`);
  has(lines, '内层', '外层', `markup.quote${L}`);
  lacks(lines, '内层', '回复', `markup.quote${L}`);
  assert.deepEqual(quoteMismatches(lines), []);
});

test('unbalanced quotes: a missing </blockquote> stops at the next post; a stray one is flagged', async () => {
  const text =
    post('a', '##### 2#       发表于 2022-3-1 15:50', '<blockquote>b 发表于 2022-3-1 15:44', '没有闭合的引用', '回复') +
    post('c', '##### 3#       发表于 2022-3-1 15:51', '下一楼的正文', '多余的</blockquote>尾巴');
  const lines = await tokenize(text);
  has(lines, '没有闭合的引用', '没有闭合的引用', `markup.quote${L}`);
  // the next separator, author line, floor line and body are out of the quote
  const sep = findLine(lines, /^\*{5}$/, findLine(lines, '没有闭合的引用'));
  for (let i = sep; i < lines.length; i++) {
    for (const t of lines[i]!.tokens) {
      assert.ok(!t.scopes.some((s) => s.startsWith('meta.quote') || s.startsWith('markup.quote')), `line ${i + 1} still quoted: ${lines[i]!.text}`);
    }
  }
  has(lines, '####  c', 'c', `entity.name.type.author${L}`);
  has(lines, '##### 3#', '3', `constant.numeric.floor${L}`);
  has(lines, '多余的', '</blockquote>', `invalid.illegal.unbalanced-quote-end${L}`);
  lacks(lines, '多余的', '尾巴', `markup.quote${L}`);
  assert.deepEqual(quoteMismatches(lines), []);
});

test('a quote left open never outlives its post, even without a separator line (next author line ends it)', async () => {
  const lines = await tokenize(['<blockquote>x 发表于 2022-1-1 10:00', '引文', '####  next  ', '##### 5#       发表于 2022-1-1 10:01', '正文'].join('\n'));
  has(lines, '引文', '引文', `markup.quote${L}`);
  has(lines, '####  next', 'next', `entity.name.type.author${L}`);
  lacks(lines, '正文', '正文', `markup.quote${L}`);
});

test('links: markdown, bare, doubled scheme, <a href>, image-links', async () => {
  const lines = await tokenize(
    [
      '看[这个回帖](https://bbs.saraba1st.com/2b/forum.php?mod=viewthread&amp;tid=2099491&amp;page=2#pid57904754)里',
      '原文 https://www.bilibili.com/video/BV1xx411c7mD 结束',
      '老链接 httphttps://bbs.saraba1st.com/2b/thread-1-1-1.html',
      '[<img src="https://i.imgur.com/a.png" referrerpolicy="no-referrer">](https://i.imgur.com/a.png)',
      '[维基](https://en.wikipedia.org/wiki/Foo_(bar))',
    ].join('\n'),
  );
  has(lines, '这个回帖', '这个回帖', `string.other.link.title${L}`);
  has(lines, '这个回帖', 'https://bbs.saraba1st.com/2b/forum.php?mod=viewthread', `markup.underline.link${L}`);
  has(lines, '这个回帖', '57904754', `constant.numeric.pid${L}`);
  lacks(lines, '这个回帖', '里', `markup.underline.link${L}`);
  has(lines, 'bilibili', 'https://www.bilibili.com/video/BV1xx411c7mD', `markup.underline.link${L}`);
  lacks(lines, 'bilibili', '结束', `markup.underline.link${L}`);
  has(lines, '老链接', 'httphttps://bbs.saraba1st.com/2b/thread-1-1-1.html', `markup.underline.link${L}`);
  has(lines, '老链接', 'http', `comment.other.doubled-scheme${L}`);
  lacks(lines, '老链接', 'https://bbs', `comment.other.doubled-scheme${L}`);
  has(lines, 'i.imgur.com', '](https://i.imgur.com/a.png)', `meta.link.inline${L}`);
  has(lines, '维基', 'https://en.wikipedia.org/wiki/Foo_(bar)', `markup.underline.link${L}`);
});

test('images and smilies are their own, quieter scopes; leaked <img …"/) tags end where they should', async () => {
  const lines = await tokenize(
    [
      '笑<img src="https://static.saraba1st.com/image/smiley/face2017/046.png" referrerpolicy="no-referrer">死',
      '<img src="https://static.stage1st.com/image/smiley/face2017/002.png" referrerpolicy="no-referrer">',
      '图<img src="https://img.saraba1st.com/forum/202312/19/213850akp2vvqtbb2zvb3x.png" referrerpolicy="no-referrer">后',
      '上个星期<img src="https://imgtu.com/i/q7TfqH" id="aimg_Y43Z3" lazyloadthumb="1" onclick="zoom(this, this.src, 0, 0, 0)" onmouseover="img_onmouseoverfunc(this)"/)<img src="https://s1.ax1x.com/2022/04/03/q7TfqH.png" referrerpolicy="no-referrer">画风',
      '<blockquote>a 发表于 2022-1-1 10:00',
      '引<img src="https://x.org/a.jpg" id="aimg_1" onclick="zoom(this)"</blockquote>回复',
    ].join('\n'),
  );
  has(lines, 'face2017/046', '<img src="https://static.saraba1st.com/image/smiley/face2017/046.png" referrerpolicy="no-referrer">', `comment.other.smiley${L}`);
  has(lines, 'face2017/046', '<img', `meta.image.smiley${L}`);
  lacks(lines, 'face2017/046', '死', 'comment');
  has(lines, 'static.stage1st.com', 'static.stage1st.com', `comment.other.smiley${L}`);
  has(lines, '图<img', 'https://img.saraba1st.com/forum/202312/19/213850akp2vvqtbb2zvb3x.png', `markup.underline.link.image${L}`);
  has(lines, '图<img', '<img src="', `meta.image${L}`);
  lacks(lines, '图<img', '<img src="https://img', `meta.image.smiley${L}`);
  lacks(lines, '图<img', '后', `meta.image${L}`);
  const leaked = '上个星期';
  has(lines, leaked, 'onmouseover="img_onmouseoverfunc(this)"/)', `meta.image${L}`);
  has(lines, leaked, 'https://s1.ax1x.com/2022/04/03/q7TfqH.png', `markup.underline.link.image${L}`);
  lacks(lines, leaked, '画风', `meta.image${L}`);
  // a leaked tag inside a quote does not swallow the </blockquote>
  has(lines, '引<img', '</blockquote>', `entity.name.tag.blockquote${L}`);
  lacks(lines, '引<img', '回复', `markup.quote${L}`);
});

test('client signatures, every variant', async () => {
  const sigs = [
    '—— 来自 [鹅球](https://www.pgyer.com/GcUxKd4w) v3.3.96',
    '—— 来自 Xiaomi M2012K11AC, Android 13上的 [S1Next-鹅版](https://github.com/ykrank/S1-Next/releases) v2.5.4',
    '[  -- 来自 能搜索的 Stage1官方 Android客户端](https://www.coolapk.com/apk/140634)',
    '[论坛助手,iPhone](https://bbs.saraba1st.com/2b/forum.php?mod=viewthread&amp;tid=2029836)',
    '----发送自 [STAGE1 App for Android.](http://stage1.5j4m.com/?1.44)',
    '— from [S1 Next Goose](https://www.pgyer.com/GcUxKd4w) v3.3.96',
    '——发送自[S1 Pluto 1.2](https://example.org/pluto)',
    ' -- 傲娇地来自 Stage1未知客户端',
    '—— 来自 S1Fun',
  ];
  const lines = await tokenize(sigs.join('\n') + '\n跟111有啥关系来自: iPhone客户端');
  for (const s of sigs) has(lines, s, s.trim(), `comment.line.signature${L}`);
  has(lines, '鹅球', 'https://www.pgyer.com/GcUxKd4w', `markup.underline.link${L}`);
  has(lines, 'STAGE1 App', 'http://stage1.5j4m.com/?1.44', `markup.underline.link${L}`);
  has(lines, '论坛助手', 'https://bbs.saraba1st.com/2b/forum.php', `markup.underline.link${L}`);
  has(lines, 'Stage1官方 Android客户端', 'https://www.coolapk.com/apk/140634', `markup.underline.link${L}`);
  has(lines, 'iPhone客户端', '来自: iPhone客户端', `comment.line.signature${L}`);
  lacks(lines, 'iPhone客户端', '跟111有啥关系', `comment.line.signature${L}`);
  // inside a quote the flattened signature stops at </blockquote>
  const q = await tokenize('<blockquote>a 发表于 2022-1-1 10:00\n—— 来自 SNFun ...</blockquote>回复');
  has(q, '回复', '—— 来自 SNFun ...', `comment.line.signature${L}`);
  has(q, '回复', '</blockquote>', `entity.name.tag.blockquote${L}`);
  lacks(q, '回复', '回复', `markup.quote${L}`);
});

test('edit notes, moderator actions, blocked/hidden notices', async () => {
  const lines = await tokenize(
    [
      ' 本帖最后由 非禅君 于 2016-9-6 09:25 编辑 ',
      ' *本主题由 活久见 于 2022-3-30 07:24 设置高亮* ',
      '提示: 作者被禁止或删除 内容自动屏蔽',
      '提示: 该帖被管理员或版主屏蔽',
      '**** 作者被禁止或删除 内容自动屏蔽 ****',
      'Bondrewd，本帖隐藏的内容需要积分高于 2147483648 才可浏览，您当前积分为 162990',
    ].join('\n'),
  );
  has(lines, '本帖最后由', '本帖最后由 非禅君 于 2016-9-6 09:25 编辑', `comment.line.edit-note${L}`);
  has(lines, '本帖最后由', '非禅君', `entity.name.type.author${L}`);
  has(lines, '本帖最后由', '2016-9-6 09:25', `string.other.date${L}`);
  has(lines, '本主题由', '*本主题由 活久见 于 2022-3-30 07:24 设置高亮*', `comment.line.moderation${L}`);
  has(lines, '本主题由', '活久见', `entity.name.type.author${L}`);
  has(lines, '本主题由', '2022-3-30 07:24', `string.other.date${L}`);
  has(lines, '作者被禁止或删除', '提示: 作者被禁止或删除 内容自动屏蔽', `markup.deleted.notice.blocked${L}`);
  has(lines, '该帖被管理员', '提示: 该帖被管理员或版主屏蔽', `markup.deleted.notice.blocked${L}`);
  has(lines, '****', '**** 作者被禁止或删除 内容自动屏蔽 ****', `markup.deleted.notice.blocked${L}`);
  lacks(lines, '****', '****', `markup.bold${L}`);
  has(lines, '本帖隐藏', '本帖隐藏的内容需要积分高于 2147483648 才可浏览，您当前积分为 162990', `markup.deleted.notice.hidden${L}`);
});

test('attachments, ratings, polls, flattened code', async () => {
  const lines = await tokenize(
    [
      '<strong>20231219213825.png</strong> (4.01 KB, 下载次数: 0)',
      '',
      '下载附件',
      '',
      '2023-12-19 21:38 上传',
      '',
      '﹍﹍﹍',
      '',
      '评分',
      '',
      ' 参与人数 2战斗力 -2',
      '',
      '|昵称|战斗力|理由|',
      '|----|---|---|',
      '| skyfire|-1|处男黄漫看多了？|',
      '| Rayqua| + 1|欢乐多|',
      '',
      '查看全部评分',
      '',
      '评分之后的正文',
      'var max_obj = 3;',
      '<input name="formhash" type="hidden" value="66e5028a"/)',
      '<strong>多选投票</strong>: ( 最多可选 3 项 ) , 投票后结果可见, 共有 700 人参与投票',
      '<strong>投票已经结束</strong>',
      '1.  传送门2',
      '5.13% (86)',
      '&gt; bgm_inst_shtstr.acb.unity3d &gt; bgm_inst_thanky.acb.unity3d复制代码',
      '可以打开文件，将内容替换为 always = yes复制代码这样可以保持',
    ].join('\n'),
  );
  has(lines, '20231219213825', '20231219213825.png', `markup.bold.attachment${L}`);
  has(lines, '20231219213825', '(4.01 KB, 下载次数: 0)', `comment.line.attachment${L}`);
  has(lines, '20231219213825', '<strong>', `meta.attachment${L}`);
  has(lines, /^下载附件$/, '下载附件', `comment.line.attachment${L}`);
  has(lines, '上传', '2023-12-19 21:38 上传', `comment.line.attachment${L}`);
  has(lines, '上传', '2023-12-19 21:38', `string.other.date${L}`);
  for (const r of ['﹍﹍﹍', '评分', '参与人数 2战斗力', '|昵称|战斗力|理由|', '| skyfire|', '查看全部评分']) has(lines, r, r, `meta.rating${L}`);
  has(lines, '参与人数', '-2', `markup.deleted.score${L}`);
  has(lines, 'skyfire', '-1', `markup.deleted.score${L}`);
  has(lines, 'Rayqua', '+ 1', `markup.inserted.score${L}`);
  lacks(lines, '评分之后的正文', '评分之后的正文', `meta.rating${L}`);
  has(lines, 'var max_obj', 'var max_obj = 3;', `comment.other.poll.script${L}`);
  has(lines, 'formhash', '<input name="formhash" type="hidden" value="66e5028a"/)', `comment.other.poll.formhash${L}`);
  has(lines, '多选投票', '多选投票', `keyword.other.poll${L}`);
  has(lines, '多选投票', '<strong>', `meta.poll${L}`);
  has(lines, '投票已经结束', '投票已经结束', `keyword.other.poll${L}`);
  has(lines, '传送门2', '1', `constant.numeric.poll-option${L}`);
  has(lines, '5.13%', '5.13%', `constant.numeric.percentage${L}`);
  has(lines, '5.13%', '86', `constant.numeric.votes${L}`);
  has(lines, 'bgm_inst', '&gt; bgm_inst_shtstr.acb.unity3d &gt; bgm_inst_thanky.acb.unity3d', `markup.inline.raw.code${L}`);
  has(lines, 'bgm_inst', '复制代码', `comment.other.code-marker${L}`);
  has(lines, 'always = yes', '复制代码', `comment.other.code-marker${L}`);
  lacks(lines, 'always = yes', '这样可以保持', `markup.inline.raw${L}`);
});

test('a rating block left open (no 查看全部评分) ends at the next post', async () => {
  const lines = await tokenize(post('a', '##### 1#       发表于 2023-1-1 10:00', '﹍﹍﹍', '评分', '| x| + 1|好|') + post('b', '##### 2#       发表于 2023-1-1 10:01', '下一楼'));
  has(lines, '| x|', '| x|', `meta.rating${L}`);
  lacks(lines, '下一楼', '下一楼', `meta.rating${L}`);
  has(lines, '####  b', 'b', `entity.name.type.author${L}`);
});

test('markdown-ish body: bold, <strong>, entities, preamble', async () => {
  const lines = await tokenize(
    [
      '> ## **本文件最后更新于2022-07-14 18:05** ',
      '这是**重点**内容',
      '<strong>单独加粗</strong>之后',
      '<strong>没有闭合',
      '下一行',
      'Q&amp;A &lt;tag&gt; &#12345;',
      '**政府正在考虑',
    ].join('\n'),
  );
  has(lines, '本文件最后更新于', '> ## **本文件最后更新于2022-07-14 18:05**', `comment.line.preamble${L}`);
  has(lines, '本文件最后更新于', '2022-07-14 18:05', `string.other.date${L}`);
  has(lines, '重点', '**重点**', `markup.bold${L}`);
  lacks(lines, '重点', '内容', `markup.bold${L}`);
  has(lines, '单独加粗', '单独加粗', `markup.bold${L}`);
  lacks(lines, '单独加粗', '之后', `markup.bold${L}`);
  has(lines, '没有闭合', '没有闭合', `markup.bold${L}`);
  lacks(lines, '下一行', '下一行', `markup.bold${L}`);
  has(lines, 'Q&amp;A', '&amp;', `constant.character.entity${L}`);
  has(lines, 'Q&amp;A', '&#12345;', `constant.character.entity${L}`);
  lacks(lines, '政府正在考虑', '政府正在考虑', `markup.bold${L}`);
});

test('BOM at the start, CRLF line ends, CR left in the line, NBSP and U+3000', async () => {
  const dump = ['\uFEFF', '*****', '', '####  crlf_user  ', '##### 1#       楼主       发表于 2024-1-1 00:01', '', '<blockquote>x 发表于 2024-1-1 00:00', 'q</blockquote>', '正文', '*****'];
  const crlf = await tokenize(dump.join('\r\n'));
  has(crlf, '####  crlf_user', 'crlf_user', `entity.name.type.author${L}`);
  has(crlf, '##### 1#', '2024-1-1 00:01', `string.other.date${L}`);
  has(crlf, /^\*{5}$/, '*****', `keyword.control.separator.post${L}`);
  lacks(crlf, '正文', '正文', `markup.quote${L}`);
  // a tokenizer fed lines that still end in \r (split on \n only) sees the same structure
  const raw = tokenizeLines(await loadGrammar(), dump.join('\r\n').split('\n'));
  has(raw, '####  crlf_user', 'crlf_user', `entity.name.type.author${L}`);
  has(raw, '##### 1#', '1', `constant.numeric.floor${L}`);
  has(raw, '##### 1#', '2024-1-1 00:01', `string.other.date${L}`);
  has(raw, /^\*{5}\r$/, '*****', `keyword.control.separator.post${L}`);
  assert.deepEqual(quoteMismatches(raw), []);
  // BOM glued to the first separator
  const glued = await tokenize('\uFEFF*****\n\n####  a  \n##### 1#       发表于 2024-1-1 00:01');
  has(glued, '*****', '*****', `keyword.control.separator.post${L}`);
  // ideographic space and NBSP inside an author name / around a floor line
  const ws = await tokenize(`####  Nanachi${NBSP}${NBSP}\n##### 15#${NBSP} ${NBSP}${NBSP} ${NBSP} 发表于 2022-12-31 12:30\n####  名\u3000字  `);
  has(ws, 'Nanachi', 'Nanachi', `entity.name.type.author${L}`);
  has(ws, '##### 15#', '15', `constant.numeric.floor${L}`);
  has(ws, '##### 15#', '2022-12-31 12:30', `string.other.date${L}`);
  has(ws, '名\u3000字', '名\u3000字', `entity.name.type.author${L}`);
});

test('very long and adversarial lines tokenise in linear time', async () => {
  const grammar = await loadGrammar();
  const N = 40_000;
  const cases: Record<string, string> = {
    brackets: '['.repeat(N),
    'link titles': '[a]('.repeat(N / 4),
    images: '<img src="x" '.repeat(N / 13),
    'leaked images': '<img src="x" onclick="zoom(this)"/)'.repeat(N / 36),
    bold: '**a'.repeat(N / 3),
    'author spaces': '####  a' + ' '.repeat(N) + '该用户',
    'edit notes': '本帖最后由 '.repeat(N / 6),
    'app headers': '<blockquote>' + '引用第1楼'.repeat(N / 5),
    'plain header': '<blockquote>a' + ' '.repeat(N) + '发表',
    'link header': '<blockquote><a href="x" target="_blank">' + 'a '.repeat(N / 2),
    moderation: ' *本主题由 ' + 'a 于 '.repeat(N / 4),
    'doubled schemes': 'http'.repeat(N / 4) + 's://x',
    entities: '&#x'.repeat(N / 3),
    code: 'x'.repeat(N) + '复制代码',
    'floor junk': '##### 1# ' + '楼主|匿名发表于'.repeat(N / 8),
    'lone strong tags': '<strong>'.repeat(N / 8),
    'cjk text': '中文'.repeat(N / 2),
  };
  for (const [name, line] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint();
    grammar.tokenizeLine2(line, vsctm.INITIAL);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // linear cases take well under 0.5 s on a 40k-char line; a quadratic regex takes tens of seconds
    assert.ok(ms < 5000, `${name}: ${ms.toFixed(0)} ms for a ${line.length}-char line`);
  }
});

test('the grammar file is valid JSON with the expected scope name and no unknown includes', async () => {
  const fs = await import('node:fs');
  const { GRAMMAR_PATH } = await import('./tokenize');
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8')) as {
    scopeName: string;
    repository: Record<string, unknown>;
  };
  assert.equal(raw.scopeName, 'text.forum-dump');
  const includes = [...JSON.stringify(raw).matchAll(/"include":"#([^"]+)"/g)].map((m) => m[1]!);
  for (const inc of includes) assert.ok(inc in raw.repository, `#${inc} is not in the repository`);
  for (const key of Object.keys(raw.repository)) assert.ok(includes.includes(key), `repository entry ${key} is never used`);
  // every scope name is in the dump's own namespace, so other grammars' rules never collide
  const names = [...JSON.stringify(raw.repository).matchAll(/"(?:name|contentName)":"([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
  for (const n of names) assert.ok(n.endsWith('.forum-dump'), `scope ${n} does not end in .forum-dump`);
});
