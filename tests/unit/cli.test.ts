// The CLI, run as a user runs it: `node dist/cli.js …` (built by `npm test` before the tests).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonSafe, terminalSafe } from '../../server/src/cli/terminal';
import { DumpDocument } from '../../server/src/model';
import { ROOT, SEED, SEEDS, THREAD_DIR, read } from '../helpers/paths';

const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(...args: (string | Record<string, string>)[]) {
  return cliAs([], ...args);
}

/** The CLI under a command prefix (e.g. setpriv, to run it as another user); an object: extra environment. */
function cliAs(prefix: string[], ...args: (string | Record<string, string>)[]) {
  const [cmd, ...pre] = [...prefix, process.execPath];
  const env = { ...process.env, ...(args.find((a) => typeof a === 'object') as Record<string, string> | undefined) };
  const r = spawnSync(cmd, [...pre, CLI, ...args.filter((a): a is string => typeof a === 'string')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The objects of JSON Lines output (each line parsed on its own); file objects only. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function jsonLines(out: string, kind = 'file'): any[] {
  assert.ok(out === '' || out.endsWith('\n'), 'output ends with a line break');
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))
    .filter((o) => o.kind === kind);
}

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fd-cli-'));

/** What no terminal may receive raw: C0 (but LF), DEL, C1, U+2028/2029, bidi controls, lone surrogates. */
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text encoded as GBK (code points GBK lacks as "?"), through the reverse of Node's GBK decoder. */
function encodeGbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      const c = dec.decode(Uint8Array.from([b1, b2]));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [b1, b2]);
    }
  }
  const bytes: number[] = [];
  for (const c of text) {
    if (c.charCodeAt(0) < 0x80) bytes.push(c.charCodeAt(0));
    else bytes.push(...(table.get(c) ?? [0x3f]));
  }
  return Buffer.from(bytes);
}

