// Property-based checks of the parser, the resolver and every feature, shared by
// tests/unit/properties.test.ts (a fixed seed and a budget that fits CI) and scripts/fuzz.mjs
// (a random seed and a million cases or more).
//   - arbitraries: generated dumps (posts, quotes in link / plain / app form pointing at earlier
//     posts, nested and unbalanced <blockquote>s, odd headers, hostile text), mutations of real
//     files (lines deleted, duplicated, swapped, truncated, random bytes spliced in), random text;
//   - checks: plain functions that throw on a violation, so a property is `fc.property(arb, check)`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Diagnostic, Location, Position, Range } from 'vscode-languageserver-types';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from '../../server/src/features/callHierarchy';
import { codeActions } from '../../server/src/features/codeActions';
import { codeLenses, SHOW_REPLIES_COMMAND } from '../../server/src/features/codeLens';
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
import { DumpDocument, formatMinuteArchive, type Span } from '../../server/src/model';
import { WorkspaceIndex } from '../../server/src/workspace';
import { CORPUS, mdFiles, SEED, SEEDS, THREAD_DIR, VARIANTS } from './paths';
import { snapshot } from './snapshot';

// ---------------------------------------------------------------------------------------------
// Generated dumps

/** Authors, ordinary and hostile; repeats on purpose, so (author, minute) keys collide. */
const AUTHORS = [
  'sellboy',
  'Alce79',
  'sellboy',
  '匿名',
  '😀表情👍🏽',
  'a&amp;b',
  'gone 该用户已被删除',
  ' lead',
  '\ud800lone',
  'nul\u0000x',
  'tab\tname',
  '<b>html</b>',
  '[x](command:workbench.action.quit)',
  '**bold** _it_ `c`',
  '\u202eRTL\u200b',
  'x'.repeat(300),
  '',
];

/** Post texts: real shapes (links, images, edit notes, signatures, blocked notices) and junk. */
const TEXTS = [
  'hello',
  '好的，明白了',
  '😀😀 emoji 🏳️‍🌈',
  '[链接](https://example.com/a)',
  '![img](https://example.com/i.png)',
  '<img src="https://static.saraba1st.com/image/smiley/face2017/001.png" referrerpolicy="no-referrer">',
  '<img src="https://p.sda1.dev/x.jpg" id="aimg_1" lazyloadthumb="1" onclick=zoom(this)',
  '<img src="https://img.example.com/a(1) b.png" referrerpolicy="no-referrer">',
  '<img src="https://img.example.com/x.png?a=)](command:x)&quot;<b>" referrerpolicy="no-referrer">',
  '<img src="http://insecure.example.com/y.png">',
  '<img src="javascript:alert(1)">',
  '<a href="https://example.com/x">x</a>',
  '<a href=bare>bare</a>',
  '<a title=\'href="\' href=x>t</a>',
  ' 本帖最后由 sellboy 于 2025-1-31 09:30 编辑 ',
  '—— 来自 [鹅球](https://www.pgyer.com/xfPejhuq) v3.3.96',
  '提示: 作者被禁止或删除 内容自动屏蔽',
  '&amp;&lt;&gt;&#128512;&#xD800;&#99999999;&#',
  '<strong>粗</strong>',
  '*****',
  '####  fake  ',
  '##### 9#       发表于 2025-1-31 09:28',
  '<blockquote>',
  '</blockquote>',
  '\u0000\u0001\u0008\u001b',
  '\ufeff',
  '\u00a0\u3000',
  '\r',
  '[[[[',
  '](',
  '[](',
  '<script>alert(1)</script>',
  'command:workbench.action.quit',
  'javascript:alert(1)',
  '引用第3楼sellboy于2025-01-31 09:28发表的  :',
  'sellboy 发表于 2025-1-31 09:28',
  '\ud83d',
  '\udc00',
  '...',
];

const BASE_MINUTE = Date.UTC(2025, 0, 31, 9, 28) / 60000;

type DatePlan = { kind: 'ok'; minute: number; style: number } | { kind: 'bad'; text: string };

const dateArb: fc.Arbitrary<DatePlan> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('ok' as const), minute: fc.integer({ min: 0, max: 5 }), style: fc.integer({ min: 0, max: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bad' as const),
      text: fc.constantFrom('2025-13-45 99:99', '2025-2-29 10:00', '0000-1-1 00:00', '9999-12-31 23:59', '2025-1-31', '2025-1-31 9:28', '2025-1-31 09:28:61', 'yesterday', ''),
    }),
  },
);

