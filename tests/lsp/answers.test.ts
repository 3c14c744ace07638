// The server over real JSON-RPC on hostile dumps (issue 13): every plain-text label it sends is
// clean, and `$/cancelRequest` is honoured.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import type { CallHierarchyIncomingCall, CallHierarchyItem, CallHierarchyOutgoingCall, CodeAction, CodeLens, Diagnostic, DocumentLink, DocumentSymbol, InlayHint, SymbolInformation } from 'vscode-languageserver-protocol';
import { dump, linkQuote, plainQuote, type PostSpec } from '../helpers/dumps';
import { TID } from '../helpers/arbitraries';
import { LspClient } from '../helpers/lsp';

/** What no plain-text label may hold: controls, bidi overrides and isolates, line/paragraph separators, BOM, lone surrogates. */
const DIRTY = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Authors and text with everything a label must not carry. */
const HOSTILE = ['nul\u0000x', 'bel\u0007x', 'esc\u001b[2Jx', 'lone\ud800x', 'rlo\u202eevil', 'ls\u2028x', 'osc\u001b]0;title\u0007x', 'c1\u009bx'];

function hostileDump(): string {
  const posts: PostSpec[] = HOSTILE.map((author, i) => ({ author, floor: i + 1, date: `2025-1-31 09:${String(10 + i).padStart(2, '0')}`, body: `${author} says ${author}\n\u2028second\u202eline` }));
  posts.push({
    author: 'replier\u202e',
    floor: 20,
    date: '2025-1-31 10:00',
    body: [
      // Resolved quotes of every hostile post (hints, call hierarchy, lenses)…
      ...HOSTILE.map((a, i) => linkQuote(a, `2025-1-31 09:${String(10 + i).padStart(2, '0')}`, `${a} says`, String(500 + i), TID)),
      // …and broken ones naming them half an hour later (diagnostics, quick fixes).
      ...HOSTILE.map((a, i) => plainQuote(a, `2025-1-31 09:${40 + i}`, `${a} says`)),
    ].join('\n'),
  });
  return dump(...posts);
}

/** Every string in a JSON answer under the given keys (labels, names, titles, messages). */
function labels(x: unknown, keys: Set<string>, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) labels(v, keys, out);
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (keys.has(k) && typeof v === 'string') out.push(v);
      else labels(v, keys, out);
    }
  }
  return out;
}

const LABEL_KEYS = new Set(['name', 'detail', 'label', 'tooltip', 'title', 'message', 'containerName', 'author', 'firstWords']);

