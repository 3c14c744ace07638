// The layers import only downwards (in the spirit of Foam's "core must not import vscode"):
//   shared/protocol   imports nothing
//   server/src/model  no LSP, no workspace, no features (nothing but itself, node:, htmlparser2, shared)
//   server/src/workspace  no LSP, no features, no server
//   server/src/features   no connection (vscode-languageserver[/node]), no server, no CLI
//   client/src        nothing of the server: only shared/protocol
//   the browser build (server/src/browser.ts, client/src/web.ts and all they import) no Node
//   module and no `/node` LSP entry; server/src/server.ts is shared by both builds
// Reads the sources' import statements (static and dynamic `import(…)`/`require(…)`).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/paths';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Each import of a file: its specifier and, for relative ones, the repository path it names. */
function importsOf(file: string): { spec: string; target: string | null }[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const out: { spec: string; target: string | null }[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const target = spec.startsWith('.') ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)).split(path.sep).join('/') : null;
    out.push({ spec, target });
  }
  return out;
}

/** The imports of every file under `dir` that break `allowed`. */
function violations(dir: string, allowed: (imp: { spec: string; target: string | null }) => boolean): string[] {
  const bad: string[] = [];
  for (const f of sources(dir)) for (const imp of importsOf(f)) if (!allowed(imp)) bad.push(`${f}: ${imp.spec}`);
  return bad;
}

/** Every source file `entry` reaches through relative imports (itself included). */
function closure(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const { target } of importsOf(f)) {
      if (target === null) continue;
      const file = [`${target}.ts`, `${target}/index.ts`].find((c) => fs.existsSync(path.join(ROOT, c)));
      assert.ok(file, `${f}: cannot find ${target}`);
      todo.push(file);
    }
  }
  return [...seen].sort();
}

const isNodeOnly = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec) || /^vscode-language(server|client)\/node$/.test(spec);

const under = (t: string | null, dir: string) => t !== null && (t === dir || t.startsWith(dir + '/'));
const isLsp = (spec: string) => /^vscode-languageserver|^vscode-languageclient|^vscode$/.test(spec);

describe('layering', () => {
  it('reads the imports it checks (the checker itself works)', () => {
    const imps = importsOf('server/src/server.ts').map((i) => i.spec);
    assert.ok(imps.includes('vscode-languageserver'), imps.join(', '));
    assert.ok(importsOf('server/src/node.ts').some((i) => i.spec === 'vscode-languageserver/node'));
    assert.ok(closure('server/src/node.ts').includes('server/src/workspace/diskSource.ts'));
    assert.ok(closure('server/src/browser.ts').includes('shared/protocol.ts'));
    assert.ok(importsOf('client/src/commands.ts').some((i) => i.target === 'shared/protocol'));
  });

  it('shared/protocol imports nothing', () => {
    assert.deepEqual(violations('shared', () => false), []);
  });

  it('the model imports no LSP, workspace, features or server', () => {
    assert.deepEqual(
      violations('server/src/model', ({ spec, target }) => (target ? under(target, 'server/src/model') || under(target, 'shared') : !isLsp(spec))),
      [],
    );
  });

  it('the workspace imports no LSP, features or server', () => {
    assert.deepEqual(
      violations('server/src/workspace', ({ spec, target }) =>
        target ? under(target, 'server/src/model') || under(target, 'server/src/workspace') || under(target, 'shared') : !isLsp(spec),
      ),
      [],
    );
  });

  it('features import no connection, server or CLI', () => {
    assert.deepEqual(
      violations('server/src/features', ({ spec, target }) =>
        target ? !under(target, 'server/src/server.ts') && !under(target, 'server/src/server') && !under(target, 'server/src/cli') && !under(target, 'client') : !/^vscode-languageserver(\/node)?$|^vscode-languageclient|^vscode$/.test(spec),
      ),
      [],
    );
  });

  it('the client imports nothing of the server but shared/protocol', () => {
    assert.deepEqual(
      violations('client/src', ({ spec, target }) => (target ? under(target, 'client/src') || target === 'shared/protocol' : !/^vscode-languageserver(\/|$)/.test(spec))),
      [],
    );
  });

  for (const entry of ['server/src/browser.ts', 'client/src/web.ts']) {
    it(`the browser build from ${entry} imports no Node module`, () => {
      const bad = closure(entry).flatMap((f) => importsOf(f).filter((i) => i.target === null && isNodeOnly(i.spec)).map((i) => `${f}: ${i.spec}`));
      assert.deepEqual(bad, []);
    });
  }

  it('the server shared by both builds is the one both entries start', () => {
    for (const entry of ['server/src/node.ts', 'server/src/browser.ts']) assert.ok(closure(entry).includes('server/src/server.ts'), entry);
    assert.ok(!closure('server/src/browser.ts').includes('server/src/node.ts'));
  });
});