function dateText(d: DatePlan, shiftMinutes = 0): string {
  if (d.kind === 'bad') return d.text;
  const m = BASE_MINUTE + d.minute + shiftMinutes;
  const archive = formatMinuteArchive(m);
  if (d.style === 0) return archive;
  // Zero-padded, and with seconds (quote headers write both).
  const dt = new Date(m * 60000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const padded = `${dt.getUTCFullYear()}-${p2(dt.getUTCMonth() + 1)}-${p2(dt.getUTCDate())} ${p2(dt.getUTCHours())}:${p2(dt.getUTCMinutes())}`;
  return d.style === 1 ? padded : padded + ':07';
}

const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TEXTS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string16bits({ maxLength: 6 }) },
);

interface QuotePlan {
  t: 'quote';
  /** Which earlier post (modulo); the first post quotes a made-up one. */
  target: number;
  form: 'link' | 'plain' | 'app' | 'none' | 'odd';
  /** Minutes added to the target's time: 0, a time-zone hour, or a wrong minute. */
  shift: number;
  author: 'same' | 'anon' | 'other';
  excerpt: 'prefix' | 'truncated' | 'other' | 'empty';
  pid: 'own' | 'other' | 'none';
  ptid: 'same' | 'other';
  close: boolean;
  inner: Piece[];
}
type Piece = { t: 'text'; s: string } | { t: 'nl' } | QuotePlan;

function pieceArb(depth: number): fc.Arbitrary<Piece> {
  const text = textArb.map((s) => ({ t: 'text' as const, s }));
  const nl = fc.constant({ t: 'nl' as const });
  const quote: fc.Arbitrary<Piece> = fc.record({
    t: fc.constant('quote' as const),
    target: fc.nat(50),
    form: fc.constantFrom('link', 'link', 'link', 'plain', 'plain', 'app', 'none', 'odd') as fc.Arbitrary<QuotePlan['form']>,
    shift: fc.constantFrom(0, 0, 0, 0, 60, -60, 480, 1, 7 * 60 + 1),
    author: fc.constantFrom('same', 'same', 'same', 'anon', 'other') as fc.Arbitrary<QuotePlan['author']>,
    excerpt: fc.constantFrom('prefix', 'truncated', 'other', 'empty') as fc.Arbitrary<QuotePlan['excerpt']>,
    pid: fc.constantFrom('own', 'own', 'other', 'none') as fc.Arbitrary<QuotePlan['pid']>,
    ptid: fc.constantFrom('same', 'same', 'same', 'other') as fc.Arbitrary<QuotePlan['ptid']>,
    close: fc.constantFrom(true, true, true, false),
    inner: depth > 0 ? fc.array(pieceArb(depth - 1), { maxLength: 3 }) : fc.constant([] as Piece[]),
  });
  return fc.oneof({ weight: 5, arbitrary: text }, { weight: 2, arbitrary: nl }, { weight: depth > 0 ? 3 : 2, arbitrary: quote });
}

interface PostPlan {
  author: number;
  floor: number;
  floorStyle: 'n' | 'huge' | 'nohash' | 'dup';
  date: DatePlan;
  header: 'normal' | 'op1' | 'op' | 'anon' | 'noFloorLine' | 'noPosted' | 'bom' | 'tabs';
  sep: 'std' | 'none' | 'bom' | 'blanks' | 'trailing';
  body: Piece[];
}

const postArb: fc.Arbitrary<PostPlan> = fc.record({
  author: fc.nat(AUTHORS.length - 1),
  floor: fc.nat(40),
  floorStyle: fc.constantFrom('n', 'n', 'n', 'n', 'huge', 'nohash', 'dup') as fc.Arbitrary<PostPlan['floorStyle']>,
  date: dateArb,
  header: fc.constantFrom('normal', 'normal', 'normal', 'normal', 'normal', 'op1', 'op', 'anon', 'noFloorLine', 'noPosted', 'bom', 'tabs') as fc.Arbitrary<PostPlan['header']>,
  sep: fc.constantFrom('std', 'std', 'std', 'std', 'none', 'bom', 'blanks', 'trailing') as fc.Arbitrary<PostPlan['sep']>,
  body: fc.array(pieceArb(2), { maxLength: 6 }),
});

