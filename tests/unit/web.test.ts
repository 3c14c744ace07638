// The browser build (issue 15): its bundles hold no Node module and fit the size budget, and the
// base64 the client's file answers travel in agrees with Node's.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fromBase64, toBase64 } from '../../shared/protocol';
import { ROOT } from '../helpers/paths';

const WEB_BUNDLES = ['dist/web.js', 'dist/webServer.js'];
/** The budget of issue 15: both browser bundles together, minified. */
const WEB_BUDGET_BYTES = 1_000_000;

describe('the browser bundles', () => {
  it('import no Node module (no `node:` import, no require of a Node built-in)', () => {
    for (const f of WEB_BUNDLES) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      const nodeImports = text.match(/(?:require\(|from\s*|import\(\s*)["'](?:node:[\w/]+|fs|fs\/promises|path|url|os|child_process|worker_threads|net|crypto|util|stream)["']/g);
      assert.equal(nodeImports, null, `${f} imports Node modules: ${nodeImports?.join(', ')}`);
      const requires = [...new Set(text.match(/require\(["'][^"']*["']\)/g) ?? [])];
      assert.deepEqual(requires.filter((r) => r !== 'require("vscode")'), [], `${f} requires only vscode`);
    }
  });

  it('are built from no Node-only source (esbuild metafiles)', () => {
    for (const name of ['web', 'webServer']) {
      const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'out', `meta-${name}.json`), 'utf8')) as { inputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
      const inputs = Object.keys(meta.inputs);
      assert.ok(inputs.length > 10, `${name}: the metafile lists its inputs`);
      const nodeOnly = inputs.filter((i) => /^node:|\/lib\/node\/|server\/src\/(node|workspace\/(disk|diskSource))\.ts$|client\/src\/(extension|lsp)\.ts$/.test(i));
      assert.deepEqual(nodeOnly, [], `${name} bundles Node-only sources`);
      const externals = Object.values(meta.inputs).flatMap((i) => i.imports.filter((m) => m.external).map((m) => m.path));
      assert.deepEqual([...new Set(externals)].filter((e) => e !== 'vscode'), [], `${name}: nothing external but vscode`);
    }
    const server = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'out', 'meta-webServer.json'), 'utf8')).inputs);
    assert.ok(server.some((i) => i.endsWith('vscode-languageserver/lib/browser/main.js')), 'the server uses vscode-languageserver/browser');
    assert.ok(server.includes('server/src/workspace/clientSource.ts'), 'the server reads files through the client');
  });

  it(`fit the budget: ${WEB_BUDGET_BYTES} bytes minified, both together`, () => {
    const sizes = WEB_BUNDLES.map((f) => fs.statSync(path.join(ROOT, f)).size);
    const total = sizes.reduce((a, b) => a + b, 0);
    assert.ok(total <= WEB_BUDGET_BYTES, `browser bundles: ${WEB_BUNDLES.map((f, i) => `${f} ${sizes[i]}`).join(', ')} = ${total} bytes, over ${WEB_BUDGET_BYTES}`);
    const head = fs.readFileSync(path.join(ROOT, 'dist/webServer.js'), 'utf8').slice(0, 4000);
    assert.ok(!/\n {2}\S/.test(head.slice(0, 2000)), 'dist/webServer.js is minified');
  });

  it('package.json names the browser entry beside main', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; browser: string };
    assert.equal(pkg.main, './dist/client.js');
    assert.equal(pkg.browser, './dist/web.js');
  });
});

describe('base64 of the client file answers', () => {
  it("round-trips and agrees with Node's Buffer", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 257, 10_000, 70_001]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 7919 + n) & 0xff);
      const b64 = toBase64(bytes);
      assert.equal(b64, Buffer.from(bytes).toString('base64'));
      assert.deepEqual(fromBase64(b64), bytes);
    }
  });
  it('refuses what is not base64', () => {
    for (const s of ['abc', 'ab=c', '****', 'ä===', 'a=bc']) assert.equal(fromBase64(s), null, s);
  });
});
