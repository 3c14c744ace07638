// Bundles the extension client, the language server and the CLI into dist/.
// `node esbuild.mjs` builds once; `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';

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
  { ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('esbuild: watching client/, server/ …');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
