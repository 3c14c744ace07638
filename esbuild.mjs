// Bundles the extension client, the language server and the CLI into dist/, and the browser
// build (package.json `browser`: dist/web.js, the client; dist/webServer.js, the server for a
// Web Worker). `node esbuild.mjs` builds once; `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['client/src/lsp.ts'], outfile: 'dist/lsp.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/node.ts'], outfile: 'dist/server.js' },
  // The index's worker threads (loaded by the server from beside it).
  { ...common, entryPoints: ['server/src/workspace/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  { ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The thread view's script and style, for the webview (a browser): DOMPurify bundled in.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['client/src/threadView/webview/main.ts'], outfile: 'dist/webview/threadView.js' },
  { ...common, platform: 'browser', entryPoints: ['client/src/threadView/webview/view.css'], outfile: 'dist/webview/threadView.css', format: undefined, target: undefined },
];

/**
 * The browser build: always minified (its size is the download github.dev makes), no Node
 * modules (platform 'browser' resolves packages' `browser` fields; a `node:` import fails the
 * build). The metafiles (out/meta-web*.json) let tests/unit/web.test.ts check every input.
 */
const web = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
export const webBuilds = [
  { ...web, entryPoints: ['client/src/web.ts'], outfile: 'dist/web.js', format: 'cjs', external: ['vscode'] },
  { ...web, entryPoints: ['server/src/browser.ts'], outfile: 'dist/webServer.js', format: 'iife' },
];

/** Fails when a browser bundle imports anything external but `vscode` (a Node module would be one). */
function checkWebResult(build, result) {
  const bad = [];
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    if (/^node:|^(fs|path|url|os|child_process|worker_threads|net|crypto)$/.test(file)) bad.push(file);
    for (const imp of input.imports) if (imp.external && imp.path !== 'vscode') bad.push(`${imp.path} (imported by ${file})`);
  }
  if (bad.length) throw new Error(`${build.outfile} must not import Node modules: ${bad.join(', ')}`);
  mkdirSync('out', { recursive: true });
  writeFileSync(`out/meta-${build.outfile.replace(/^dist\/|\.js$/g, '')}.json`, JSON.stringify(result.metafile));
}

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('esbuild: watching client/, server/ …');
  for (const b of webBuilds) {
    const ctx = await esbuild.context({ ...b, plugins: [{ name: 'check-web', setup: (p) => p.onEnd((r) => r.metafile && checkWebResult(b, r)) }] });
    await ctx.watch();
  }
} else {
  await Promise.all([...builds.map((b) => esbuild.build(b)), ...webBuilds.map(async (b) => checkWebResult(b, await esbuild.build(b)))]);
}
