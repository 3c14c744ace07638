// `npm run test:e2e` (and the last step of `npm test`): the mocha suite in tests/e2e/suite/ run
// inside a real VS Code — code-server 4.100.3 in headless Chromium — against a throw-away copy
// of seeds/. Ends with one plain line `N passed, N failed`; exits non-zero on any failure.
//
// Environment:
//   FORUM_DUMP_E2E_TIMEOUT   hard cap in seconds for the whole run (default 360)
//   FORUM_DUMP_E2E_VERBOSE=1 also print the browser console and code-server's output
//   FORUM_DUMP_E2E_GREP      only run tests whose title matches (mocha --grep); it reaches the
//                            extension host as the copied workspace's setting forumDumpE2E.grep
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  awaitSuite,
  buildSuite,
  copyWorkspace,
  hookAutomation,
  launchBrowser,
  log,
  root,
  runEnding,
  runLog,
  setupCodeServer,
  startCodeServer,
  workbenchUrl,
} from './rig.mjs';

const t0 = Date.now();
const HARD_CAP_MS = Number(process.env.FORUM_DUMP_E2E_TIMEOUT || 360) * 1000;
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

let context;
const run = {};
const finish = runEnding(run, () => `e2e done in ${secs()}${logPath ? ` (full log: ${logPath})` : ''}`);

let logPath;

/**
 * A small archive in the real layout (board / `tid[title]/tid-NN[title].md`): 12 threads of 10
 * one-post page files, so the workspace is recognised as an archive (07-neighbour.test.ts).
 */
function writeSmallArchive(dir) {
  for (let t = 0; t < 12; t++) {
    const tid = String(3100000 + t);
    const folder = join(dir, '外野', `${tid}[archive ${t}]`);
    mkdirSync(folder, { recursive: true });
    for (let page = 1; page <= 10; page++) {
      const text = `\n*****\n\n####  user${t}  \n##### ${page}#       发表于 2024-3-${page} 10:0${t % 10}\n\npage ${page} of thread ${t}\n`;
      writeFileSync(join(folder, `${tid}-${String(page).padStart(2, '0')}[archive ${t}].md`), text);
    }
  }
}

async function main() {
  process.chdir(root);

  // 1. Build the extension and the suite.
  const { index: suiteIndex, count } = await buildSuite();
  log(`suite built: ${count} test files → out/e2e/ (${secs()})`);

  // 2. The editor.
  if (!setupCodeServer({ quiet: true })) throw new Error('code-server is not available (see above)');
  const settings = {};
  if (process.env.FORUM_DUMP_E2E_GREP) settings['forumDumpE2E.grep'] = process.env.FORUM_DUMP_E2E_GREP;
  const workspace = copyWorkspace('e2e-workspace', { settings });
  writeSmallArchive(join(workspace, 'archive'));
  const runlog = runLog('e2e');
  logPath = runlog.path;
  const note = runlog.note;
  const server = (run.server = await startCodeServer({ name: 'e2e', onOutput: (s) => note(`[code-server] ${s}`) }));
  log(`code-server up on ${server.base} (${secs()})`);

  // 3. The browser, and the suite's results through the automation hooks.
  context = await launchBrowser({ name: 'e2e' });
  const page = context.pages()[0] ?? (await context.newPage());
  const { lines, exited } = await hookAutomation(page, { note });

  const url = workbenchUrl(server, { folder: workspace, extensionTestsPath: suiteIndex });
  note(`[e2e] opening ${url}`);
  await page.goto(url);
  log(`workbench opened (${secs()}); running the suite …`);

  const { passed, failed, why } = await awaitSuite({ exited, server, msLeft: HARD_CAP_MS - (Date.now() - t0), lines, label: 'e2e', capSeconds: HARD_CAP_MS / 1000 });
  await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  runlog.end();
  finish(passed, failed, why);
}

main().catch((e) => {
  finish(0, 1, `e2e run failed: ${e?.stack || e}`);
});

