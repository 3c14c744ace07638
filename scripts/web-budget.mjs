// `npm run check:web`: the two budgets of the browser build (issue 15), measured.
//   size  — dist/web.js + dist/webServer.js, minified, together ≤ 1,000,000 bytes
//           (tests/unit/web.test.ts checks the same on every `npm test`);
//   start — a Web Worker running dist/webServer.js answers `initialize` ≤ 500 ms after it is
//           created, in headless Chromium (the browser github.dev runs in), median of 7 runs.
// Prints both figures against their budgets; exits 1 when one is over. `npm run bench` prints
// them too (`--json --no-build`). Needs /usr/bin/chromium (apt-get install chromium).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, root } from './e2e/rig.mjs';

export const SIZE_BUDGET = 1_000_000;
export const START_BUDGET_MS = 500;
const RUNS = 7;

/** Sizes of the two browser bundles (builds them first unless `build` is false). */
export function bundleSizes({ build = true } = {}) {
  if (build && spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const files = ['dist/web.js', 'dist/webServer.js'];
  const sizes = Object.fromEntries(files.map((f) => [f, statSync(join(root, f)).size]));
  return { sizes, total: Object.values(sizes).reduce((a, b) => a + b, 0) };
}

/** Milliseconds from `new Worker(blob URL)` to the answer to `initialize`, per run (sorted). */
export async function workerStartTimes(runs = RUNS) {
  const code = readFileSync(join(root, 'dist', 'webServer.js'), 'utf8');
  const context = await launchBrowser({ name: 'web-budget' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    const times = await page.evaluate(
      async ({ code, runs }) => {
        const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
        const out = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const worker = new Worker(url);
          const ms = await new Promise((resolve, reject) => {
            worker.onmessage = (e) => e.data?.id === 1 && resolve(performance.now() - t0);
            worker.onerror = (e) => reject(new Error(e.message));
            worker.postMessage({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null, locale: 'en' } });
          });
          worker.terminate();
          out.push(ms);
        }
        return out;
      },
      { code, runs },
    );
    return times.sort((a, b) => a - b);
  } finally {
    await context.close().catch(() => undefined);
  }
}

export async function measureWebBudgets({ build = true } = {}) {
  const { sizes, total } = bundleSizes({ build });
  const times = await workerStartTimes();
  const median = times[Math.floor(times.length / 2)];
  return { sizes, total, times, median };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { sizes, total, times, median } = await measureWebBudgets({ build: !process.argv.includes('--no-build') });
  if (process.argv.includes('--json')) {
    // For bench/bench.ts: the figures, whatever the budgets say.
    console.log(JSON.stringify({ sizes, total, times, median, sizeBudget: SIZE_BUDGET, startBudgetMs: START_BUDGET_MS }));
    process.exit(0);
  }
  const sizeOk = total <= SIZE_BUDGET;
  const startOk = median <= START_BUDGET_MS;
  console.log(`browser bundles: ${Object.entries(sizes).map(([f, n]) => `${f} ${(n / 1000).toFixed(0)} kB`).join(' + ')} = ${(total / 1000).toFixed(0)} kB (budget ${SIZE_BUDGET / 1000} kB) ${sizeOk ? 'ok' : 'OVER'}`);
  console.log(`server worker start to initialize answered: median ${median.toFixed(0)} ms of ${times.length} (${times.map((t) => t.toFixed(0)).join(', ')}) (budget ${START_BUDGET_MS} ms) ${startOk ? 'ok' : 'OVER'}`);
  process.exit(sizeOk && startOk ? 0 : 1);
}