export interface DumpPlan {
  posts: PostPlan[];
  eol: 'lf' | 'crlf' | 'mixed' | 'cr';
  bom: boolean;
  preamble: boolean;
  start: 'nl' | 'nlnl' | 'none';
}

export const dumpPlanArb: fc.Arbitrary<DumpPlan> = fc.record({
  posts: fc.array(postArb, { maxLength: 10 }),
  eol: fc.constantFrom('lf', 'lf', 'lf', 'crlf', 'mixed', 'cr') as fc.Arbitrary<DumpPlan['eol']>,
  bom: fc.boolean(),
  preamble: fc.boolean(),
  start: fc.constantFrom('nl', 'nlnl', 'none') as fc.Arbitrary<DumpPlan['start']>,
});

export const TID = '2243718';

/** Builds the text of a planned dump (`pidBase` keeps the pids of two page files apart). */
export function buildDump(plan: DumpPlan, pidBase = 1000, floorBase = 0): string {
  const made: { author: string; date: DatePlan; floor: number; plain: string }[] = [];
  const parts: string[] = [];
  if (plan.bom) parts.push('\ufeff');
  if (plan.preamble) parts.push('> ## **本文件最后更新于2025-01-31 09:28** \n\n\n');
  parts.push(plan.start === 'nl' ? '\n' : plan.start === 'nlnl' ? '\n\n' : '');
  plan.posts.forEach((p, i) => {
    const author = AUTHORS[p.author];
    const floor = floorBase + (p.floorStyle === 'dup' && i > 0 ? made[i - 1].floor : p.floor + i);
    const floorText = p.floorStyle === 'huge' ? '9007199254740993' + '9'.repeat(p.floor) : String(floor);
    const hash = p.floorStyle === 'nohash' ? '' : '#';
    const date = dateText(p.date);
    const sep = { std: '*****\n\n', none: '', bom: '\ufeff*****\n\n', blanks: '*****\n\n\n\n', trailing: '*****  \n\n' }[p.sep];
    const authorLine = p.header === 'bom' ? `\ufeff####  ${author}  ` : p.header === 'tabs' ? `####\t${author}` : `####  ${author}  `;
    const marks =
      p.header === 'op1'
        ? '       楼主       发表于 '
        : p.header === 'op'
          ? '        \u00a0楼主| 发表于 '
          : p.header === 'anon'
            ? '        匿名\u00a0  发表于 '
            : p.header === 'noPosted'
              ? '       '
              : '       发表于 ';
    const floorLine = p.header === 'noFloorLine' ? '' : `##### ${floorText}${hash}${marks}${date}\n`;
    let plain = '';
    const body = buildPieces(p.body, i, made, pidBase, (s) => (plain += s));
    parts.push(`${sep}${authorLine}\n${floorLine}\n${body}\n\n`);
    made.push({ author, date: p.date, floor, plain });
  });
  let text = parts.join('');
  if (plan.eol === 'crlf') text = text.replace(/\n/g, '\r\n');
  else if (plan.eol === 'mixed') {
    let k = 0;
    text = text.replace(/\n/g, () => (k++ % 3 === 1 ? '\r\n' : '\n'));
  } else if (plan.eol === 'cr') {
    let k = 0;
    text = text.replace(/\n/g, () => (k++ % 7 === 3 ? '\r' : '\n'));
  }
  return text;
}

