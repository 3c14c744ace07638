// Reply navigation over real JSON-RPC: codeLens, callHierarchy, inlayHint, workspace/symbol,
// foldingRange, selectionRange, documentLink, codeAction — and messages in Chinese.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CodeAction,
  CodeLens,
  DocumentLink,
  FoldingRange,
  InlayHint,
  SelectionRange,
  SymbolInformation,
} from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';
import { read, SEED } from '../helpers/paths';

const uri = pathToFileURL(SEED).href;
const doc = { textDocument: { uri } };

describe('reply navigation over --stdio', () => {
  const client = new LspClient();
  before(async () => {
    // No workspace folder: nothing is indexed but what is opened.
    const init = (await client.initialize(null)) as { capabilities: Record<string, unknown> };
    for (const cap of ['codeLensProvider', 'callHierarchyProvider', 'inlayHintProvider', 'workspaceSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'documentLinkProvider', 'codeActionProvider']) {
      assert.ok(init.capabilities[cap], cap);
    }
    await client.open(uri, read(SEED));
  });
  after(async () => assert.equal(await client.shutdown(), 0));

  it('codeLens: replies and quotes', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', doc);
    assert.ok(lenses.some((l) => l.range.start.line === 73 && l.command?.title === '2 replies'));
  });

  it('callHierarchy: the reply tree of #6', async () => {
    const [item] = await client.request<CallHierarchyItem[]>('textDocument/prepareCallHierarchy', { ...doc, position: { line: 75, character: 0 } });
    assert.equal(item.name, '#6 sellboy');
    const incoming = await client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', { item });
    assert.deepEqual(
      incoming.map((c) => c.from.name),
      ['#12 Alce79', '#43 qratosones1337'],
    );
    const outgoing = await client.request<{ to: CallHierarchyItem }[]>('callHierarchy/outgoingCalls', { item });
    assert.deepEqual(
      outgoing.map((c) => c.to.name),
      ['#4 yangkaim4'],
    );
  });

  it('inlayHint: → #6 after the quote header of #12', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { ...doc, range: { start: { line: 130, character: 0 }, end: { line: 141, character: 0 } } });
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.label]),
      [[133, '→ #6']],
    );
  });

  it('workspace/symbol: by floor and by author', async () => {
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '#12' });
    assert.equal(syms.length, 1);
    assert.match(syms[0].name, /^#12 Alce79 · /);
    const byAuthor = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'Alce79' });
    assert.equal(byAuthor.length, 9, 'grep -c "^####  Alce79" finds 9');
    assert.ok(byAuthor.every((x) => / Alce79 · /.test(x.name)));
  });

  it('foldingRange, selectionRange, documentLink', async () => {
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', doc);
    assert.ok(folds.some((f) => f.startLine === 130 && f.endLine === 140));
    const [sel] = await client.request<SelectionRange[]>('textDocument/selectionRange', { ...doc, positions: [{ line: 134, character: 1 }] });
    assert.deepEqual(sel.range.start, { line: 133, character: 0 });
    assert.equal(sel.parent?.parent?.range.start.line, 130);
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', doc);
    assert.ok(links.some((l) => l.target === `${uri}#L60`));
  });

  it('codeAction: a quick fix for a quote broken by an edit', async () => {
    const line = read(SEED).split('\n')[133];
    const col = line.indexOf('09:20') + 4;
    await client.change(uri, 2, [{ range: { start: { line: 133, character: col }, end: { line: 133, character: col + 1 } }, text: '5' }]);
    const diags = await client.waitDiagnostics(uri, (d, v) => v === 2 && d.length > 0);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { ...doc, range: diags[0].range, context: { diagnostics: diags } });
    assert.equal(actions[0].title, 'Point this quote at #6 (sellboy, 2025-01-31 09:20)');
    const edit = actions[0].edit!.changes![uri][0];
    assert.deepEqual(edit.range.start, { line: 133, character: col - 14 });
    assert.equal(edit.newText, '2025-1-31 09:20');
  });
});

describe('messages in the client locale', () => {
  it('speaks Simplified Chinese to a zh-cn client', async () => {
    const client = new LspClient();
    await client.initialize(null, { locale: 'zh-cn' });
    const text = read(SEED).replace('<blockquote>sellboy 发表于 2025-1-31 09:20', '<blockquote>sellboy 发表于 2025-1-31 09:25');
    await client.open(uri, text);
    const diags = await client.waitDiagnostics(uri, (d) => d.length > 0);
    assert.match(diags[0].message, /^失效的引用：本帖中没有 sellboy 于 2025-01-31 09:25 发表的楼层/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', doc);
    assert.ok(lenses.some((l) => l.command?.title === '1 条回复'));
    assert.equal(await client.shutdown(), 0);
  });
});
