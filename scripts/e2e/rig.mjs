// The shared rig for running a real VS Code here, offline: code-server 4.100.3 (VS Code 1.100.3)
// installed from the npm registry into the git-ignored .vscode-test/, driven by Debian's headless
// Chromium through playwright-core. Used by setup.mjs, run.mjs, vsix.mjs, electron.mjs, ../start.mjs
// and ../screenshots.mjs. Background and pitfalls: shared/notes/vscode-e2e.md.
//
// Where things go: code-server's install, the workspace copies, the extensions folders and the
// logs stay in .vscode-test/; everything that holds unix sockets — the editor's TMPDIR, its XDG
// folders, code-server's user-data dir and the browser profile — goes in one short folder under
// the system temp folder (shortTmp()), removed when the process exits. A unix socket path is
// limited to ~107 bytes, so under a long checkout path Chromium aborts with "Socket path too long".
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const CODE_SERVER_VERSION = '4.100.3';
export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const testDir = join(root, '.vscode-test');
export const codeServerDir = join(testDir, 'code-server');
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.FORUM_DUMP_CHROMIUM || '/usr/bin/chromium';
export const RG = '/usr/bin/rg';

// The ripgrep binary code-server's @vscode/ripgrep postinstall looks for in its cache before it
// tries to download one.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Longest temp folder path we take as is: leaves room below it for Chromium's and VS Code's socket names. */
const MAX_TMP_BASE = 40;
let shortTmpDir;

/**
 * This process's short folder for sockets and the editor's temp and profile data:
 * `<system temp>/fd-e2e-XXXXXX` (`/tmp` when the system temp folder's path is itself long),
 * created on first use and removed when the process exits.
 */
export function shortTmp() {
  if (shortTmpDir) return shortTmpDir;
  const sys = tmpdir();
  const base = sys.length <= MAX_TMP_BASE || !existsSync('/tmp') ? sys : '/tmp';
  shortTmpDir = mkdtempSync(join(base, 'fd-e2e-'));
  // Registered now, after the scripts' own exit handlers that kill code-server: runs after them.
  process.on('exit', () => {
    try {
      rmSync(shortTmpDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      /* a process of the editor still writing: the system cleans its temp folder */
    }
  });
  return shortTmpDir;
}

/** Environment that keeps code-server's and npm's temp, config, data and cache in shortTmp(). */
export function rigEnv(extra = {}) {
  const t = shortTmp();
  const dirs = {
    TMPDIR: join(t, 'tmp'),
    XDG_CONFIG_HOME: join(t, 'xdg', 'config'),
    XDG_DATA_HOME: join(t, 'xdg', 'data'),
    XDG_CACHE_HOME: join(t, 'xdg', 'cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return { ...process.env, ...dirs, ...extra };
}

export function log(msg) {
  process.stderr.write(`[e2e] ${msg}\n`);
}

/** Debian packages the real editor needs: the browser, ripgrep, and code-server's native build headers. */
/**
 * How a rig run ends, once: `why` logged, code-server (`run.server`, set by the caller once it is
 * up) stopped, `done()` logged, the summary line `N passed, N failed` printed (scripts/test.mjs
 * reads it), the exit code set. code-server also goes on exit and on a signal.
 */
export function runEnding(run, done) {
  let finished = false;
  const finish = (passed, failed, why) => {
    if (finished) return;
    finished = true;
    if (why) log(why);
    run.server?.killNow();
    log(done());
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  };
  process.on('exit', () => run.server?.killNow());
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      finish(0, 1, `interrupted by ${sig}`);
      process.exit(130);
    });
  }
  return finish;
}

export const APT_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'pkg-config', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev', 'fonts-noto-cjk'];

