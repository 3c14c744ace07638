// The grammar on real archive files from ../shared/corpus (skipped when that folder is absent).
// One file per MANIFEST.tsv reason (the smallest), so every variant of format.md is covered:
// each file must pass the whole-file sweep, and each reason's construct must get its own scope.
// FORUM_DUMP_GRAMMAR_FULL_CORPUS=1 sweeps every corpus file instead (about 40 MB, slow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR as CORPUS } from '../helpers/paths';
import { hasScope, listDumps, loadGrammar, splitLines, tokenizeLines, type Line } from './tokenize';
import { sweep } from './sweep';

const L = '.forum-dump';
const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
const present = fs.existsSync(MANIFEST);
const SKIP = present ? false : `no corpus at ${CORPUS}`;

/** Reasons that name a size, a random pick or a thread-level quirk (floor order, duplicates, …)
 * rather than a variant a highlighter sees. */
const GENERIC =
  /^(stratified|category coverage|complete|thread fragmented|same file index|largest|very large|among the smallest|seed source|from 0无法访问)|>=1000 quotes|ptid != file tid|stray "\."|non-monotonic|duplicated floor|appended twice|does not start at floor 1/;

interface Pick {
  readonly reason: string;
  readonly file: string;
}

function picks(): Pick[] {
  const best = new Map<string, { file: string; bytes: number }>();
  for (const row of fs.readFileSync(MANIFEST, 'utf8').split('\n').slice(1)) {
    const [rel, bytes, reason] = row.split('\t');
    if (!rel || !reason || GENERIC.test(reason)) continue;
    const file = path.join(CORPUS, rel);
    if (!fs.existsSync(file)) continue;
    const b = Number(bytes);
    const cur = best.get(reason);
    if (!cur || b < cur.bytes) best.set(reason, { file, bytes: b });
  }
  return [...best].map(([reason, v]) => ({ reason, file: v.file })).sort((a, b) => a.reason.localeCompare(b.reason));
}

const cache = new Map<string, Line[]>();
async function load(file: string): Promise<Line[]> {
  let lines = cache.get(file);
  if (!lines) {
    lines = tokenizeLines(await loadGrammar(), splitLines(fs.readFileSync(file, 'utf8')));
    cache.set(file, lines);
  }
  return lines;
}

function tokensWith(lines: readonly Line[], scope: string): string[] {
  return lines.flatMap((l) => l.tokens.filter((t) => hasScope(t, scope)).map((t) => t.text));
}

/** For a MANIFEST reason (matched by substring): scopes that must occur in its file, optionally with a text test. */
const REQUIRED: Array<[string, Array<[string, RegExp?]>]> = [
  ['the only CRLF file', [[`keyword.control.separator.post${L}`], [`entity.name.type.author${L}`], [`constant.numeric.floor${L}`], [`string.other.date${L}`]]],
  ['anonymous posts', [[`entity.name.type.author.anonymous${L}`, /^匿名$/]]],
  ['anonymous thread starter', [[`entity.name.type.author.anonymous${L}`], [`keyword.other.op${L}`, /^楼主$/]]],
  ['该用户已被删除', [[`markup.deleted.deleted-user${L}`, /^该用户已被删除$/]]],
  ['楼主|" floor line without NBSP', [[`keyword.other.op${L}`], [`punctuation.separator.op${L}`, /^\|$/]]],
  ['quote header with seconds', [[`string.other.date${L}`, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/]]],
  ['STAGE1-app style quote', [[`meta.quote-header.app${L}`, /引用第|\d+|于|发表的/]]],
  ['httphttp://', [[`comment.other.doubled-scheme${L}`, /^http$/], [`markup.underline.link.findpost${L}`, /^https?:\/\/bbs/]]],
  ['quote link without pid', [[`constant.numeric.pid${L}`]]],
  ['nested <blockquote>', [[`meta.quote${L}`]]],
  ['single-choice poll', [[`keyword.other.poll${L}`, /^单选投票$/], [`comment.other.poll.formhash${L}`, /^<input name="formhash"/]]],
  ['multi-choice poll', [[`keyword.other.poll${L}`, /^多选投票$/], [`constant.numeric.poll-option${L}`]]],
  ['code block flattened', [[`comment.other.code-marker${L}`, /^复制代码$/]]],
  ['moderator action', [[`comment.line.moderation${L}`]]],
  ['hidden content notice', [[`markup.deleted.notice.hidden${L}`, /^本帖隐藏的内容需要积分高于/]]],
  ['post shielded by moderator', [[`markup.deleted.notice.blocked${L}`]]],
  ['author banned', [[`markup.deleted.notice.blocked${L}`, /作者被禁止或删除/]]],
  ['rating table', [[`meta.rating${L}`, /查看全部评分/], [`markup.inserted.score${L}`]]],
  ['STAGE1 App signature', [[`comment.line.signature${L}`, /发送自|来自/]]],
  ['preamble', [[`comment.line.preamble${L}`, /本文件最后更新于/]]],
];

test('corpus: one file per format variant passes the whole-file sweep, and each variant has its scope', { skip: SKIP }, async (t) => {
  const list = picks();
  assert.ok(list.length >= 25, `only ${list.length} variant files picked from MANIFEST.tsv`);
  const totals: Record<string, number> = {};
  for (const { reason, file } of list) {
    await t.test(reason, async () => {
      const lines = await load(file);
      const { counts, problems } = sweep(lines);
      for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
      assert.deepEqual(problems, [], path.relative(CORPUS, file));
      for (const [key, required] of REQUIRED) {
        if (!reason.includes(key)) continue;
        for (const [scope, text] of required) {
          const hits = tokensWith(lines, scope).filter((s) => !text || text.test(s));
          assert.ok(hits.length > 0, `${path.basename(file)}: no token with ${scope}${text ? ` matching ${text}` : ''}`);
        }
      }
      if (reason.includes('nested <blockquote>')) {
        const deep = lines.some((l) => l.tokens.some((tok) => tok.scopes.filter((s) => s === `meta.quote${L}`).length >= 2));
        assert.ok(deep, 'no doubly nested quote');
      }
    });
  }
  // every construct of the issue occurs, and was checked, somewhere in the picked files
  for (const k of ['separator', 'author', 'floor', 'OP mark', 'quote header', 'findpost link', 'app quote header', 'link', 'image', 'smiley', 'signature', 'edit note', 'deleted user', 'anonymous']) {
    assert.ok((totals[k] ?? 0) > 0, `no ${k} found in the picked corpus files`);
  }
});

test('corpus: every REQUIRED reason still names a MANIFEST row', { skip: SKIP }, () => {
  const reasons = picks().map((p) => p.reason);
  for (const [key] of REQUIRED) assert.ok(reasons.some((r) => r.includes(key)), `MANIFEST.tsv has no reason containing "${key}"`);
});

test('corpus: every file (FORUM_DUMP_GRAMMAR_FULL_CORPUS=1)', { skip: SKIP || (process.env['FORUM_DUMP_GRAMMAR_FULL_CORPUS'] === '1' ? false : 'set FORUM_DUMP_GRAMMAR_FULL_CORPUS=1 to sweep all corpus files') }, async () => {
  const failures: string[] = [];
  for (const file of listDumps(CORPUS)) {
    const lines = tokenizeLines(await loadGrammar(), splitLines(fs.readFileSync(file, 'utf8')));
    const { problems } = sweep(lines, 3);
    if (problems.length) failures.push(`${path.relative(CORPUS, file)}\n  ${problems.join('\n  ')}`);
  }
  assert.deepEqual(failures, []);
});
