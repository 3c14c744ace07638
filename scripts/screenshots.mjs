// `npm run screenshots`: pictures of the real editor for the README, taken with the e2e rig
// (code-server + headless Chromium) into docs/: editor.png (the sample with highlighting),
// outline.png, hover.png (preview on a quote header), references.png (peek references on a post
// header), peek-definition.png (a quote in page -02 peeking its post in page -01) and
// problems.png (a broken quote after an edit), thread-view.png and thread-view-author.png (the
// thread view beside the editor; only this author). The driver, tests/e2e/screenshots/index.ts,
// runs in the extension host and sets each picture up; this script takes them.
// Install Debian's fonts-noto-cjk first (.ci/run does), or the Chinese text shows as boxes.
//
// Environment: FORUM_DUMP_SHOTS=editor,hover (only these), FORUM_DUMP_SHOTS_SCALE (default 1).
import { mkdirSync, renameSync, existsSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import {
  buildExtension,
  bundleForExtensionHost,
  copyWorkspace,
  hookAutomation,
  launchBrowser,
  log,
  root,
  setupCodeServer,
  sleep,
  startCodeServer,
  testDir,
  workbenchUrl,
} from './e2e/rig.mjs';

const t0 = Date.now();
const docs = join(root, 'docs');
const HARD_CAP_MS = 5 * 60_000;
let server;
process.on('exit', () => server?.killNow());
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

if (!existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')) log('fonts-noto-cjk is not installed: Chinese text will show as boxes (apt-get install -y fonts-noto-cjk)');

buildExtension();
const outDir = join(root, 'out', 'e2e-shots');
await bundleForExtensionHost([join(root, 'tests', 'e2e', 'screenshots', 'index.ts')], outDir);
if (!setupCodeServer({ quiet: true })) process.exit(1);

const workspace = copyWorkspace('shots-workspace', {
  settings: process.env.FORUM_DUMP_SHOTS ? { 'forumDumpShots.only': process.env.FORUM_DUMP_SHOTS } : {},
});
mkdirSync(join(testDir, 'logs'), { recursive: true });
const logFile = createWriteStream(join(testDir, 'logs', 'screenshots.log'));
server = await startCodeServer({
  name: 'shots',
  userSettings: {
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.fontSize': 14,
    'breadcrumbs.enabled': true,
    // Chinese full-width punctuation is "ambiguous" to VS Code and the archive has zero-width
    // spaces: without these, every ，gets a box and a banner tops the peek.
    'editor.unicodeHighlight.ambiguousCharacters': false,
    'editor.unicodeHighlight.invisibleCharacters': false,
  },
  onOutput: (s) => logFile.write(s),
});
const context = await launchBrowser({ name: 'shots', viewport: { width: 1280, height: 800 }, deviceScaleFactor: Number(process.env.FORUM_DUMP_SHOTS_SCALE || 1) });
const page = context.pages()[0] ?? (await context.newPage());
mkdirSync(docs, { recursive: true });

const taken = [];
let queue = Promise.resolve();
async function take(req) {
  if (req.click) {
    const el = await page.$(req.click);
    if (el) await el.click();
    else log(`${req.name}: nothing to click for ${req.click}`);
  }
  if (req.waitFor) {
    try {
      await page.waitForSelector(req.waitFor, { state: 'visible', timeout: 20_000 });
    } catch {
      log(`${req.name}: ${req.waitFor} did not show within 20 s; taking the picture anyway`);
    }
  }
  await sleep(800); // let the widget finish painting (fonts, fade-in)
  await page.mouse.move(1100, 17); // out of the way, over no tooltip
  const tmp = join(docs, `.${req.name}.tmp.png`);
  await page.screenshot({ path: tmp });
  renameSync(tmp, join(docs, `${req.name}.png`)); // the driver waits for this name to appear
  taken.push(`docs/${req.name}.png`);
  log(`took docs/${req.name}.png`);
}

const { exited } = await hookAutomation(page, {
  note: (s) => logFile.write(s.endsWith('\n') ? s : s + '\n'),
  onText: (type, text) => {
    const m = /^forum-dump-shot (\{.*\})$/m.exec(text);
    if (m) queue = queue.then(() => take(JSON.parse(m[1]))).catch((e) => log(`screenshot failed: ${e}`));
    else if (type === 'error') process.stderr.write(text + '\n');
  },
});
await page.goto(workbenchUrl(server, { folder: workspace, extensionTestsPath: join(outDir, 'index.js') }));

const code = await Promise.race([exited, sleep(HARD_CAP_MS).then(() => -1)]);
await queue;
await Promise.race([context.close().catch(() => {}), sleep(5000)]);
server.killNow();
log(`screenshots: ${taken.length} taken in ${((Date.now() - t0) / 1000).toFixed(0)} s${code === 0 ? '' : ` (driver exit ${code}; see .vscode-test/logs/screenshots.log)`}`);
for (const t of taken) console.log(t);
process.exit(code === 0 ? 0 : 1);
