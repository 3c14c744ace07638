// `npm run test:web` (and a step of `npm test`, after the Node e2e suite): the extension as a
// web extension, in code-server's web-worker extension host — the host github.dev and vscode.dev
// run extensions in: no Node, no disk. It loads a copy of the extension whose package.json has no
// `main` (so the `browser` entry, dist/web.js, runs; the server is dist/webServer.js in a Web
// Worker) and runs tests/e2e/web-suite/ (bundled for the browser) inside that host. Ends with one
// plain line `N passed, N failed`; exits non-zero on any failure. Recipe and pitfalls:
// shared/notes/web-extension.md.
//
// Environment: FORUM_DUMP_E2E_TIMEOUT (seconds, default 240), FORUM_DUMP_E2E_VERBOSE=1.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awaitSuite, buildExtension, copyWorkspace, freshDir, hookAutomation, launchBrowser, log, root, runEnding, runLog, setupCodeServer, startCodeServer, testDir, workbenchUrl } from './rig.mjs';

const t0 = Date.now();
const HARD_CAP_MS = Number(process.env.FORUM_DUMP_E2E_TIMEOUT || 240) * 1000;
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const run = {};
const finish = runEnding(run, () => `web e2e done in ${secs()} (full log: ${join(testDir, 'logs', 'web.log')})`);

/** What a web extension needs at run time, and a package.json without `main` (or `bin`). */
function webExtensionCopy() {
  const dir = freshDir('web-extension');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete pkg.main;
  delete pkg.bin;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  for (const f of ['package.nls.json', 'package.nls.zh-cn.json', 'language-configuration.json', 'LICENSE', 'README.md', 'l10n', 'syntaxes', 'dist/web.js', 'dist/webServer.js', 'dist/webview', 'images']) {
    cpSync(join(root, f), join(dir, f), { recursive: true });
  }
  return dir;
}

/**
 * Bundles the suite into the extension copy: VS Code runs a test module in the extension host of
 * the extension whose folder holds it (a test module elsewhere under vscode-remote:// would run
 * in the Node host).
 */
async function bundleWebSuite(ext) {
  const out = join(ext, 'web-suite', 'index.js');
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [join(root, 'tests', 'e2e', 'web-suite', 'index.ts')], outfile: out, bundle: true, platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'warning' });
  return out;
}

async function main() {
  process.chdir(root);
  buildExtension();
  const ext = webExtensionCopy();
  const suite = await bundleWebSuite(ext);
  log(`web extension copied to ${ext}, suite bundled (${secs()})`);
  if (!setupCodeServer({ quiet: true })) throw new Error('code-server is not available (see above)');
  const workspace = copyWorkspace('web-workspace');
  const runlog = runLog('web');
  const note = runlog.note;
  const server = (run.server = await startCodeServer({ name: 'web', onOutput: (s) => note(`[code-server] ${s}`) }));
  const context = await launchBrowser({ name: 'web' });
  const page = context.pages()[0] ?? (await context.newPage());
  // The web-worker host's console reaches the page's console (and codeAutomationLog where the
  // workbench forwards it): the suite's lines are read from either, and printed once.
  const printed = new Set();
  const show = (text) => {
    if (/forum-dump web|^\s+[✓✗]/.test(text) && !printed.has(text)) {
      printed.add(text);
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  };
  const { lines, exited } = await hookAutomation(page, { note, onText: (_type, text) => show(text) });
  page.on('console', (m) => {
    const text = m.text().replace(/^%c \w+ color: #\w+ /, ''); // the page console's copy of a host line
    for (const l of text.split('\n')) lines.push(l);
    show(text);
  });
  await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: ext, extensionTestsPath: suite }));
  log(`workbench opened (${secs()}); running the web suite …`);
  const { passed, failed, why } = await awaitSuite({ exited, server, msLeft: HARD_CAP_MS - (Date.now() - t0), lines, label: 'web', capSeconds: HARD_CAP_MS / 1000 });
  await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  runlog.end();
  finish(passed, failed, why);
}

main().catch((e) => finish(0, 1, `web e2e run failed: ${e?.stack || e}`));
