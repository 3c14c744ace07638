// The language server dies (SIGKILL, as an OOM killer would do it): the language client restarts
// it by itself (client/src/lsp.ts's error handler) and the features come back. 07 goes on
// killing it; these two run last: they leave a freshly restarted server behind.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED, alive, commandResult, openDump, serverPids, waitFor } from './util';

suite('Language server recovery', () => {
  test('a killed language server is restarted and answers again', async function () {
    this.timeout(60_000);
    const doc = await openDump(SEED);
    const before = await commandResult<unknown[]>('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
    assert.equal(before.length, 95);

    const pids = await waitFor('the language server process (a child of the extension host running dist/server.js)', serverPids, (p) => p.length > 0, { timeout: 5_000 });
    assert.equal(pids.length, 1, `one language server for this window; found ${JSON.stringify(pids)}`);
    const old = pids[0];
    const t0 = Date.now();
    process.kill(old, 'SIGKILL');
    await waitFor(`the old server ${old} to be gone`, () => !alive(old), Boolean, { timeout: 5_000 });

    // The client notices the closed connection and starts a new server, which reads the open dumps
    // again. (VS Code caches outlines per document version, so only answers given once the new
    // server runs count; Go to Definition below is never cached.)
    const after = await waitFor(
      'the document symbols from a restarted server (95 posts)',
      async () => (serverPids().some((p) => p !== old) ? vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', doc.uri) : undefined),
      (s) => Array.isArray(s) && s.length === 95,
      { timeout: 30_000, interval: 250 },
    );
    assert.equal(after!.length, 95);
    const fresh = serverPids();
    assert.equal(fresh.length, 1, `one new language server; found ${JSON.stringify(fresh)}`);
    assert.notEqual(fresh[0], old);
    console.log(`      (server ${old} killed; server ${fresh[0]} answered after ${Date.now() - t0} ms)`);

    // A cross-file feature works again too: Go to Definition from #12's quote to #6.
    const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>('a definition from the new server', 'vscode.executeDefinitionProvider', doc.uri, new vscode.Position(133, 14));
    const d = defs[0];
    assert.equal(('targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range).start.line, 73);
  });
});
