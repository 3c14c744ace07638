// The CLI, run as a user runs it: `node dist/cli.js …` (built by `npm test` before the tests).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SEED, THREAD_DIR } from '../helpers/paths';

const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cli', () => {
  it('outline --json has exactly the documented shape', () => {
    const r = cli('outline', '--json', path.relative(ROOT, SEED));
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(Object.keys(j), ['files']);
    const f = j.files[0];
    assert.deepEqual(Object.keys(f), ['path', 'posts', 'quotes']);
    assert.equal(f.path, 'seeds/000_30f14379e19f2ff5.txt');
    assert.equal(f.posts.length, 95);
    assert.deepEqual(f.posts[11], { floor: 12, author: 'Alce79', date: '2025-01-31 09:29', op: false, line: 130 });
    assert.equal(f.quotes.length, 50);
    const q = f.quotes.find((x: { line: number }) => x.line === 133);
    assert.deepEqual(q, { line: 133, author: 'sellboy', date: '2025-01-31 09:20', pid: null, status: 'resolved', target: { path: f.path, index: 5, floor: 6 } });
    assert.deepEqual(Object.keys(f.quotes[0]), ['line', 'author', 'date', 'pid', 'status', 'target']);
  });

  it('resolves a folder as one workspace: quotes land in the other page file', () => {
    const r = cli('outline', '--json', path.relative(ROOT, THREAD_DIR));
    const j = JSON.parse(r.out);
    assert.equal(j.files.length, 2);
    const [p1, p2] = j.files;
    assert.ok(p2.quotes.some((q: { target: { path: string } | null }) => q.target?.path === p1.path));
    for (const q of p2.quotes) assert.ok(['resolved', 'ambiguous', 'notfound', 'outside'].includes(q.status));
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
    const j = JSON.parse(cli('check', '--json', f).out);
    assert.deepEqual(j.files[0].problems[1], { line: 14, column: 13, severity: 'warning', code: 'broken-quote', message: 'Broken quote: no post by a at 2025-01-01 10:07 in this thread' });
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
    assert.equal(JSON.parse(r.out).files.length, 1);
    assert.equal(cli('frobnicate', 'x').code, 2);
    assert.equal(cli().code, 2);
    assert.match(cli('--help').out, /usage: forum-dump/);
  });
});