describe('cli', () => {
  it('outline --json writes JSON Lines of exactly the documented shape', () => {
    const r = cli('outline', '--json', path.relative(ROOT, SEED));
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines.pop(), '', 'every line ends with a line break');
    assert.equal(lines.length, 1, 'one object per file');
    const f = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(f), ['kind', 'path', 'thread', 'page', 'posts', 'quotes']);
    assert.deepEqual([f.kind, f.path, f.thread, f.page], ['file', 'seeds/000_30f14379e19f2ff5.txt', '2244747', null]);
    assert.equal(f.posts.length, 95);
    assert.deepEqual(f.posts[11], { floor: 12, author: 'Alce79', date: '2025-01-31 09:29', op: false, line: 130 });
    assert.equal(f.quotes.length, 50);
    const q = f.quotes.find((x: { line: number }) => x.line === 133);
    // A target in the same file has path null.
    assert.deepEqual(q, { line: 133, author: 'sellboy', date: '2025-01-31 09:20', pid: null, status: 'resolved', target: { path: null, index: 5, floor: 6 } });
    assert.deepEqual(Object.keys(f.quotes[0]), ['line', 'author', 'date', 'pid', 'status', 'target']);
  });

  it('resolves the page files of a thread together: quotes land in the other page file', () => {
    const r = cli('outline', '--json', path.relative(ROOT, THREAD_DIR));
    const files = jsonLines(r.out);
    assert.equal(files.length, 2);
    const [p1, p2] = files;
    assert.deepEqual([p1.page, p2.page, p1.thread, p2.thread], [1, 2, '2243718', '2243718']);
    assert.ok(p2.quotes.some((q: { target: { path: string } | null }) => q.target?.path === p1.path));
    for (const q of p2.quotes) assert.ok(['resolved', 'ambiguous', 'notfound', 'outside'].includes(q.status));
  });

  it('resolves a quote into another thread of the run (its findpost ptid), "outside" without it', () => {
    // Thread 9990001 quotes post #6 of the seed thread 2244747 by its findpost link.
    const p = new DumpDocument(read(SEED)).posts[5];
    const quoting = `*****\n\n####  reader  \n##### 1#  发表于 2025-2-1 10:00\n\n<blockquote><a href="https://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1&amp;ptid=2244747" target="_blank">${p.author} 发表于 ${p.date!.text.replace(/-0/g, '-')}</a>\nx</blockquote>\nreply\n`;
    const dir = tmpDir();
    try {
      fs.mkdirSync(path.join(dir, '9990001[q]'));
      const q = path.join(dir, '9990001[q]', '9990001-01[q].md');
      fs.writeFileSync(q, quoting);
      const alone = cli('check', q);
      assert.match(alone.out, /in another thread \(2244747\), not in this folder \[quote-outside\]/);
      // The quoted thread in the same folder (its own file name), and named on its own (the seed's name carries no id).
      fs.mkdirSync(path.join(dir, '2244747[seed]'));
      const seedCopy = path.join(dir, '2244747[seed]', '2244747-01[seed].md');
      fs.copyFileSync(SEED, seedCopy);
      for (const args of [[dir], [q, SEED]]) {
        for (const jobs of ['1', '2']) {
          const check = cli('check', ...args, { FORUM_DUMP_JOBS: jobs });
          assert.doesNotMatch(check.out, /9990001-01.*quote-outside/, check.out);
          const quote = jsonLines(cli('outline', '--json', ...args, { FORUM_DUMP_JOBS: jobs }).out).find((f) => f.thread === '9990001').quotes[0];
          assert.deepEqual([quote.status, quote.target.path, quote.target.index, quote.target.floor], ['resolved', args.length === 1 ? seedCopy : SEED, 5, p.floor]);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints threads in the same order whatever the number of worker threads', () => {
    const dir = path.relative(ROOT, SEEDS);
    const one = cli('outline', '--json', dir, { FORUM_DUMP_JOBS: '1' });
    const three = cli('outline', '--json', dir, { FORUM_DUMP_JOBS: '3' });
    assert.equal(one.code, 0, one.err);
    assert.equal(three.out, one.out);
    const files = jsonLines(one.out);
    assert.ok(files.length >= 10);
    // Grouped by thread: the pages of a thread are consecutive.
    const threads = files.map((f) => f.thread);
    for (const t of new Set(threads)) {
      const at = threads.flatMap((x, i) => (x === t ? [i] : []));
      assert.equal(at[at.length - 1] - at[0], at.length - 1, `thread ${t} is printed in one run`);
    }
    assert.equal(cli('check', dir, { FORUM_DUMP_JOBS: '3' }).out, cli('check', dir, { FORUM_DUMP_JOBS: '1' }).out);
  });

  it('outline --json of a 10 MB dump with 200k quotes under a long path writes valid JSON Lines', () => {
    // Used to build one string and die with "RangeError: Invalid string length", writing nothing.
    let dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-cli-'));
    while (dir.length < 3000) dir = path.join(dir, 'x'.repeat(240));
    fs.mkdirSync(dir, { recursive: true });
    const f = path.join(dir, '9-01[t].md');
    const quote = '<blockquote>a 发表于 2025-1-1 10:00\nhi</blockquote>\n';
    const parts = ['\n*****\n\n####  a  \n##### 1#       发表于 2025-1-1 10:00\n\nhi\n'];
    for (let i = 0; i < 10000; i++) parts.push(`\n*****\n\n####  u${i}  \n##### ${i + 2}#       发表于 2025-1-1 11:00\n\n${quote.repeat(20)}ok\n`);
    fs.writeFileSync(f, parts.join(''));
    assert.ok(fs.statSync(f).size > 10e6);
    const r = cli('outline', '--json', f);
    assert.equal(r.code, 0, r.err);
    const files = jsonLines(r.out);
    assert.equal(files.length, 1);
    assert.equal(files[0].path, f);
    assert.equal(files[0].posts.length, 10001);
    assert.equal(files[0].quotes.length, 200000);
    assert.ok(files[0].quotes.every((q: { status: string; target: { floor: number } }) => q.status === 'resolved' && q.target.floor === 1));
    fs.rmSync(dir.slice(0, dir.indexOf('fd-cli-') + 13), { recursive: true, force: true });
  });

  it('outline prints posts per file for people', () => {
    const r = cli('outline', path.relative(ROOT, SEED));
    assert.match(r.out, /^seeds\/000_30f14379e19f2ff5\.txt {2}\(95 posts, 50 quotes, thread 2244747\)$/m);
    assert.match(r.out, /^ +#12 {2}Alce79 {2}2025-01-31 09:29 {2}line 131$/m);
    assert.match(r.out, /↪ sellboy 2025-01-31 09:20 {2}→ #6 \(exact\)/);
  });

  it('check reports file:line:col: severity: message [code] and exits 1 on errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-cli-'));
    const f = path.join(dir, '1-01[t].md');
    fs.writeFileSync(
      f,
      '\n*****\n\n####  a  \n##### 1#       发表于 2025-1-1 10:00\n\nhi\n\n*****\n\n####  b  \n##### 2#       发表于 2025-13-1 10:00\n\n<blockquote>a 发表于 2025-1-1 10:07\nhi</blockquote>\nok\n',
    );
    const r = cli('check', f);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.deepEqual(lines, [
      `${f}:12:1: error: Malformed post header: "2025-13-1 10:00" is not a valid date (YYYY-M-D HH:MM) [malformed-header]`,
      `${f}:14:13: warning: Broken quote: no post by a at 2025-01-01 10:07 in this thread [broken-quote]`,
    ]);
    const [j] = jsonLines(cli('check', '--json', f).out);
    assert.deepEqual(Object.keys(j), ['kind', 'path', 'problems']);
    assert.deepEqual(j.problems[1], { line: 14, column: 13, severity: 'warning', code: 'broken-quote', message: 'Broken quote: no post by a at 2025-01-01 10:07 in this thread' });
    assert.equal(cli('check', path.relative(ROOT, SEED)).code, 0);
  });

  it('names bad input in one line and goes on with the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-cli-'));
    const bin = path.join(dir, 'x.md');
    fs.writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 254, 0, 0, 0]));
    const r = cli('outline', '--json', 'no/such/file.md', bin, 'package.json', path.relative(ROOT, SEED));
    assert.equal(r.code, 1);
    assert.deepEqual(r.err.trim().split('\n'), [
      'forum-dump: no/such/file.md: no such file or folder',
      `forum-dump: ${bin}: binary file, not a forum dump`,
      'forum-dump: package.json: not a forum dump (no "*****" / "####  NAME" / "##### N#  发表于 DATE" post in its first 8 KB)',
    ]);
    assert.equal(jsonLines(r.out).length, 1);
    assert.deepEqual(
      jsonLines(r.out, 'error').map((e) => [Object.keys(e), e.path, e.message.slice(0, 14)]),
      [
        [['kind', 'path', 'message'], 'no/such/file.md', 'no such file o'],
        [['kind', 'path', 'message'], bin, 'binary file, n'],
        [['kind', 'path', 'message'], 'package.json', 'not a forum du'],
      ],
    );
    assert.equal(cli('frobnicate', 'x').code, 2);
    assert.equal(cli().code, 2);
    assert.match(cli('--help').out, /usage: forum-dump/);
  });

  // Authors are whatever the dump says: a terminal must not take them as control sequences.
  const HOSTILE = [
    '\x1b]0;pwned window title\x07', // OSC 0: sets the window title
    '\x1b[2J\x1b[Hcleared', // clears the screen
    '\x1b]8;;https://evil.example/\x1b\\Alce79\x1b]8;;\x1b\\', // OSC 8 hyperlink
    'c1\x9b31mred\x9d0;t\x9c', // C1 CSI and OSC
    'a\u202eevil\u202cb\u2066i\u2069', // bidi override and isolate
    'line\u2028sep\u2029x\x7fdel',
  ];

  it('prints hostile author names as visible escapes, and their JSON exactly, as \\u escapes', () => {
    const seed = read(SEED);
    const dir = tmpDir();
    HOSTILE.forEach((name, i) => {
      // The name of #12 (and of the quotes that find it); one quote header names nobody: a broken quote.
      const text = seed.replaceAll('Alce79', name).replace('sellboy 发表于 2025-1-31 09:20', `${name}nobody 发表于 2025-1-31 09:20`);
      fs.writeFileSync(path.join(dir, `${i}.txt`), text);
    });
    const files = HOSTILE.map((_, i) => path.join(dir, `${i}.txt`));
    const human = cli('outline', ...files);
    assert.equal(human.code, 0, human.err);
    const checked = cli('check', ...files);
    for (const [what, out] of [['outline', human.out], ['check', checked.out]]) {
      const raw = UNSAFE.exec(out);
      assert.equal(raw, null, `${what} printed a raw U+${raw?.[0].charCodeAt(0).toString(16)}`);
    }
    assert.match(human.out, /^ +#12 {2}\\x1B\]0;pwned window title\\x07 {2}2025-01-31 09:29 {2}line 131$/m);
    assert.ok(human.out.includes('\\x1B]8;;https://evil.example/\\x1B\\Alce79\\x1B]8;;\\x1B\\'), human.out);
    assert.ok(human.out.includes('c1\\x9B31mred\\x9D0;t\\x9C'));
    assert.ok(human.out.includes('a\\u202Eevil\\u202Cb\\u2066i\\u2069'));
    assert.ok(human.out.includes('line\\u2028sep\\u2029x\\x7Fdel'));
    assert.equal((checked.out.match(/\[broken-quote\]$/gm) ?? []).length, HOSTILE.length);
    assert.match(checked.out, /: warning: Broken quote: no post by \\x1B\[2J\\x1B\[Hclearednobody at 2025-01-31 09:20 /);

    const json = cli('outline', '--json', ...files);
    assert.equal(json.code, 0, json.err);
    assert.equal(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.exec(json.out), null, 'no raw control in the JSON text');
    const j = jsonLines(json.out);
    HOSTILE.forEach((name, i) => {
      assert.equal(j[i].posts[11].author, name, 'the JSON keeps the exact name');
      assert.ok(j[i].quotes.some((q: { author: string }) => q.author === `${name}nobody`));
    });
  });

  it('terminalSafe/jsonSafe: no unsafe character survives, everything else is kept, JSON means the same', () => {
    // Lone surrogates cannot come from a UTF-8 file, but the rule covers them too.
    assert.equal(terminalSafe('a\ud800b\udc00c\ud83d\ude00'), 'a\\uD800b\\uDC00c\ud83d\ude00');
    assert.equal(terminalSafe('x\ny\tz\r'), 'x\ny\\x09z\\x0D');
    const unit = fc.oneof(fc.fullUnicode(), fc.constantFrom('\x1b', '\x07', '\x9b', '\x9c', '\x7f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udfff', '\n'));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((a) => a.join('')), (s) => {
        const t = terminalSafe(s);
        assert.equal(UNSAFE.exec(t), null);
        if (!UNSAFE.test(s)) assert.equal(t, s); // ordinary text, Chinese and emoji included, unchanged
        const js = jsonSafe(JSON.stringify({ s }));
        assert.equal(/[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.exec(js), null);
        assert.deepEqual(JSON.parse(js), { s });
      }),
      { numRuns: 2000 },
    );
  });

  it('says a GBK-encoded dump is not UTF-8, alone and in a folder, and exits 1', () => {
    const dir = tmpDir();
    const gbk = path.join(dir, 'gbk.txt');
    fs.writeFileSync(gbk, encodeGbk(read(SEED)));
    const bin = path.join(dir, 'x.md');
    fs.writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 254, 0, 0, 0]));
    fs.copyFileSync(SEED, path.join(dir, 'ok.txt'));
    const msg = `forum-dump: ${gbk}: not UTF-8 (looks like GBK/GB18030); convert it, e.g. iconv -f GB18030 -t UTF-8`;
    const r = cli('outline', gbk);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim(), msg);
    // In a folder: the GBK dump is reported, the binary file passed over, the UTF-8 dump read.
    const f = cli('outline', '--json', dir);
    assert.equal(f.code, 1);
    assert.equal(f.err.trim(), msg);
    assert.deepEqual(jsonLines(f.out).map((x: { path: string }) => path.basename(x.path)), ['ok.txt']);
  });

  it('`--` ends the options: a path that starts with -- is a path', () => {
    const dir = tmpDir();
    fs.copyFileSync(SEED, path.join(dir, '--json'));
    const r = spawnSync(process.execPath, [CLI, 'outline', '--', '--json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^--json {2}\(95 posts, 50 quotes, thread 2244747\)$/m);
    const j = spawnSync(process.execPath, [CLI, 'outline', '--json', '--', '--json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(jsonLines(j.stdout)[0].posts.length, 95);
    assert.equal(cli('outline', '--frob', '--', 'x').code, 2); // options before -- are still checked
    assert.match(cli('outline', '--frob').err, /unknown option --frob/);
  });

  // A file that cannot be read (EACCES). Root reads any file whatever its mode, so as root the CLI
  // runs as user nobody (setpriv) on a chmod 000 file and a chmod 000 folder: a real EACCES either way.
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
  const asRoot = process.getuid?.() === 0;
  it('reports a file and a folder it cannot read inside a folder, and exits 1', { skip: asRoot && !setpriv ? 'running as root without setpriv: chmod 000 does not stop root' : false }, () => {
    const dir = tmpDir();
    fs.chmodSync(dir, 0o755);
    fs.copyFileSync(SEED, path.join(dir, 'a.txt'));
    fs.copyFileSync(SEED, path.join(dir, 'locked.txt'));
    fs.chmodSync(path.join(dir, 'locked.txt'), 0o000);
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.copyFileSync(SEED, path.join(dir, 'sub', 'b.txt'));
    fs.chmodSync(path.join(dir, 'sub'), 0o000);
    const prefix = asRoot ? [setpriv!, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    for (const p of [ROOT, path.dirname(CLI), CLI]) assert.doesNotThrow(() => fs.accessSync(p, fs.constants.R_OK), `${p} must be readable by the test user`);
    const r = cliAs(prefix, 'outline', '--json', dir);
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(r.err.trim().split('\n').sort(), [
      `forum-dump: ${path.join(dir, 'locked.txt')}: cannot read (EACCES)`,
      `forum-dump: ${path.join(dir, 'sub')}: cannot list this folder (EACCES)`,
    ]);
    assert.deepEqual(jsonLines(r.out).map((x: { path: string }) => path.basename(x.path)), ['a.txt']);
    // Without the locked parts the same folder is fine: what failed was the reading.
    fs.rmSync(path.join(dir, 'locked.txt'));
    fs.chmodSync(path.join(dir, 'sub'), 0o755);
    const ok = cliAs(prefix, 'outline', '--json', dir);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(jsonLines(ok.out).length, 2);
  });
});
