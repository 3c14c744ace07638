// The language server over real JSON-RPC: `node dist/server.js --stdio`, as any LSP editor runs it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol, Hover, Location, LocationLink, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';
import { read, SEED, THREAD_DIR } from '../helpers/paths';
import { quoteResolution, uriOf } from '../helpers/workspace';

/** A scratch copy of the seeds, so tests may change files on disk. */
function scratch(): { dir: string; seed: string; p1: string; p2: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-lsp-'));
  const thread = path.join(dir, path.basename(THREAD_DIR));
  fs.mkdirSync(thread);
  const names = fs.readdirSync(THREAD_DIR).sort();
  for (const n of names) fs.copyFileSync(path.join(THREAD_DIR, n), path.join(thread, n));
  fs.copyFileSync(SEED, path.join(dir, path.basename(SEED)));
  return { dir, seed: path.join(dir, path.basename(SEED)), p1: path.join(thread, names[0]), p2: path.join(thread, names[1]) };
}


describe('language server over --stdio', () => {
  const s = scratch();
  const client = new LspClient();
  const seedUri = uriOf(s.seed);
  const seedText = read(s.seed);

  before(async () => {
    const init = (await client.initialize(uriOf(s.dir))) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.documentSymbolProvider);
    assert.ok(init.capabilities.definitionProvider);
    assert.ok(init.capabilities.referencesProvider);
    assert.ok(init.capabilities.hoverProvider);
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  it('opens the seed: 95 symbols, no problems', async () => {
    await client.open(seedUri, seedText);
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: seedUri } });
    assert.equal(syms.length, 95);
    assert.equal(syms[11].name, '#12 Alce79');
    const diags = await client.waitDiagnostics(seedUri, () => true);
    assert.deepEqual(diags, []);
  });

  it('answers definition, references and hover', async () => {
    // Line 133 is `<blockquote>sellboy 发表于 2025-1-31 09:20` in #12; it quotes #6 (line 73).
    const defs = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: seedUri }, position: { line: 133, character: 14 } });
    assert.equal(defs.length, 1);
    assert.equal(defs[0].targetUri, seedUri);
    assert.equal(defs[0].targetSelectionRange.start.line, 73);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: seedUri },
      position: { line: 73, character: 6 },
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      refs.map((r) => r.range.start.line),
      [133, read(s.seed).split('\n').findIndex((l, i) => i > 133 && l.includes('>sellboy 发表于 2025-1-31 09:20</a>'))],
    );
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: seedUri }, position: { line: 133, character: 14 } });
    assert.ok((h.contents as MarkupContent).value.includes('美国本土服务商不允许部署'));
  });

  it('shows a broken quote after an incremental edit, and clears it after the edit is undone', async () => {
    // Change the minute 09:20 → 09:21 in the quote header of line 133.
    const line = seedText.split('\n')[133];
    const col = line.indexOf('09:20') + 4;
    await client.change(seedUri, 2, [{ range: { start: { line: 133, character: col }, end: { line: 133, character: col + 1 } }, text: '1' }]);
    const broken = await client.waitDiagnostics(seedUri, (d, v) => v === 2 && d.length > 0);
    assert.deepEqual(
      broken.map((d) => [d.code, d.range.start.line]),
      [['broken-quote', 133]],
    );
    await client.change(seedUri, 3, [{ range: { start: { line: 133, character: col }, end: { line: 133, character: col + 1 } }, text: '0' }]);
    assert.deepEqual(await client.waitDiagnostics(seedUri, (d, v) => v === 3), []);
  });

  it('goes to a post in a page file that is not open, read from disk', async () => {
    const p2Uri = uriOf(s.p2);
    const p2Text = read(s.p2);
    await client.open(p2Uri, p2Text);
    // Find a quote in page 2 whose post is in page 1 (the CLI's model, in-process).
    const { WorkspaceIndex } = await import('../../server/src/workspace');
    const idx = new WorkspaceIndex();
    const f1 = idx.set(uriOf(s.p1), read(s.p1));
    const f2 = idx.set(p2Uri, p2Text);
    const q = f2.doc.quotes.find((x) => quoteResolution(idx, p2Uri, x.id)?.target?.file === f1)!;
    const pos = f2.doc.positionAt(q.header!.authorSpan.start);
    const want = quoteResolution(idx, p2Uri, q.id)!.target!.post.line;
    let defs: LocationLink[] = [];
    for (let i = 0; i < 100 && !(defs[0]?.targetUri === uriOf(s.p1)); i++) {
      defs = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: p2Uri }, position: pos });
      if (defs[0]?.targetUri !== uriOf(s.p1)) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(defs[0]?.targetUri, uriOf(s.p1));
    assert.equal(defs[0].targetSelectionRange.start.line, want);
    // With page 1 read, page 2 has no "not in this folder" quotes left.
    const d = await client.waitDiagnostics(p2Uri, (ds) => !ds.some((x) => x.code === 'quote-outside'));
    assert.ok(!d.some((x) => x.code === 'quote-outside'));
  });

  it('follows the disk through workspace/didChangeWatchedFiles', async () => {
    const p2Uri = uriOf(s.p2);
    const before = (client.diagnostics.get(p2Uri)?.diagnostics ?? []).filter((d) => d.code === 'quote-outside').length;
    // Page 1 disappears from the folder: its quotes are now outside the files present.
    fs.renameSync(s.p1, s.p1 + '.bak');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(s.p1), type: 3 }] });
    const d = await client.waitDiagnostics(p2Uri, (ds) => ds.filter((x) => x.code === 'quote-outside').length > before);
    assert.ok(d.filter((x) => x.code === 'quote-outside').length >= 5);
    fs.renameSync(s.p1 + '.bak', s.p1);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(s.p1), type: 1 }] });
    await client.waitDiagnostics(p2Uri, (ds) => !ds.some((x) => x.code === 'quote-outside'));
  });

  it('clears diagnostics on close and survives junk documents', async () => {
    await client.close(seedUri);
    await client.waitDiagnostics(seedUri, (d, v) => v === undefined && d.length === 0);
    const junk = 'file:///nowhere/junk.md';
    await client.open(junk, '\u0000\ud800<blockquote>\n####  x\n##### 99999999999999999999999#  发表于 2025-99-99 99:99\n</blockquote>'.repeat(50));
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: junk } });
    assert.ok(Array.isArray(syms));
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///not/open.md' }, position: { line: 0, character: 0 } });
    assert.equal(h, null);
    const d = await client.waitDiagnostics(junk, (ds) => ds.length > 0);
    assert.ok(d.some((x) => x.code === 'malformed-header'));
  });
});
