// `npm run test:electron`: the same e2e suite (tests/e2e/suite/) in desktop VS Code, through
// @vscode/test-electron. For machines that can download VS Code (a developer's laptop, public CI):
// here it fails with `getaddrinfo ENOTFOUND update.code.visualstudio.com` — use
// `npm run test:e2e` (code-server) instead. On a Linux machine without a display, run it under
// `xvfb-run -a`. Ends with `N passed, N failed` like scripts/e2e/run.mjs.
//
// Environment: FORUM_DUMP_VSCODE_VERSION (default "stable"; e.g. "1.100.3", "insiders").
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { USER_SETTINGS, buildSuite, copyWorkspace, freshDir, freshShortDir, log, root, testDir } from './rig.mjs';

const t0 = Date.now();
let passed = 0;
let failed = 0;
let summary = false;

// Count from the suite's own summary line as it goes by on our stdout.
const write = process.stdout.write.bind(process.stdout);
let pending = '';
process.stdout.write = (chunk, ...rest) => {
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const l of lines) {
    const m = /forum-dump e2e: (\d+) passed, (\d+) failed/.exec(l);
    if (m) {
      passed = Number(m[1]);
      failed = Number(m[2]);
      summary = true;
    }
  }
  return write(chunk, ...rest);
};

let code = 1;
try {
  const { index } = await buildSuite();
  const workspace = copyWorkspace('electron-workspace');
  const userData = freshShortDir('electron-user-data'); // holds VS Code's sockets: a short path
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  code = await runTests({
    version: process.env.FORUM_DUMP_VSCODE_VERSION || 'stable',
    cachePath: testDir,
    extensionDevelopmentPath: root,
    extensionTestsPath: index,
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--extensions-dir', freshDir('electron-extensions'),
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
  });
} catch (e) {
  log(`test-electron run failed: ${e?.stack || e}`);
  code = 1;
}
if (code !== 0 && failed === 0) failed = 1;
if (!summary && code === 0) failed = 1; // VS Code exited 0 but the suite never reported
log(`electron e2e done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
