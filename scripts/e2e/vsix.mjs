// `npm run test:vsix` (and the last step of `npm test`): proves the packaged extension works.
//   1. the .vsix: `npm run package` run in a throw-away copy of the repo under .vscode-test/
//      (so the repo's dist/ keeps its development build with source maps), copied to the repo's
//      forum-dump.vsix; or the repo's forum-dump.vsix reused when it is newer than every input;
//   2. installed with code-server's own CLI (`--install-extension forum-dump.vsix
//      --extensions-dir .vscode-test/vsix-extensions`), and the installed folder checked;
//   3. code-server started with that extensions dir, and the smoke suite tests/e2e/vsix-suite/ run
//      in it against a copy of seeds/. VS Code's test mode needs an extension under development:
//      it is an empty dummy (.vscode-test/vsix-dummy-extension, which also holds the bundled
//      suite), so forum-dump itself is loaded only from the installed copy, which the suite asserts.
// Ends with one plain line `N passed, N failed` (the folder checks count as one test, and so does
// the extension host log naming the installed dist/client.js as the module it loaded); exits
// non-zero on any failure.
//
// Environment:
//   FORUM_DUMP_VSIX          test this .vsix instead of building one
//   FORUM_DUMP_VSIX_REBUILD=1  always build, even when forum-dump.vsix is fresh
//   FORUM_DUMP_E2E_TIMEOUT   hard cap in seconds for the whole run (default 240)
//   FORUM_DUMP_E2E_VERBOSE=1 also print the browser console and code-server's output
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  awaitSuite,
  bundleSuite,
  codeServerEntry,
  copyWorkspace,
  freshDir,
  freshShortDir,
  hookAutomation,
  launchBrowser,
  log,
  rigEnv,
  root,
  runEnding,
  runLog,
  setupCodeServer,
  startCodeServer,
  workbenchUrl,
} from './rig.mjs';

const t0 = Date.now();
const HARD_CAP_MS = Number(process.env.FORUM_DUMP_E2E_TIMEOUT || 240) * 1000;
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const REPO_VSIX = join(root, 'forum-dump.vsix');
const EXTENSION_ID = 'forum-dump.forum-dump';

let context;
let logPath;
const run = {};
const finish = runEnding(run, () => `vsix done in ${secs()}${logPath ? ` (full log: ${logPath})` : ''}`);

/** Newest modification time of the files the .vsix is built from (dist/ is rebuilt from client/ and server/). */
function newestInput() {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const d of ['client', 'server', 'syntaxes', 'l10n', 'docs', 'images']) walk(join(root, d));
  for (const f of readdirSync(root)) {
    if (/^(package(\.nls.*)?\.json|package-lock\.json|README\.md|LICENSE.*|CHANGELOG\.md|language-configuration\.json|\.vscodeignore|esbuild\.mjs|icon.*\.png)$/i.test(f)) walk(join(root, f));
  }
  return newest;
}

// Left out of the throw-away copy: what .vscodeignore leaves out of the .vsix anyway, and dist/,
// which `npm run package` rebuilds there. Everything else is copied as it is in the working tree,
// so the copy packages what `npm run package` in the repo would.
const NOT_COPIED = new Set(['.git', 'node_modules', '.vscode-test', 'out', 'dist']);