function buildPieces(
  pieces: Piece[],
  postIndex: number,
  made: { author: string; date: DatePlan; floor: number; plain: string }[],
  pidBase: number,
  plain: (s: string) => void,
): string {
  let out = '';
  for (const pc of pieces) {
    if (pc.t === 'text') {
      out += pc.s;
      plain(pc.s);
    } else if (pc.t === 'nl') {
      out += '\n';
      plain('\n');
    } else {
      const t = postIndex > 0 ? made[pc.target % postIndex] : { author: 'ghost', date: { kind: 'ok', minute: 0, style: 0 } as DatePlan, floor: 0, plain: 'boo' };
      const author = pc.author === 'same' ? t.author : pc.author === 'anon' ? '匿名者' : 'stranger';
      const date = dateText(t.date, pc.shift);
      const src = t.plain.replace(/\s+/g, ' ').trim();
      const excerpt = pc.excerpt === 'prefix' ? src : pc.excerpt === 'truncated' ? src.slice(0, 5) + ' ...' : pc.excerpt === 'other' ? 'something else' : '';
      const pid = pc.pid === 'own' ? String(pidBase + (pc.target % Math.max(1, postIndex))) : pc.pid === 'other' ? '424242' : '';
      const ptid = pc.ptid === 'same' ? TID : '999';
      const inner = buildPieces(pc.inner, postIndex, made, pidBase, () => undefined);
      const head =
        pc.form === 'link'
          ? `<a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;${pid ? `pid=${pid}&amp;` : ''}ptid=${ptid}" target="_blank">${author} 发表于 ${date}</a>`
          : pc.form === 'plain'
            ? `${author} 发表于 ${date}`
            : pc.form === 'app'
              ? `引用第${t.floor}楼${author}于${date}发表的  :`
              : pc.form === 'odd'
                ? [
                    `<a title='href="' href=x>${author} 发表于 ${date}</a>`,
                    `<A HREF="forum.php?pid=${pid}">${author} 发表于 ${date}</A>`,
                    `<a href="forum.php?pid=${pid}">${author} 发表于 ${date}`,
                    `<a href="forum.php?pid=${pid}" target="_blank">  ${author} 发表于 ${date} </a> tail`,
                    `<a href=forum.php?pid=${pid}>${author} 发表于 ${date}</a><script`,
                    `<a href="x">${author}</a> 发表于 ${date}`,
                  ][pc.target % 6]
                : '';
      out += `<blockquote>${head}\n${inner}${excerpt}${pc.close ? '</blockquote>' : ''}\n`;
    }
  }
  return out;
}

export const generatedDumpArb: fc.Arbitrary<string> = dumpPlanArb.map((p) => buildDump(p));

// ---------------------------------------------------------------------------------------------
// Real files and their mutations

export interface RealFile {
  name: string;
  lines: string[];
}

const realFiles = new Map<boolean, RealFile[]>();

/**
 * The seeds (seeds/*.txt, seeds/variants/*.md, the two-file thread) and, with `corpus`, the
 * files of ../shared/corpus when it is present. Split into lines once.
 */
export function loadRealFiles(corpus = true): RealFile[] {
  const hit = realFiles.get(corpus);
  if (hit) return hit;
  const files = [SEED, ...mdFiles(VARIANTS), ...mdFiles(THREAD_DIR)];
  for (const f of fs.readdirSync(SEEDS)) if (f.endsWith('.txt') && path.join(SEEDS, f) !== SEED) files.push(path.join(SEEDS, f));
  if (corpus && CORPUS) files.push(...mdFiles(CORPUS));
  const out = files.map((f) => ({ name: path.relative(path.dirname(SEEDS), f), lines: fs.readFileSync(f, 'utf8').split('\n') }));
  realFiles.set(corpus, out);
  return out;
}

/** Strings spliced into real text: structure, half structure, and bytes an editor never types. */
const SPLICES = [
  '\u0000',
  '\r',
  '\r\n',
  '\n',
  '\ud800',
  '\udfff',
  '😀',
  '\ufeff',
  '<blockquote>',
  '</blockquote>',
  '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1&amp;ptid=1" target="_blank">',
  '</a>',
  '*****\n',
  '\n*****\n\n####  x  \n##### 1#       发表于 2025-1-31 09:28\n',
  '####  ',
  '##### 12#       发表于 ',
  ' 发表于 ',
  '2025-13-45 99:99',
  '[',
  '](',
  '&#',
  '<',
  '"',
  '#',
];

type Mutation =
  | { op: 'delete'; at: number; n: number }
  | { op: 'duplicate'; at: number; n: number }
  | { op: 'swap'; a: number; b: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; at: number; s: string };

