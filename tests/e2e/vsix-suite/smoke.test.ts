// Smoke tests of the packaged extension: the copy code-server installed from forum-dump.vsix
// (scripts/e2e/vsix.mjs), loaded as an ordinary installed extension. The extension under
// development is an empty dummy (VS Code's test mode needs one), so nothing comes from the repo.
// vsix.mjs passes what it installed as settings of the copied workspace (forumDumpVsix.*).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXTENSION_ID, LANGUAGE_ID, SEED, commandResult, hoverText, openDump, targetOf, waitFor } from '../suite/util';

// 0-based positions in seeds/000_30f14379e19f2ff5.txt (see tests/e2e/suite/02-navigation.test.ts).
const QUOTE_OF_6_IN_12 = new vscode.Position(133, 14); // inside `sellboy` of `<blockquote>sellboy 发表于 2025-1-31 09:20`
const FLOOR6_AUTHOR_LINE = 73; // ####  sellboy

type Api = { client: () => LanguageClient | undefined };

const expected = vscode.workspace.getConfiguration('forumDumpVsix');
const installedPath = expected.get<string>('extensionPath') ?? '';
const repoRoot = expected.get<string>('repoRoot') ?? '';
const version = expected.get<string>('version') ?? '';

function ext(): vscode.Extension<Api> {
  const e = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(e, `${EXTENSION_ID} is installed`);
  return e;
}

suite('The packaged extension (installed from forum-dump.vsix)', () => {
  let doc: vscode.TextDocument;

  test('forum-dump is the installed copy, not the repo', () => {
    assert.ok(installedPath, 'vsix.mjs passes the installed folder as forumDumpVsix.extensionPath');
    const e = ext();
    assert.equal(path.resolve(e.extensionPath), path.resolve(installedPath));
    assert.notEqual(path.resolve(e.extensionPath), path.resolve(repoRoot));
    const pkg = e.packageJSON as { version: string; isBuiltin?: boolean; isUnderDevelopment?: boolean };
    assert.equal(pkg.version, version);
    assert.equal(pkg.isUnderDevelopment, false, 'an installed extension, not one under development');
    assert.equal(pkg.isBuiltin, false);
    for (const f of ['dist/client.js', 'dist/lsp.js', 'dist/server.js']) assert.ok(fs.existsSync(path.join(e.extensionPath, f)), `${f} in the installed copy`);
  });

  test('a .txt dump switches to forum-dump, activates the extension and starts the language server', async () => {
    doc = await openDump(SEED);
    assert.equal(doc.languageId, LANGUAGE_ID);
    const e = ext();
    await waitFor('the extension to be active', () => e.isActive);
    await waitFor('the language client to be running', () => e.exports.client(), (c) => c !== undefined && c.isRunning());
  });

  test('the language server running is the installed dist/server.js', function () {
    if (!fs.existsSync('/proc/self/cmdline')) this.skip();
    const server = path.join(path.resolve(installedPath), 'dist', 'server.js');
    const cmdlines: string[] = [];
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        cmdlines.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
      } catch {
        /* gone */
      }
    }
    const ours = cmdlines.filter((c) => c.includes(server));
    assert.ok(ours.length > 0, `a process runs ${server}; forum-dump servers seen: ${JSON.stringify(cmdlines.filter((c) => c.includes('server.js')))}`);
  });

  test('document symbols: 95 posts', async () => {
    const symbols = await commandResult<unknown[]>('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
    assert.equal(symbols.length, 95);
  });

  test('Go to Definition on a quote header lands on the quoted post', async () => {
    const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>('a definition', 'vscode.executeDefinitionProvider', doc.uri, QUOTE_OF_6_IN_12);
    assert.equal(defs.length, 1);
    const t = targetOf(defs[0]);
    assert.equal(t.uri.toString(), doc.uri.toString());
    assert.equal(t.range.start.line, FLOOR6_AUTHOR_LINE);
  });

  test('Hover on a quote header previews the quoted post', async () => {
    const hovers = await commandResult<vscode.Hover[]>('a hover', 'vscode.executeHoverProvider', doc.uri, QUOTE_OF_6_IN_12);
    const text = hoverText(hovers);
    assert.ok(text.includes('美国本土服务商不允许部署'), `the hover previews floor 6; got ${JSON.stringify(text.slice(0, 300))}`);
  });

  test('the TextMate grammar is contributed and tokenizes the dump', async () => {
    const e = ext();
    const grammars = (e.packageJSON.contributes?.grammars ?? []) as { language: string; scopeName: string; path: string }[];
    const g = grammars.find((x) => x.language === LANGUAGE_ID);
    assert.ok(g, 'a grammar for forum-dump is contributed');
    const grammar = JSON.parse(fs.readFileSync(path.join(e.extensionPath, g.path), 'utf8')) as { scopeName: string; patterns: unknown[] };
    assert.equal(grammar.scopeName, g.scopeName);
    assert.ok(grammar.patterns.length > 0);
    // VS Code's own command (its colorize tests use it): throws when the language has no
    // tokenizer, i.e. when the grammar did not load.
    const r = await vscode.commands.executeCommand<{ tokenizeTime: number }>('_workbench.colorizeTextMateTokens', doc.uri);
    assert.equal(typeof r?.tokenizeTime, 'number');
  });
});
