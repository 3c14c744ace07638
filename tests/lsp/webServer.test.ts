// The browser build of the language server (dist/webServer.js, the bundle github.dev runs in a
// Web Worker), over real JSON-RPC: here in a Node worker thread whose `self` carries the worker's
// messages, with `process`, `require`, `Buffer` and `setImmediate` hidden from the bundle as a
// browser hides them. The test answers the server's file requests (shared/protocol.ts) from
// disk, as the client answers them with vscode.workspace.fs, and records what was asked: the
// server reads an open page's own folder on demand, never the whole workspace. Messages come from
// the l10n bundle the client passes (no fs in a worker).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  createProtocolConnection,
  PortMessageReader,
  PortMessageWriter,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type LocationLink,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { LIST_REQUEST, READ_REQUEST, STAT_REQUEST, toBase64 } from '../../shared/protocol';
import { DiskFileSource } from '../../server/src/workspace/diskSource';
import { ROOT, SEED, SEEDS, THREAD_DIR, read } from '../helpers/paths';

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
const code = require('node:fs').readFileSync(workerData.bundle, 'utf8');
globalThis.self = {
  postMessage: (m) => parentPort.postMessage(m),
  addEventListener: () => undefined,
  set onmessage(h) { parentPort.on('message', (data) => h({ data })); },
};
new Function('process', 'require', 'Buffer', 'setImmediate', 'module', 'exports', code)();
`;

describe('the browser build of the server (dist/webServer.js) over JSON-RPC', () => {
  let worker: Worker;
  let conn: ProtocolConnection;
  const asked: { method: string; uri: string }[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  const disk = new DiskFileSource();
  const pages = fs.readdirSync(THREAD_DIR).sort();
  const uriOf = (p: string) => pathToFileURL(p).href;

  before(async () => {
    worker = new Worker(BOOT, { eval: true, workerData: { bundle: path.join(ROOT, 'dist', 'webServer.js') } });
    conn = createProtocolConnection(new PortMessageReader(worker), new PortMessageWriter(worker));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => diagnostics.set(p.uri, p.diagnostics));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('window/logMessage', () => undefined);
    conn.onRequest(LIST_REQUEST, async (p: { uri: string }) => (asked.push({ method: 'list', uri: p.uri }), disk.list(p.uri)));
    conn.onRequest(STAT_REQUEST, async (p: { uri: string }) => (asked.push({ method: 'stat', uri: p.uri }), disk.stat(p.uri)));
    conn.onRequest(READ_REQUEST, async (p: { uri: string; maxBytes: number }) => {
      asked.push({ method: 'read', uri: p.uri });
      const bytes = await disk.read(p.uri, p.maxBytes);
      return bytes ? { base64: toBase64(bytes) } : null;
    });
    conn.listen();
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    await conn.sendRequest('initialize', {
      processId: null,
      rootUri: uriOf(SEEDS),
      workspaceFolders: [{ uri: uriOf(SEEDS), name: 'seeds' }],
      capabilities: { textDocument: { definition: { linkSupport: true } } },
      locale: 'zh-cn',
      initializationOptions: { l10nBundle: bundle },
    });
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    conn?.dispose();
    await worker?.terminate();
  });

  it('goes to a post in the sibling page, read through the client on demand', async () => {
    const page2 = uriOf(path.join(THREAD_DIR, pages[1]));
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: page2, languageId: 'forum-dump', version: 1, text: read(path.join(THREAD_DIR, pages[1])) } });
    const line = read(path.join(THREAD_DIR, pages[1])).split('\n')[6];
    const character = line.indexOf('moekyo 发表于') + 2;
    let links: LocationLink[] = [];
    for (let i = 0; i < 100 && links.length === 0; i++) {
      links = (await conn.sendRequest('textDocument/definition', { textDocument: { uri: page2 }, position: { line: 6, character } })) as LocationLink[];
      if (links.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(links.length, 1);
    assert.equal(links[0].targetUri, uriOf(path.join(THREAD_DIR, pages[0])));
    assert.equal(links[0].targetSelectionRange.start.line, 18574);
    // What it asked for: the open page's folder and its pages — not the workspace root.
    assert.deepEqual([...new Set(asked.filter((a) => a.method === 'list').map((a) => a.uri))], [uriOf(THREAD_DIR)]);
    assert.ok(asked.some((a) => a.method === 'read' && a.uri === uriOf(path.join(THREAD_DIR, pages[0]))));
    assert.ok(!asked.some((a) => a.uri === uriOf(SEED)), 'files outside the thread are not read');
  });

  it('speaks Chinese from the bundle the client passed', async () => {
    const uri = 'untitled:Untitled-1';
    const text = read(SEED).replace('<blockquote>sellboy 发表于 2025-1-31 09:20', '<blockquote>sellboy 发表于 2025-1-31 09:25');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'forum-dump', version: 1, text } });
    for (let i = 0; i < 200 && !(diagnostics.get(uri)?.length); i++) await new Promise((r) => setTimeout(r, 50));
    const d = diagnostics.get(uri) ?? [];
    assert.ok(d.length > 0, 'a diagnostic');
    assert.match(d[0].message, /^失效的引用：本帖中没有 sellboy 于 2025-01-31 09:25 发表的楼层/);
  });
});
