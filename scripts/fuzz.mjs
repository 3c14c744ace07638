// `npm run fuzz`: the property tests of tests/helpers/properties.ts (the ones tests/unit/properties.test.ts
// runs with a fixed seed and a small budget) with a random seed and a million cases or more,
// spread over worker processes (one per core). Builds first (esbuild + tsc), like `npm test`.
//
// Environment:
//   FUZZ_RUNS=1000000   total cases, shared among the properties by their fuzzShare
//   FUZZ_SEED=N         base seed (default: random; printed either way)
//   FUZZ_WORKERS=N      worker processes (default: available cores)
//   FUZZ_CORPUS=0       mutate seeds/ only, not ../shared/corpus
//   FUZZ_STALL_S=180    a worker silent this long is reported as hung (its chunk's seed) and killed
//   FUZZ_REPLAY='{"property":"…","seed":N,"path":"…"}'   re-run one reported case (no workers)
//   FUZZ_NO_BUILD=1     use out/ as it is
//
// Every failure is printed with its property, seed and path (fast-check's replay data) and the
// replay command; the counterexample goes to out/fuzz-failures/. Exit status 1 on any failure.
import { fork, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const require = createRequire(import.meta.url);
const HELPERS = path.join(root, 'out/tests/helpers/properties.js');
/** Cases per fc.check call in a worker: a progress report (and a fresh seed) after each. */
const CHUNK = 250;

const fmt = (n) => n.toLocaleString('en-US');
const clip = (s, n = 600) => (s.length > n ? s.slice(0, n) + ` … (${s.length} characters)` : s);

function load() {
  const fc = require('fast-check');
  const helpers = require(HELPERS);
  return { fc, helpers };
}

// ---------------------------------------------------------------------------------------------
// Worker: runs its share of each property in chunks, reporting over IPC.
async function worker() {
  const { fc, helpers } = load();
  const { index, workers, seed, plan, corpus } = JSON.parse(process.env.FUZZ_WORKER);
  const files = helpers.loadRealFiles(corpus);
  const send = (m) => new Promise((r) => process.send(m, r));
  await send({ type: 'ready', files: files.length });
  for (const [pi, total] of plan) {
    const p = helpers.PROPERTIES[pi];
    const mine = Math.floor(total / workers) + (index < total % workers ? 1 : 0);
    let done = 0;
    for (let chunk = 0; done < mine; chunk++) {
      const numRuns = Math.min(CHUNK, mine - done);
      // One seed per (property, worker, chunk): a failure names the seed that replays it.
      const chunkSeed = (seed + pi * 1_000_003 + index * 7_919 + chunk * 104_729) | 0;
      let slowest = { ms: 0, run: -1 };
      let run = 0;
      const prop = fc.property(p.arb(files), (v) => {
        const t0 = performance.now();
        try {
          p.check(v);
        } finally {
          const ms = performance.now() - t0;
          if (ms > slowest.ms) slowest = { ms, run };
          run++;
        }
      });
      await send({ type: 'start', property: p.name, seed: chunkSeed });
      const r = fc.check(prop, { seed: chunkSeed, numRuns, interruptAfterTimeLimit: 10 * 60_000, markInterruptAsFailure: false });
      done += r.numRuns;
      const msg = { type: 'progress', property: p.name, runs: r.numRuns, slowest: { ms: slowest.ms, seed: chunkSeed, path: String(slowest.run) } };
      if (r.failed) {
        const err = r.errorInstance ? (r.errorInstance.stack ?? String(r.errorInstance)) : String(r.error);
        msg.failure = { property: p.name, seed: r.seed, path: r.counterexamplePath, error: err, counterexample: JSON.stringify(r.counterexample) };
      }
      await send(msg);
      if (r.numRuns === 0) break;
    }
  }
  await send({ type: 'done' });
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Replay one case.
function replay(spec) {
  const { fc, helpers } = load();
  const { property, seed, path: p, corpus = process.env.FUZZ_CORPUS !== '0' } = JSON.parse(spec);
  const def = helpers.PROPERTIES.find((x) => x.name === property);
  if (!def) throw new Error(`no property ${property}; there are: ${helpers.PROPERTIES.map((x) => x.name).join(', ')}`);
  const r = fc.check(helpers.propertyOf(def, helpers.loadRealFiles(corpus)), { seed, path: p, numRuns: 1, endOnFailure: false });
  console.log(r.failed ? `FAILS: ${r.errorInstance?.stack ?? r.error}\ncounterexample (shrunk): ${clip(JSON.stringify(r.counterexample), 4000)}` : 'passes');
  process.exit(r.failed ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Main: build, plan, fork workers, collect, report.
async function main() {
  if (process.env.FUZZ_NO_BUILD !== '1') {
    for (const args of [['esbuild.mjs'], ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']]) {
      const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
      if (r.status !== 0) process.exit(1);
    }
  }
  if (!fs.existsSync(HELPERS)) {
    console.error(`fuzz: ${path.relative(root, HELPERS)} is missing: build with \`npm run compile-tests\``);
    process.exit(1);
  }
  if (process.env.FUZZ_REPLAY) return replay(process.env.FUZZ_REPLAY);

  const { helpers } = load();
  const totalRuns = Number(process.env.FUZZ_RUNS ?? 1_000_000);
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const workers = Math.max(1, Number(process.env.FUZZ_WORKERS ?? (os.availableParallelism?.() ?? os.cpus().length)));
  const corpus = process.env.FUZZ_CORPUS !== '0';
  const stallMs = Number(process.env.FUZZ_STALL_S ?? 180) * 1000;
  const shares = helpers.PROPERTIES.map((p) => p.fuzzShare);
  const sum = shares.reduce((a, b) => a + b, 0);
  const plan = helpers.PROPERTIES.map((p, i) => [i, Math.ceil((totalRuns * shares[i]) / sum)]);
  const planned = plan.reduce((a, [, n]) => a + n, 0);

  console.log(`fuzz: ${fmt(planned)} cases over ${helpers.PROPERTIES.length} properties, ${workers} worker(s), seed ${seed}${corpus ? '' : ', seeds/ only'}`);
  for (const [i, n] of plan) console.log(`  ${fmt(n).padStart(9)}  ${helpers.PROPERTIES[i].name}`);
  const t0 = Date.now();
  const counts = new Map(helpers.PROPERTIES.map((p) => [p.name, 0]));
  const slowest = new Map();
  const failures = [];
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 15_000) return;
    lastReport = now;
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`  … ${fmt(n)} / ${fmt(planned)} cases, ${((now - t0) / 1000).toFixed(0)} s, ${failures.length} failure(s)`);
  };

  const results = await Promise.all(
    Array.from({ length: workers }, (_, index) =>
      new Promise((resolve) => {
        const child = fork(new URL(import.meta.url).pathname, [], {
          env: { ...process.env, FUZZ_WORKER: JSON.stringify({ index, workers, seed, plan, corpus }) },
          execArgv: ['--max-old-space-size=4096'],
        });
        let last = Date.now();
        let current = null;
        let finished = false;
        const watchdog = setInterval(() => {
          if (Date.now() - last > stallMs) {
            failures.push({ property: current?.property ?? '?', seed: current?.seed, path: null, error: `worker ${index} made no progress for ${stallMs / 1000} s (a hang?) in the chunk with this seed`, counterexample: '' });
            clearInterval(watchdog);
            child.kill('SIGKILL');
          }
        }, 5_000);
        child.on('message', (m) => {
          last = Date.now();
          if (m.type === 'start') current = m;
          else if (m.type === 'progress') {
            counts.set(m.property, counts.get(m.property) + m.runs);
            const s = slowest.get(m.property);
            if (!s || m.slowest.ms > s.ms) slowest.set(m.property, m.slowest);
            if (m.failure) {
              failures.push(m.failure);
              console.log(`  FAILURE in ${m.failure.property}: seed ${m.failure.seed}, path ${m.failure.path}\n    ${clip(m.failure.error.split('\n')[0], 300)}`);
            }
            report();
          } else if (m.type === 'done') finished = true;
        });
        child.on('exit', (code) => {
          clearInterval(watchdog);
          if (!finished && code !== 0 && code !== null) failures.push({ property: current?.property ?? '?', seed: current?.seed, path: null, error: `worker ${index} exited with ${code}`, counterexample: '' });
          resolve(code);
        });
      }),
    ),
  );
  void results;
  const secs = (Date.now() - t0) / 1000;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);

  console.log(`\nfuzz: ${fmt(total)} cases in ${secs.toFixed(0)} s (${workers} worker(s), seed ${seed}, node ${process.version}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? '?'})`);
  console.log('  cases      slowest case  property');
  for (const p of helpers.PROPERTIES) {
    const s = slowest.get(p.name);
    console.log(`  ${fmt(counts.get(p.name)).padStart(9)}  ${s ? `${s.ms.toFixed(0).padStart(7)} ms` : '         -'}    ${p.name}${s && s.ms > 1000 ? `  (seed ${s.seed}, path ${s.path})` : ''}`);
  }
  if (failures.length > 0) {
    const dir = path.join(root, 'out/fuzz-failures');
    fs.mkdirSync(dir, { recursive: true });
    console.log(`\n${failures.length} failure(s):`);
    for (const f of failures) {
      const file = path.join(dir, `${f.property.replace(/[^a-z0-9]+/gi, '-')}-${f.seed}.json`);
      fs.writeFileSync(file, JSON.stringify(f, null, 2));
      console.log(`- ${f.property}: seed ${f.seed}, path ${f.path}\n  ${clip(f.error, 1200).replace(/\n/g, '\n  ')}\n  counterexample: ${clip(f.counterexample)}\n  saved: ${path.relative(root, file)}`);
      if (f.path) console.log(`  replay: FUZZ_REPLAY='${JSON.stringify({ property: f.property, seed: f.seed, path: f.path, corpus })}' node scripts/fuzz.mjs`);
    }
  }
  console.log(`\n${fmt(total)} cases, ${failures.length} failed`);
  process.exit(failures.length > 0 || total < planned ? 1 : 0);
}

if (process.env.FUZZ_WORKER) await worker();
else await main();