/** Missing machine packages, each with the apt package that brings it. */
export function missingSystemTools({ needBrowser = true } = {}) {
  const missing = [];
  if (needBrowser && !existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install chromium)`);
  if (!existsSync(RG)) missing.push(`${RG} (apt-get install ripgrep)`);
  return missing;
}

/** The APT_PACKAGES not installed (empty where dpkg-query is not there to tell). */
function missingAptPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...APT_PACKAGES], { encoding: 'utf8' });
  if (r.error) return [];
  const ok = new Set((r.stdout || '').split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]));
  return APT_PACKAGES.filter((p) => !ok.has(p));
}

/**
 * Installs missing Debian packages when it can (root, or passwordless sudo, and apt-get there);
 * otherwise says what to install. FORUM_DUMP_NO_APT=1 only reports. .ci/run installs them first.
 */
export function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return true;
  const cmd = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (process.env.FORUM_DUMP_NO_APT === '1' || !(isRoot || sudo) || !hasApt) {
    log(`missing Debian packages: ${missing.join(' ')}`);
    log(`  install them: ${isRoot ? '' : 'sudo '}apt-get update && ${cmd}`);
    return false;
  }
  log(`installing missing Debian packages: ${missing.join(' ')} (about a minute) …`);
  const pre = sudo ? ['sudo', '-n'] : [];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync(pre[0] ?? args[0], pre.length ? [...pre.slice(1), ...args] : args.slice(1), { env, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  const ok = run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', ...missing]);
  if (!ok) log(`apt-get failed; by hand: apt-get update && ${cmd}`);
  return ok;
}

export function codeServerInstalled() {
  try {
    const pkg = JSON.parse(readFileSync(join(codeServerDir, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    return pkg.version === CODE_SERVER_VERSION && existsSync(codeServerEntry) && existsSync(join(codeServerDir, '.installed'));
  } catch {
    return false;
  }
}

/** Installs code-server into .vscode-test/code-server/ unless it is there already. Returns true when it is usable. */
export function setupCodeServer({ quiet = false } = {}) {
  ensureAptPackages();
  const missing = missingSystemTools({ needBrowser: false });
  const noBrowser = missingSystemTools().filter((m) => !missing.includes(m));
  if (noBrowser.length) {
    log(`missing: ${noBrowser.join(', ')} — the e2e tests and screenshots need it (npm start only serves the editor, and works without it).`);
    log('  .ci/run installs it; by hand: apt-get install -y chromium');
  }
  if (codeServerInstalled()) {
    if (!quiet) log(`code-server ${CODE_SERVER_VERSION} already installed in ${codeServerDir}`);
    return true;
  }
  if (missing.length) {
    log(`cannot install code-server: missing ${missing.join(', ')}`);
    log('  .ci/run installs these; by hand: apt-get install -y ripgrep libkrb5-dev pkg-config libsecret-1-dev libxkbfile-dev libx11-dev');
    return false;
  }
  const env = rigEnv({ npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' });
  // Pre-seed @vscode/ripgrep's download cache with Debian's rg.
  const cache = join(env.TMPDIR, RIPGREP_CACHE);
  mkdirSync(cache, { recursive: true });
  const tarball = join(cache, RIPGREP_TARBALL);
  if (!existsSync(tarball)) {
    const t = spawnSync('tar', ['-czf', tarball, '-C', '/usr/bin', 'rg'], { stdio: 'inherit' });
    if (t.status !== 0) {
      log('could not pack /usr/bin/rg for the ripgrep cache');
      return false;
    }
  }
  mkdirSync(codeServerDir, { recursive: true });
  rmSync(join(codeServerDir, '.installed'), { force: true });
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify({ name: 'forum-dump-vscode-test-tools', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2) + '\n',
  );
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (about 1–2 minutes; builds native modules) …`);
  const t0 = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], {
    cwd: codeServerDir,
    env,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(codeServerEntry)) {
    log(`npm install of code-server failed (exit ${r.status})`);
    return false;
  }
  writeFileSync(join(codeServerDir, '.installed'), `${CODE_SERVER_VERSION}\n`);
  log(`code-server installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return true;
}

/** Builds the extension (dist/) and type-checks the e2e TypeScript (suite and screenshot driver). */
export function buildExtension() {
  const step = (what, args) => {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
  };
  step('building the extension', ['esbuild.mjs']);
  step('type-checking tests/e2e', ['node_modules/typescript/bin/tsc', '-p', 'tests/e2e']);
}

/**
 * Bundles entry files for the extension host, each to `<outDir>/<its base name>.js` (`vscode` and
 * `mocha` stay external: mocha is required from the repo's node_modules).
 */
export async function bundleForExtensionHost(entries, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: entries.map((f) => ({ in: f, out: basename(f).replace(/\.ts$/, '') })),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/**
 * Bundles a real-editor suite into `outDir`: the one mocha runner (tests/e2e/index.ts) as
 * index.js, and every `*.test.ts` of `suiteDir` beside it. Returns the index.js (the
 * extensionTestsPath) and the number of test files.
 */
export async function bundleSuite(suiteDir, outDir) {
  const tests = readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(suiteDir, f));
  await bundleForExtensionHost([join(root, 'tests', 'e2e', 'index.ts'), ...tests], outDir);
  return { index: join(outDir, 'index.js'), count: tests.length };
}

/** Builds the extension and bundles the e2e suite (tests/e2e/suite/) into out/e2e/ (see bundleSuite). */
export async function buildSuite() {
  buildExtension();
  return bundleSuite(join(root, 'tests', 'e2e', 'suite'), join(root, 'out', 'e2e'));
}

/** The run's full log, .vscode-test/logs/<name>.log: `note` writes a line to it (and to stderr with FORUM_DUMP_E2E_VERBOSE=1). */
export function runLog(name) {
  mkdirSync(join(testDir, 'logs'), { recursive: true });
  const path = join(testDir, 'logs', `${name}.log`);
  const file = createWriteStream(path);
  const verbose = process.env.FORUM_DUMP_E2E_VERBOSE === '1';
  const note = (s) => {
    const line = s.endsWith('\n') ? s : s + '\n';
    file.write(line);
    if (verbose) process.stderr.write(line);
  };
  return { path, note, end: () => file.end() };
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh folder under .vscode-test/ (removed first if it exists). */
export function freshDir(...parts) {
  return freshIn(testDir, ...parts);
}

/** A fresh folder in shortTmp(), for what holds sockets (user-data dirs, browser profiles). */
export function freshShortDir(...parts) {
  return freshIn(shortTmp(), ...parts);
}

function freshIn(base, ...parts) {
  const d = join(base, ...parts);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

/** Copies seeds/ into a folder of its own under .vscode-test/ so the editor can change it freely. */
export function copyWorkspace(name, { settings = {} } = {}) {
  const base = freshDir(name);
  const ws = join(base, 'seeds');
  cpSync(join(root, 'seeds'), ws, { recursive: true });
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return ws;
}

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
};

/**
 * Starts code-server on 127.0.0.1:port with a fresh user-data dir (in shortTmp(): it holds
 * code-server's session socket) and the given extensions folder, kept as it is (default: a fresh
 * empty `.vscode-test/<name>-extensions`), in its own process group, so it and its extension
 * hosts and language servers can be killed together. `logLevel` is code-server's `--log`.
 * Resolves once /healthz answers, with `userData` the user-data dir (its logs/ are there).
 */
export async function startCodeServer({ port, name = 'run', userSettings = {}, extensionsDir, logLevel, stdio = 'pipe', onOutput } = {}) {
  if (!existsSync(codeServerEntry)) throw new Error(`code-server is not installed: run node scripts/e2e/setup.mjs`);
  port ??= await freePort();
  const ud = freshShortDir(`${name}-user-data`);
  const ed = extensionsDir ?? freshDir(`${name}-extensions`);
  mkdirSync(join(ud, 'User'), { recursive: true });
  writeFileSync(
    join(ud, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...userSettings }, null, 2) + '\n',
  );
  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', ud,
    '--extensions-dir', ed,
    '--ignore-last-opened',
    ...(logLevel ? ['--log', logLevel] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: root, env: rigEnv(), detached: true, stdio: ['ignore', stdio, stdio] });
  const server = {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    userData: ud,
    exited: false,
    kill() {
      if (server.exited || !child.pid) return;
      try {
        process.kill(-child.pid, 'SIGTERM'); // the process group this script started
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 3000);
      t.unref();
    },
    killNow() {
      if (server.exited || !child.pid) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
  child.on('exit', () => (server.exited = true));
  if (stdio === 'pipe') {
    for (const s of [child.stdout, child.stderr]) s.on('data', (d) => onOutput?.(d.toString()));
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exited) throw new Error(`code-server exited early (code ${child.exitCode})`);
    try {
      const r = await fetch(`${server.base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      server.killNow();
      throw new Error('code-server did not answer /healthz within 60 s');
    }
    await sleep(250);
  }
  return server;
}