const FRACTION = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: FRACTION, n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: FRACTION, n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('swap' as const), a: FRACTION, b: FRACTION }),
  fc.record({ op: fc.constant('truncate' as const), at: FRACTION }),
  fc.record({
    op: fc.constant('splice' as const),
    at: FRACTION,
    s: fc.oneof(fc.constantFrom(...SPLICES), fc.string16bits({ minLength: 1, maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1'))),
  }),
);

function applyMutation(lines: string[], m: Mutation): string[] {
  const n = lines.length;
  const at = (f: number) => Math.min(n, Math.floor(f * (n + 1)));
  switch (m.op) {
    case 'delete': {
      const i = at(m.at);
      return lines.slice(0, i).concat(lines.slice(i + m.n));
    }
    case 'duplicate': {
      const i = at(m.at);
      const block = lines.slice(i, i + m.n);
      return lines.slice(0, i + block.length).concat(block, lines.slice(i + block.length));
    }
    case 'swap': {
      if (n < 2) return lines;
      const a = Math.min(n - 1, at(m.a));
      const b = Math.min(n - 1, at(m.b));
      const out = lines.slice();
      [out[a], out[b]] = [out[b], out[a]];
      return out;
    }
    case 'truncate': {
      const text = lines.join('\n');
      return text.slice(0, Math.floor(m.at * text.length)).split('\n');
    }
    case 'splice': {
      const text = lines.join('\n');
      const i = Math.floor(m.at * (text.length + 1));
      return (text.slice(0, i) + m.s + text.slice(i)).split('\n');
    }
  }
}

/** A window of up to `maxLines` lines of a real file (the whole file when small), mutated. */
export function mutatedFileArb(files: RealFile[], maxLines = 240): fc.Arbitrary<{ name: string; text: string }> {
  return fc
    .record({
      file: fc.nat(files.length - 1),
      from: FRACTION,
      len: fc.integer({ min: 1, max: maxLines }),
      crlf: fc.constantFrom(false, false, false, true),
      mutations: fc.array(mutationArb, { maxLength: 5 }),
    })
    .map(({ file, from, len, crlf, mutations }) => {
      const f = files[file];
      const start = f.lines.length <= maxLines ? 0 : Math.floor(from * (f.lines.length - len));
      let lines = f.lines.length <= maxLines ? f.lines : f.lines.slice(start, start + len);
      for (const m of mutations) lines = applyMutation(lines, m);
      const text = lines.join(crlf ? '\r\n' : '\n');
      return { name: `${f.name}:${start + 1}+${lines.length}`, text };
    });
}

/** Random text: any UTF-16 (lone surrogates included), Unicode, binary junk. */
export const randomTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string16bits({ maxLength: 200 }),
  fc.fullUnicodeString({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8')),
  fc.array(fc.constantFrom(...SPLICES, ...TEXTS, '\n', '\n'), { maxLength: 40 }).map((a) => a.join('')),
);

// ---------------------------------------------------------------------------------------------
// Checks

/** The model's own line table, rebuilt independently: a line starts after every `\n`. */
function lineTable(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
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

  /** Length of a line without its line break (`\r\n` or `\n`). */
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
    const diags: Diagnostic[] = computeDiagnostics(index, uri);
    for (const d of diags) {
      me.range(d.range, `diagnostic ${d.code}`);
      assert.equal(typeof d.message, 'string');
      for (const r of d.relatedInformation ?? []) loc(r.location, `diagnostic ${d.code} related`);
    }
    // Outline: posts in order and disjoint, selection inside range, children inside parents.
    const syms = documentSymbols(index, uri);
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
    for (const f of foldingRanges(index, uri)) {
      ok(Number.isInteger(f.startLine) && f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < me.starts.length, () => `folding ${JSON.stringify(f)}`);
    }
    for (const l of documentLinks(index, uri)) {
      me.range(l.range, 'document link');
      if (l.target) ok(/^https?:\/\/\S+$/i.test(l.target) || l.target.startsWith(uri.split('#')[0]) || index.get(l.target.replace(/#L\d+$/, '')), () => `document link target ${l.target}`);
    }
    for (const lens of codeLenses(index, uri)) {
      me.range(lens.range, 'code lens');
      assert.equal(lens.command?.command, SHOW_REPLIES_COMMAND);
      for (const l of (lens.command?.arguments?.[2] ?? []) as Location[]) loc(l, 'code lens location');
    }
    for (const h of inlayHints(index, uri)) me.offset(h.position, 'inlay hint');
    const half = { start: doc.positionAt(doc.length >> 2), end: doc.positionAt(doc.length >> 1) };
    for (const h of inlayHints(index, uri, half)) me.offset(h.position, 'inlay hint (range)');
    for (const s of postSummaries(index, uri)) {
      ok(s.line >= 0 && s.line <= s.endLine && s.endLine < me.starts.length, () => `post summary lines ${s.line}..${s.endLine}`);
    }
    // Requests at positions.
    const positions = probePositions(doc, fractions, probes);
    for (const pos of positions) {
      const at = Math.max(0, Math.min(doc.offsetAt(pos), doc.length));
      const hv = hover(index, uri, pos);
      if (hv) {
        const md = typeof hv.contents === 'object' && 'value' in hv.contents ? hv.contents.value : String(hv.contents);
        checkMarkdownSafe(md, `hover at ${JSON.stringify(pos)}`);
        // With forumDump.remoteImages on: https images in their own syntax, nothing else.
        const withImages = hover(index, uri, pos, { remoteImages: true });
        const mdi = withImages && typeof withImages.contents === 'object' && 'value' in withImages.contents ? withImages.contents.value : '';
        checkMarkdownSafe(mdi.replace(/^!\[image\]\(https:\/\/[^()\s<>]+\)$/gm, ''), `hover with images at ${JSON.stringify(pos)}`);
        if (hv.range) {
          const [s, e] = me.range(hv.range, 'hover range');
          ok(s <= at && at <= e, () => `hover range ${JSON.stringify(hv.range)} does not hold ${JSON.stringify(pos)}`);
        }
      }
      for (const d of definition(index, uri, pos)) {
        me.range(d.originSelectionRange!, 'definition origin');
        const tr = b(d.targetUri).range(d.targetRange, 'definition target');
        const ts = b(d.targetUri).range(d.targetSelectionRange, 'definition target selection');
        assert.ok(tr[0] <= ts[0] && ts[1] <= tr[1], 'definition: selection outside target range');
      }
      for (const inc of [true, false]) for (const l of references(index, uri, pos, inc)) loc(l, 'reference');
      for (const item of prepareCallHierarchy(index, uri, pos)) {
        const r = b(item.uri).range(item.range, 'call item');
        const s = b(item.uri).range(item.selectionRange, 'call item selection');
        assert.ok(r[0] <= s[0] && s[1] <= r[1], 'call item: selection outside range');
        for (const c of incomingCalls(index, item)) {
          b(c.from.uri).range(c.from.range, 'incoming call');
          for (const fr of c.fromRanges) b(c.from.uri).range(fr, 'incoming call fromRange');
        }
        for (const c of outgoingCalls(index, item)) {
          b(c.to.uri).range(c.to.range, 'outgoing call');
          for (const fr of c.fromRanges) b(item.uri).range(fr, 'outgoing call fromRange');
        }
      }
    }
    for (const sel of selectionRanges(index, uri, positions)) {
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
      for (const a of codeActions(index, uri, range, diags)) {
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
  for (const q of ['', 'a', '#1', 'sell', '😀']) for (const s of workspaceSymbols(index, q)) loc(s.location, `workspace symbol ${q}`);
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
      const links = definition(index, uri, doc.positionAt(h.authorSpan.start));
      const qKey = key(uri, headerRange(uri, h.span));
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
      const locs = references(index, uri, hr.start, false);
      const set = new Set(locs.map((l) => key(l.uri, l.range)));
      eq(set.size, locs.length, () => `references of post ${p.index} repeat a location`);
      refsOf.set(pKey, set);
      for (const l of locs) eq(defs.get(key(l.uri, l.range)), pKey, () => `reference ${key(l.uri, l.range)} of post ${p.index} does not define back to it`);
      const decl = references(index, uri, hr.start, true);
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

/** An edit: where (a fraction of the current length), how much it removes, what it inserts. */
export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

function resolveEdit(cur: string, e: Edit): [number, number, string] {
  const s = Math.floor(e.at * (cur.length + 1));
  return [Math.min(s, cur.length), Math.min(cur.length, s + e.remove), e.insert];
}

/** What an editor session types or pastes, structure included. */
const INSERTS = [
  'x',
  '\n',
  '好',
  '😀',
  '*****',
  '\n*****\n\n####  newbie  \n##### 7#       发表于 2025-1-31 09:28\n\nhello\n',
  '####  sellboy  \n##### 3#       发表于 2025-1-31 09:29\n',
  '<blockquote>',
  '</blockquote>',
  '<blockquote>sellboy 发表于 2025-1-31 09:28\n',
  '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1001&amp;ptid=2243718" target="_blank">Alce79 发表于 2025-1-31 09:29</a>\nhello</blockquote>',
  '\r\n',
  '\r',
  '##### ',
  '#',
  ' 发表于 ',
  '9',
  '\ud83d',
  '\ufeff',
  '',
];

export const editArb: fc.Arbitrary<Edit> = fc.record({
  at: FRACTION,
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 400 })),
  insert: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...INSERTS) }, { weight: 1, arbitrary: fc.string16bits({ maxLength: 5 }) }),
});

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

// ---------------------------------------------------------------------------------------------
// The properties

export interface PropertyDef<T = any> {
  name: string;
  /** What the property says, for reports. */
  says: string;
  /** Cases per unit of budget in the fixed-seed test (they differ in cost). */
  weight: number;
  /** Share of a fuzz run's cases. */
  fuzzShare: number;
  /** The inputs, given the real files to mutate. */
  arb: (files: RealFile[]) => fc.Arbitrary<T>;
  /** Throws when the property does not hold for an input. */
  check: (input: T) => void;
}

/** The property as fast-check runs it. */
export function propertyOf<T>(p: PropertyDef<T>, files: RealFile[]): fc.IPropertyWithHooks<[T]> {
  return fc.property(p.arb(files), (v) => p.check(v));
}

/** A dump to test with: generated, a mutated real file, or random text. */
function sourceArb(files: RealFile[]): fc.Arbitrary<string> {
  const arbs: fc.WeightedArbitrary<string>[] = [
    { weight: 5, arbitrary: generatedDumpArb },
    { weight: 1, arbitrary: randomTextArb },
  ];
  if (files.length > 0) arbs.push({ weight: 3, arbitrary: mutatedFileArb(files).map((m) => m.text) });
  return fc.oneof(...arbs);
}

const fractionsArb = fc.array(FRACTION, { minLength: 1, maxLength: 4 });

export const PROPERTIES: PropertyDef[] = [
  {
    name: 'parse: random text',
    says: 'any UTF-16 text (lone surrogates, NUL, binary junk, CR) parses without throwing into a consistent model',
    weight: 4,
    fuzzShare: 0.4,
    arb: () => randomTextArb,
    check: (t: string) => checkModel(new DumpDocument(t)),
  },
  {
    name: 'parse: dumps',
    says: 'generated and mutated real dumps parse into a consistent model: lines, posts disjoint and in order, quotes inside their posts',
    weight: 3,
    fuzzShare: 0.2,
    arb: sourceArb,
    check: (t: string) => checkModel(new DumpDocument(t)),
  },
  {
    name: 'features: in bounds',
    says: 'every feature answers without throwing; every range is inside its document and ordered; hover Markdown is inert',
    weight: 2,
    fuzzShare: 0.08,
    arb: (files) => fc.tuple(fc.array(sourceArb(files), { minLength: 1, maxLength: 2 }), fractionsArb),
    check: ([texts, fr]: [string[], number[]]) => {
      const { index, uris } = indexOf(texts);
      checkFeatures(index, uris, fr);
    },
  },
  {
    name: 'navigation: definition/references',
    says: 'definitions land on post headers; references of a post are exactly the quotes that define it',
    weight: 2,
    fuzzShare: 0.12,
    arb: (files) => fc.array(sourceArb(files), { minLength: 1, maxLength: 2 }),
    check: (texts: string[]) => {
      const { index, uris } = indexOf(texts);
      checkNavigation(index, uris);
    },
  },
  {
    name: 'incremental: document',
    says: 'after any sequence of edits, DumpDocument.update equals a full parse of the edited text',
    weight: 2,
    fuzzShare: 0.12,
    arb: (files) => fc.tuple(sourceArb(files), fc.array(editArb, { minLength: 1, maxLength: 8 })),
    check: ([text, edits]: [string, Edit[]]) => checkIncrementalDocument(text, edits),
  },
  {
    name: 'incremental: resolution',
    says: 'after edits through WorkspaceIndex.update, every quote resolves as in a fresh index (two page files of a thread)',
    weight: 1,
    fuzzShare: 0.08,
    arb: (files) =>
      fc.tuple(
        fc.tuple(sourceArb(files), dumpPlanArb.map((p) => buildDump(p, 5000, 100))),
        fc.array(fc.record({ file: fc.constantFrom(0 as const, 1 as const), edit: editArb }), { minLength: 1, maxLength: 5 }),
      ),
    check: ([texts, edits]: [[string, string], { file: 0 | 1; edit: Edit }[]]) => checkIncrementalIndex(texts, edits),
  },
];