describe('hostile labels over JSON-RPC', () => {
  const client = new LspClient();
  // A page file whose name holds a right-to-left override too.
  const uri = `file:///hostile/${TID}-01%5B%E2%80%AEevil%5D.md`;
  const doc = { textDocument: { uri } };
  const text = hostileDump();

  before(async () => {
    await client.initialize(null);
    await client.open(uri, text);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  it('documentSymbol, inlay hints, call hierarchy, diagnostics, quick fixes, workspace symbols, lenses, links, posts: every label clean', async () => {
    const lines = text.split('\n');
    const end = { line: lines.length, character: 0 };
    const answers: Record<string, unknown> = {};
    answers.documentSymbol = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc);
    answers.inlayHint = await client.request<InlayHint[]>('textDocument/inlayHint', { ...doc, range: { start: { line: 0, character: 0 }, end } });
    const items: CallHierarchyItem[] = [];
    for (let line = 0; line < lines.length; line++) if (lines[line].startsWith('####  ')) items.push(...(await client.request<CallHierarchyItem[]>('textDocument/prepareCallHierarchy', { ...doc, position: { line, character: 0 } })));
    answers.callHierarchy = items;
    answers.incoming = await Promise.all(items.map((item) => client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', { item })));
    answers.outgoing = await Promise.all(items.map((item) => client.request<CallHierarchyOutgoingCall[]>('callHierarchy/outgoingCalls', { item })));
    const diags = await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'broken-quote'));
    answers.diagnostics = diags;
    answers.codeAction = await client.request<CodeAction[]>('textDocument/codeAction', { ...doc, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: diags } });
    answers.workspaceSymbol = [...(await client.request<SymbolInformation[]>('workspace/symbol', { query: '' })), ...(await client.request<SymbolInformation[]>('workspace/symbol', { query: 'says' }))];
    answers.codeLens = await client.request<CodeLens[]>('textDocument/codeLens', doc);
    answers.documentLink = await client.request<DocumentLink[]>('textDocument/documentLink', doc);
    answers.posts = await client.request<unknown[]>('forumDump/posts', { uri });

    for (const [what, answer] of Object.entries(answers)) {
      const found = labels(answer, LABEL_KEYS);
      assert.ok(found.length > 0, `${what}: some labels`);
      const dirty = found.filter((l) => DIRTY.test(l));
      assert.deepEqual(dirty.map((d) => JSON.stringify(d)), [], `${what}: ${dirty.length} of ${found.length} labels unclean`);
    }
    // The hostile posts are all there, by their cleaned names, and the fixes name them.
    assert.ok((answers.documentSymbol as DocumentSymbol[]).some((s) => s.name === '#5 rloevil'));
    assert.ok((answers.codeAction as CodeAction[]).some((a) => /^Point this quote at #5 \(rloevil, /.test(a.title)));
    assert.ok((diags as Diagnostic[]).some((d) => d.message.includes('rloevil')));
  });
});

describe('$/cancelRequest over JSON-RPC', () => {
  const client = new LspClient();
  const uri = `file:///cancel/${TID}-01[big].md`;
  const doc = { textDocument: { uri } };
  // 30,000 posts, each quoting the one before: a 4 MB outline answer.
  const posts: PostSpec[] = [];
  for (let i = 0; i < 30_000; i++) {
    const date = `2025-1-${1 + Math.floor(i / 1440)} ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    posts.push({ author: `u${i % 97}`, floor: i + 1, date, body: `post ${i}\n${i > 0 ? plainQuote(`u${(i - 1) % 97}`, posts[i - 1].date, `post ${i - 1}`) : ''}` });
  }
  const text = dump(...posts);
  const isCancelled = (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled;

  before(async () => {
    await client.initialize(null);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  const requests: [string, () => unknown][] = [
    ['textDocument/documentSymbol', () => doc],
    ['textDocument/foldingRange', () => doc],
    ['textDocument/documentLink', () => doc],
    ['textDocument/codeLens', () => doc],
    ['textDocument/references', () => ({ ...doc, position: { line: 3, character: 0 }, context: { includeDeclaration: true } })],
    ['workspace/symbol', () => ({ query: 'post' })],
  ];
  for (const [method, params] of requests) {
    it(`a cancelled ${method} on a big document answers RequestCancelled, not the answer`, async () => {
      // Opened right before: the server is still reading the document when the request and its
      // cancellation arrive (as when an editor cancels requests a busy server has not started).
      await client.open(uri, text, 1);
      const source = new CancellationTokenSource();
      const pending = client.conn.sendRequest(method, params(), source.token);
      source.cancel();
      await assert.rejects(pending, isCancelled);
      // Not cancelled, the same request answers in full.
      const full = await client.request<unknown[]>(method, params());
      assert.ok(method === 'textDocument/documentLink' || full.length > 0, `${method}: ${full.length}`);
      await client.close(uri);
    });
  }

  it('the outline a cancelled request did not send is the 30,000-post one', async () => {
    await client.open(uri, text, 1);
    const full = await client.request<unknown[]>('textDocument/documentSymbol', doc);
    assert.equal(full.length, 30_000);
    assert.ok(JSON.stringify(full).length > 4_000_000);
    await client.close(uri);
  });
});
