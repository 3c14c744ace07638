// Unusual clients and hostile protocol input (issue 13), over real JSON-RPC: `node dist/server.js --stdio`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';
import { dump } from '../helpers/dumps';

/** A client that records the server's log messages (errors of failed handlers land there). */
function logging(): { client: LspClient; logs: { type: number; message: string }[] } {
  const client = new LspClient();
  const logs: { type: number; message: string }[] = [];
  client.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => logs.push(p));
  return { client, logs };
}

const TWO = dump(
  { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first' },
  { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: 'second' },
);

describe('a client without workspaceFolders (issue 13 item 19)', () => {
  it('initialized does not throw, and the server answers', async () => {
    const { client, logs } = logging();
    try {
      await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await client.conn.sendNotification('initialized', {});
      const uri = 'file:///w/nofolders.md';
      await client.open(uri, TWO);
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(syms.length, 2);
      const errors = logs.filter((l) => l.type === 1);
      assert.deepEqual(errors.map((l) => l.message), []);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});