/** The workbench URL that opens `folder` with the extension under development (and, optionally, a test suite). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath = root, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
  q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.base}/?${q.join('&')}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless Chromium (Debian's) with a fresh profile (in shortTmp(): it holds the SingletonSocket link). */
export async function launchBrowser({ name = 'run', viewport = { width: 1400, height: 900 }, deviceScaleFactor = 1 } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = await import('playwright-core');
  const profile = freshShortDir(`${name}-chromium`);
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor,
    env: rigEnv(),
  });
}

/**
 * Hooks the workbench's test automation on `page` (before `page.goto`): `codeAutomationLog`
 * carries the extension host's console calls as (type, [format, ...args]), `codeAutomationExit`
 * the suite's exit code. Every text goes to `note` (the run's log) and to `onText` (default: our
 * stdout, stderr for errors; trace and debug chatter, which `--log trace` adds, only to the log).
 * Returns the lines seen so far (for awaitSuite) and `exited`, resolved with the exit code
 * (-2 when the page crashed).
 */
export async function hookAutomation(page, { note = () => {}, onText } = {}) {
  const lines = [];
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  onText ??= (type, text) => {
    if (type === 'trace' || type === 'debug') return;
    (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
  };
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    for (const l of text.split('\n')) lines.push(l);
    note(`[ext-host ${type}] ${text}`);
    onText(type, text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    note(`[workbench] codeAutomationExit(${code})`);
    resolveExit(Number(code));
  });
  page.on('console', (m) => note(`[browser ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => note(`[browser pageerror] ${e}`));
  page.on('crash', () => resolveExit(-2));
  return { lines, exited };
}

/**
 * Waits for the mocha suite in the extension host to end (or the deadline, a page crash, or
 * code-server exiting) and reads its `forum-dump <label>: N passed, N failed` line.
 * `exited` resolves with the suite's exit code (-2 when the page crashed).
 */
export async function awaitSuite({ exited, server, msLeft, lines, label, capSeconds }) {
  let timer;
  const timeout = new Promise((r) => (timer = setTimeout(() => r(-1), Math.max(0, msLeft))));
  const code = await Promise.race([exited, timeout, new Promise((r) => server.child.on('exit', () => r(-3)))]);
  clearTimeout(timer);
  const re = new RegExp(`forum-dump ${label}: (\\d+) passed, (\\d+) failed`);
  const summary = lines.map((l) => re.exec(l)).filter(Boolean).pop();
  const passed = summary ? Number(summary[1]) : 0;
  let failed = summary ? Number(summary[2]) : 0;
  let why;
  if (code === -1) why = `timed out after ${capSeconds} s`;
  else if (code === -2) why = 'the browser page crashed';
  else if (code === -3) why = 'code-server exited during the run';
  else if (!summary) why = `the suite printed no summary (exit code ${code})`;
  else if (code !== 0 && failed === 0) why = `the extension host exited with ${code}`;
  if (why && failed === 0) failed = 1;
  return { passed, failed, why };
}
