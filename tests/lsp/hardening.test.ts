// Unusual clients and hostile protocol input (issue 13), over real JSON-RPC: `node dist/server.js --stdio`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';
import { dump } from '../helpers/dumps';
import { ROOT } from '../helpers/paths';

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

describe('one file under two URI spellings (issue 13 item 7)', () => {
  it('closing one spelling keeps the other open: its edits still apply', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      const a = 'file:///w/same.md';
      const b = 'file:///w/%73ame.md';
      await client.open(a, TWO);
      await client.open(b, TWO);
      await client.close(b);
      // Append a third post to the document open as `a`.
      const lines = TWO.split('\n');
      const third = dump({ author: 'carol', floor: 3, date: '2025-1-31 09:30', body: 'third' }).slice(1);
      await client.change(a, 2, [{ range: { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, text: third }]);
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: a } });
      assert.deepEqual(
        syms.map((s) => s.name),
        ['#1 alice', '#2 bob', '#3 carol'],
      );
      // Diagnostics still come for `a`, at its version.
      await client.waitDiagnostics(a, (_d, v) => v === 2);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});

describe('the LSP locale (issue 13 item 8)', () => {
  const hoverOnOp = async (locale: string): Promise<string> => {
    const client = new LspClient();
    try {
      await client.initialize(null, { locale });
      const uri = 'file:///w/locale.md';
      await client.open(uri, TWO);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 6 } });
      return (h.contents as MarkupContent).value;
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  };

  it('is not a path: x/../../evil/b does not load a JSON file as the message bundle', async () => {
    const dir = path.join(os.tmpdir(), `fd-evil-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ OP: '[pwn](command:workbench.action.quit) <img src=x onerror=alert(1)>' }));
      const up = '../'.repeat(path.resolve(ROOT, 'l10n').split(path.sep).length + 2);
      const value = await hoverOnOp(`x/${up}${dir.slice(1)}/b`);
      assert.ok(!value.includes('pwn') && !value.includes('<img'), value);
      assert.match(value, /alice\*\* · [^\n]* · OP\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a known locale still translates (zh-CN, and zh-cn-x-private falls back to nothing unknown)', async () => {
    assert.match(await hoverOnOp('zh-CN'), /楼主/);
    assert.match(await hoverOnOp('ZH-cn'), /楼主/);
    assert.doesNotMatch(await hoverOnOp('zh-tw'), /楼主/);
  });
});
