// The thread view's webview script in headless Chromium, fed by the real renderer (the compiled
// server features) instead of VS Code: what `npm run bench` measures the view with (time to first
// render, DOM nodes, heap), and a quick way to try the view on any folder of dumps:
//   node bench/threadViewPage.mjs FOLDER [FLOOR]     (after `npm run build && npx tsc -p .`)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, root } from '../scripts/e2e/rig.mjs';

const require = createRequire(import.meta.url);

/** Every dump below `dir`, as one workspace index. */
export function loadFolder(dir) {
  const { WorkspaceIndex } = require(join(root, 'out/server/src/workspace'));
  const index = new WorkspaceIndex();
  const uris = [];
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|txt)$/.test(e.name)) {
        const text = readFileSync(p, 'utf8');
        bytes += Buffer.byteLength(text);
        const uri = pathToFileURL(p).href;
        index.set(uri, text);
        uris.push(uri);
      }
    }
  };
  walk(dir);
  return { index, uris: uris.sort(), bytes };
}

/**
 * Opens the view on the thread of `uri` in a fresh page: the same script and style VS Code loads
 * (dist/webview/), the same messages. Returns the page and helpers; `timing.firstRender` is from
 * the view's script starting to the first post in the DOM, the server's work for its requests
 * (thread meta, the first screen's posts) included; `timing.pageMs` is the empty page before it.
 */
export async function openView(browser, index, uri, { start = 0, viewport = { width: 900, height: 1000 } } = {}) {
  const { threadMeta, threadPosts } = require(join(root, 'out/server/src/features/threadView'));
  const { encodeMeta } = require(join(root, 'out/shared/protocol'));
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => console.error('[view]', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('[view console]', m.text()));
  const t0 = performance.now();
  let serverMs = 0;
  const s0 = performance.now();
  const meta = threadMeta(index.view(uri));
  const wire = encodeMeta(meta);
  serverMs += performance.now() - s0;
  let probeSeq = 0;
  const marks = {};
  const probes = new Map();
  const strings = { goToFloor: 'Go to floor', goToFloorPlaceholder: 'Floor #', op: 'OP', new: 'new', replies: '{0} replies:', oneReply: '1 reply:', postsBy: '{0} posts by {1}', showAll: 'show all', continueAt: 'Continue at {0}', dismiss: 'Dismiss', page: 'Page {0}', onlyThisAuthor: 'Only this author', expand: 'Show', expandReply: 'Show', noFloor: 'No floor {0}', keys: '', loading: 'Loading…' };
  await page.exposeFunction('__host', async (m) => {
    // As JSON text (VS Code sends webview messages as JSON too; Playwright's own argument
    // serialisation of a big object would be measured otherwise).
    const send = (x) => page.evaluate((j) => window.postMessage(JSON.parse(j), '*'), JSON.stringify(x)).catch(() => {});
    if (m.type === 'ready') {
      marks.ready = performance.now();
      // As the extension does: the first screen's posts come with the init message.
      const s = performance.now();
      const first = threadPosts(index.view(uri), Math.max(0, start - 3), start + 20, {});
      serverMs += performance.now() - s;
      marks.serverDone = performance.now();
      await send({ type: 'init', meta: wire, strings, start, posts: first.posts, continueAt: null, lastSeenDate: null, remoteImages: false });
      marks.sent = performance.now();
    }
    else if (m.type === 'fetch') {
      const s = performance.now();
      const r = threadPosts(index.view(uri), m.from, m.to, {});
      serverMs += performance.now() - s;
      await send({ type: 'posts', generation: r.generation, posts: r.posts });
    } else if (m.type === 'probeResult') probes.get(m.seq)?.(m.result);
  });
  const css = readFileSync(join(root, 'dist/webview/threadView.css'), 'utf8');
  const js = readFileSync(join(root, 'dist/webview/threadView.js'), 'utf8');
  await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="app"></div></body></html>`);
  const t1 = performance.now();
  await page.addScriptTag({ content: 'window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__host(m), getState: () => undefined, setState: () => {} });' });
  await page.addScriptTag({ content: js });
  await page.waitForSelector('article.post .body:not(.loading)');
  // From the view's script starting to the first post in the DOM (the page itself is ready:
  // creating it is the browser's part, as a webview's boot is VS Code's; reported apart).
  const firstRender = performance.now() - t1;
  const pageMs = t1 - t0;
  if (process.env.FORUM_DUMP_TV_MARKS) {
    const inPage = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
    console.error('marks (ms after the script starts):', Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(v - t1)])), 'first post', Math.round(firstRender), 'in page (ms since its start):', inPage);
  }
  const probe = (action) =>
    new Promise((resolve) => {
      const seq = ++probeSeq;
      probes.set(seq, resolve);
      void page.evaluate((x) => window.postMessage(x, '*'), { type: 'probe', seq, action });
    });
  return { page, meta, probe, timing: { firstRender, serverMs, pageMs } };
}

export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir || !statSync(dir).isDirectory()) {
    console.error('usage: node bench/threadViewPage.mjs FOLDER [FLOOR]');
    process.exit(2);
  }
  const { index, uris, bytes } = loadFolder(dir);
  const browser = await launch();
  try {
    const { probe, meta, timing } = await openView(browser, index, uris[0]);
    console.log(`${uris.length} files, ${(bytes / 1048576).toFixed(1)} MiB, ${meta.posts.length} posts; first render ${timing.firstRender.toFixed(0)} ms after the script starts (server ${timing.serverMs.toFixed(0)} ms; the page before it ${timing.pageMs.toFixed(0)} ms)`);
    const brief = (x) => JSON.stringify({ ...x, floors: `${x.floors[0]}…${x.floors.at(-1)}`, authors: x.authors.length });
    console.log(brief(await probe({ op: 'state' })));
    if (process.argv[3]) {
      console.log(brief(await probe({ op: 'goto', floor: process.argv[3] })));
      await new Promise((r) => setTimeout(r, 500));
      console.log(brief(await probe({ op: 'state' })));
      for (const key of ['j', 'j', 'k', 'G', 'g']) console.log(key, brief(await probe({ op: 'key', key })));
    }
  } finally {
    await browser.close();
  }
}
