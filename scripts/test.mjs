// `npm test`: builds, then runs every level of tests and ends with one plain summary line.
//   unit, lsp and grammar tests: node's test runner over out/tests/{unit,lsp,grammar}
//   e2e: the mocha suite inside a real VS Code (scripts/e2e/run.mjs)
//   web: the browser build in code-server's web-worker extension host (scripts/e2e/web.mjs)
//   vsix: the packaged extension, installed from forum-dump.vsix into code-server, smoke-tested (scripts/e2e/vsix.mjs)
// Environment: FORUM_DUMP_SKIP_E2E=1 skips the real-editor runs (it says so in the summary).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (run(process.execPath, ['esbuild.mjs']) !== 0) process.exit(1);
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']) !== 0) process.exit(1);
// The client is type-checked too (it is bundled by esbuild, which does not check types).
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'client/tsconfig.json']) !== 0) process.exit(1);

mkdirSync('out', { recursive: true });
const tap = join('out', 'node-tests.tap');
const dirs = ['out/tests/unit/', 'out/tests/lsp/', 'out/tests/grammar/'].filter((d) => existsSync(d));
const nodeStatus = run(process.execPath, [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...dirs,
]);
const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tapText) || [])[1] || 0);
let passed = count('pass');
let failed = count('fail') + count('cancelled');
const skipped = count('skipped');
if (nodeStatus !== 0 && failed === 0) failed = 1;
console.log(`node tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);

let e2eNote = '';
if (process.env.FORUM_DUMP_SKIP_E2E === '1') {
  e2eNote = ' (e2e, web and vsix skipped: FORUM_DUMP_SKIP_E2E=1)';
} else {
  for (const script of ['scripts/e2e/run.mjs', 'scripts/e2e/web.mjs', 'scripts/e2e/vsix.mjs']) {
    if (!existsSync(script)) continue;
    const r = spawnSync(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(r.stdout || '');
    const m = [...(r.stdout || '').matchAll(/^(\d+) passed, (\d+) failed/gm)].pop(); // its own final line
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (r.status !== 0 && (!m || Number(m[2]) === 0)) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
if (e2eNote) console.error(e2eNote.trim());
process.exit(failed > 0 ? 1 : 0);