/** Runs `npm run package` in a copy of the repo; returns the .vsix it made (also copied to the repo's forum-dump.vsix). */
function buildVsix() {
  const stage = freshDir('vsix-stage');
  for (const f of readdirSync(root)) {
    if (NOT_COPIED.has(f) || f.endsWith('.vsix')) continue;
    cpSync(join(root, f), join(stage, f), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', 'package'], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${out}`);
  for (const l of out.split('\n').filter((l) => /WARNING|DONE|error/i.test(l))) log(`  vsce: ${l.trim()}`);
  const vsix = join(stage, 'forum-dump.vsix');
  if (!existsSync(vsix)) throw new Error(`npm run package made no forum-dump.vsix:\n${out}`);
  copyFileSync(vsix, REPO_VSIX);
  return vsix;
}

function codeServerCli(args) {
  return spawnSync(process.execPath, [codeServerEntry, ...args], { cwd: root, env: rigEnv(), encoding: 'utf8', timeout: 120_000 });
}

/** Checks the folder code-server installed; returns the list of problems (empty when all is well). */
function checkInstalled(dir, repoPkg) {
  const problems = [];
  const need = (rel) => {
    const p = join(dir, rel);
    if (!existsSync(p)) problems.push(`missing ${rel}`);
    else if (statSync(p).isFile() && statSync(p).size === 0) problems.push(`empty ${rel}`);
    return existsSync(p);
  };
  const json = (rel) => {
    if (!need(rel)) return undefined;
    try {
      return JSON.parse(readFileSync(join(dir, rel), 'utf8'));
    } catch (e) {
      problems.push(`${rel} is not JSON: ${e.message}`);
      return undefined;
    }
  };
  const pkg = json('package.json') ?? {};
  if (pkg.name !== repoPkg.name) problems.push(`package.json name ${pkg.name} (expected ${repoPkg.name})`);
  if (pkg.version !== repoPkg.version) problems.push(`package.json version ${pkg.version} (expected ${repoPkg.version})`);
  if (pkg.publisher !== repoPkg.publisher) problems.push(`package.json publisher ${pkg.publisher} (expected ${repoPkg.publisher})`);
  for (const f of ['dist/client.js', 'dist/lsp.js', 'dist/server.js']) need(f);
  if (pkg.main) need(pkg.main);
  if (pkg.browser) need(pkg.browser), need('dist/webServer.js'); // the web extension (github.dev, vscode.dev)
  for (const g of pkg.contributes?.grammars ?? []) {
    const grammar = json(g.path);
    if (grammar && grammar.scopeName !== g.scopeName) problems.push(`${g.path} has scopeName ${grammar.scopeName}, package.json says ${g.scopeName}`);
  }
  for (const l of pkg.contributes?.languages ?? []) if (l.configuration) json(l.configuration);
  if (pkg.l10n) {
    const l10nDir = join(dir, pkg.l10n);
    const bundles = existsSync(l10nDir) ? readdirSync(l10nDir).filter((f) => /^bundle\.l10n\..+\.json$/.test(f)) : [];
    if (bundles.length === 0) problems.push(`no l10n bundles in ${pkg.l10n}`);
    for (const b of bundles) json(join(pkg.l10n, b));
  }
  // Every %key% of package.json has a text in package.nls.json (and each translation parses).
  const nls = json('package.nls.json') ?? {};
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  const missingKeys = keys.filter((k) => !(k in nls));
  if (missingKeys.length) problems.push(`package.nls.json lacks ${missingKeys.join(', ')}`);
  for (const f of readdirSync(dir).filter((f) => /^package\.nls\..+\.json$/.test(f))) json(f);
  // What the .vsix should not carry.
  const all = [];
  const walk = (p) => {
    for (const f of readdirSync(p, { withFileTypes: true })) {
      const q = join(p, f.name);
      if (f.isDirectory()) walk(q);
      else all.push(relative(dir, q));
    }
  };
  walk(dir);
  const stray = all.filter((f) => /^(node_modules|client|server|tests|scripts|seeds|out|bench|tmp|\.vscode-test)\/|\.map$|\.ts$|\.vsix$/.test(f));
  if (stray.length) problems.push(`files that should not be packaged: ${stray.slice(0, 10).join(', ')}${stray.length > 10 ? ' …' : ''}`);
  return { problems, files: all.length };
}

/** Files under `dir` whose text contains `needle` (the code-server logs), as [path, matching lines]. */
function grepLogs(dir, needle) {
  const hits = [];
  const walk = (p) => {
    if (!existsSync(p)) return;
    for (const f of readdirSync(p, { withFileTypes: true })) {
      const q = join(p, f.name);
      if (f.isDirectory()) walk(q);
      else if (f.name.endsWith('.log')) {
        const lines = readFileSync(q, 'utf8').split('\n').filter((l) => l.includes(needle));
        if (lines.length) hits.push([q, lines]);
      }
    }
  };
  walk(dir);
  return hits;
}

async function main() {
  process.chdir(root);
  const repoPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  // 1. The .vsix.
  let vsix = process.env.FORUM_DUMP_VSIX ? resolve(process.env.FORUM_DUMP_VSIX) : undefined;
  if (vsix) {
    if (!existsSync(vsix)) throw new Error(`FORUM_DUMP_VSIX=${vsix} does not exist`);
    log(`testing ${vsix} (FORUM_DUMP_VSIX)`);
  } else if (process.env.FORUM_DUMP_VSIX_REBUILD !== '1' && existsSync(REPO_VSIX) && statSync(REPO_VSIX).mtimeMs > newestInput()) {
    vsix = REPO_VSIX;
    log(`reusing forum-dump.vsix: newer than every file it is built from (FORUM_DUMP_VSIX_REBUILD=1 rebuilds)`);
  } else {
    log('npm run package (in a copy of the repo under .vscode-test/vsix-stage) …');
    vsix = buildVsix();
    log(`packaged forum-dump.vsix, ${(statSync(vsix).size / 1024).toFixed(0)} KB (${secs()})`);
  }

  // 2. Install it with code-server's own CLI, and check what it installed.
  if (!setupCodeServer({ quiet: true })) throw new Error('code-server is not available (see above)');
  const extensionsDir = freshDir('vsix-extensions');
  const cliUserData = freshShortDir('vsix-cli-user-data');
  const inst = codeServerCli(['--user-data-dir', cliUserData, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force']);
  const instOut = `${inst.stdout || ''}${inst.stderr || ''}`.trim();
  if (inst.status !== 0 || !/successfully installed/i.test(instOut)) throw new Error(`code-server --install-extension failed (exit ${inst.status}):\n${instOut}`);
  log(`code-server --install-extension: ${instOut.split('\n').pop()} (${secs()})`);
  const installedName = readdirSync(extensionsDir).find((f) => f.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (!installedName) throw new Error(`no ${EXTENSION_ID}-* folder in ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
  const installed = join(extensionsDir, installedName);
  const listed = codeServerCli(['--user-data-dir', cliUserData, '--extensions-dir', extensionsDir, '--list-extensions', '--show-versions']);
  const { problems, files } = checkInstalled(installed, repoPkg);
  if (!(listed.stdout || '').includes(`${EXTENSION_ID}@${repoPkg.version}`)) problems.push(`code-server --list-extensions does not list ${EXTENSION_ID}@${repoPkg.version}: ${(listed.stdout || listed.stderr || '').trim()}`);
  let passed = 0;
  let failed = 0;
  if (problems.length) {
    failed += 1;
    log(`the installed folder ${installed} is wrong:`);
    for (const p of problems) log(`  - ${p}`);
  } else {
    passed += 1;
    log(`installed folder OK: ${relative(root, installed)} (${files} files)`);
  }

  // 3. The smoke suite, in code-server with that extensions dir.
  execTypecheck();
  // VS Code runs extensionTestsPath only with an extension under development: an empty one,
  // which also holds the bundled suite (so the suite's `vscode` is that extension's API; its
  // `require('mocha')` still finds the repo's node_modules up the tree).
  const dummy = freshDir('vsix-dummy-extension');
  // (A `main` and extensionKind workspace put it in the Node extension host with the suite.)
  writeFileSync(
    join(dummy, 'package.json'),
    JSON.stringify({ name: 'vsix-test-host', publisher: 'forum-dump-test', version: '0.0.0', private: true, engines: { vscode: '^1.91.0' }, extensionKind: ['workspace'], main: './main.js' }, null, 2) + '\n',
  );
  writeFileSync(join(dummy, 'main.js'), 'exports.activate = () => {};\n');
  const { index: suiteIndex } = await bundleSuite(join(root, 'tests', 'e2e', 'vsix-suite'), join(dummy, 'out'));
  const settings = { 'forumDumpE2E.label': 'vsix' };
  if (process.env.FORUM_DUMP_E2E_GREP) settings['forumDumpE2E.grep'] = process.env.FORUM_DUMP_E2E_GREP;
  const workspace = copyWorkspace('vsix-workspace', {
    settings: { ...settings, 'forumDumpVsix.extensionPath': installed, 'forumDumpVsix.repoRoot': root, 'forumDumpVsix.version': repoPkg.version },
  });

  const runlog = runLog('vsix');
  logPath = runlog.path;
  const note = runlog.note;
  // --log trace: the extension host's log, checked below, names the module it loaded.
  const server = (run.server = await startCodeServer({ name: 'vsix', extensionsDir, logLevel: 'trace', onOutput: (s) => note(`[code-server] ${s}`) }));
  log(`code-server up on ${server.base} with --extensions-dir ${relative(root, extensionsDir)} (${secs()})`);

  context = await launchBrowser({ name: 'vsix' });
  const page = context.pages()[0] ?? (await context.newPage());
  const { lines, exited } = await hookAutomation(page, { note });

  const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: dummy, extensionTestsPath: suiteIndex });
  note(`[vsix] opening ${url}`);
  await page.goto(url);
  log(`workbench opened (${secs()}); running the smoke suite …`);

  const { passed: sp, failed: sf, why } = await awaitSuite({ exited, server, msLeft: HARD_CAP_MS - (Date.now() - t0), lines, label: 'vsix', capSeconds: HARD_CAP_MS / 1000 });
  passed += sp;
  failed += sf;

  // The extension host's own log (code-server runs at --log trace) names the module it loaded
  // for forum-dump: it must be the installed copy's dist/client.js, and nothing from the repo's dist/.
  const loads = grepLogs(join(server.userData, 'logs'), 'ExtensionService#loadModule').flatMap(([, ls]) => ls);
  const fromInstalled = loads.filter((l) => l.includes(`file://${installed}/dist/client.js`));
  const fromRepo = loads.filter((l) => l.includes(`file://${join(root, 'dist')}/`));
  if (fromInstalled.length && !fromRepo.length) {
    passed += 1;
    log(`extension host log: ${fromInstalled[0].replace(/^.*?(ExtensionService)/, '$1').replace(`file://${root}/`, '')}`);
  } else {
    failed += 1;
    log(`the extension host log does not show forum-dump loaded from ${installed}/dist/client.js alone:`);
    for (const l of loads.slice(0, 10)) log(`  ${l.trim()}`);
  }
  await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
  runlog.end();
  finish(passed, failed, why);
}

function execTypecheck() {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tests/e2e/vsix-suite'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`type-checking tests/e2e/vsix-suite failed (exit ${r.status})`);
}

main().catch((e) => {
  finish(0, 1, `vsix run failed: ${e?.stack || e}`);
});
