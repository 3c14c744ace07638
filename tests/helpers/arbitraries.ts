// Arbitraries for the property tests (see properties.ts): generated dumps, mutations of real
// files, random text, editor edits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { formatMinuteArchive} from '../../server/src/model';
import { CORPUS, mdFiles, SEED, SEEDS, THREAD_DIR, VARIANTS } from './paths';

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

export const FRACTION = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

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

/** An edit: where (a fraction of the current length), how much it removes, what it inserts. */
export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

export function resolveEdit(cur: string, e: Edit): [number, number, string] {
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

