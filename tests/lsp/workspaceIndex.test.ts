// The workspace index over real JSON-RPC (issue 12): folders added and removed, a burst of file
// events, a FIFO swapped in while indexing, quotes across threads, `exit` while indexing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { LocationLink, SymbolInformation } from 'vscode-languageserver-protocol';
import { DumpDocument } from '../../server/src/model';
import { LspClient } from '../helpers/lsp';
import { read, SEED, THREAD_DIR } from '../helpers/paths';
import { uriOf } from '../helpers/workspace';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-dump-lsp-index-'));
  dirs.push(d);
  return d;
}

/** A folder in the archive layout: board / `tid[title]` / `tid-NN[title].md`. */
function archive(threads: Record<string, string[]>): string {
  const root = tmpDir();
  for (const [tid, pages] of Object.entries(threads)) {
    const d = path.join(root, 'board', `${tid}[t]`);
    fs.mkdirSync(d, { recursive: true });
    pages.forEach((text, i) => fs.writeFileSync(path.join(d, `${tid}-${String(i + 1).padStart(2, '0')}[t].md`), text));
  }
  return root;
}

const post = (author: string, floor: number, date: string, body = 'x') => `*****\n\n####  ${author}  \n##### ${floor}#  发表于 ${date}\n\n${body}\n\n`;

/** Starts a server on `folder`, with a client that answers progress requests; resolves when indexing ends. */
async function start(folder: string, args: string[] = ['--stdio']) {
  const client = new LspClient(args);
  let ended!: () => void;
  const indexed = new Promise<void>((r) => (ended = r));
  client.conn.onRequest('window/workDoneProgress/create', () => null);
  client.conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end') ended();
  });
  await client.initialize(uriOf(folder), {
    capabilities: { window: { workDoneProgress: true }, textDocument: { definition: { linkSupport: true } }, workspace: { configuration: true, workspaceFolders: true } },
  });
  return { client, indexed };
}

const symbols = (c: LspClient, query: string) => c.request<SymbolInformation[]>('workspace/symbol', { query });
const names = (s: SymbolInformation[]) => s.filter((x) => x.kind !== 1 /* the "indexing" note is a File */).map((x) => x.name);

describe('the workspace index over LSP', () => {
  it('follows folders added and removed (workspace/didChangeWorkspaceFolders)', async () => {
    const a = archive({ 9100001: [post('inA', 1, '2025-1-1 00:00')] });
    const b = archive({ 9100002: [post('inB', 1, '2025-1-1 00:00')] });
    const { client, indexed } = await start(a);
    try {
      await indexed;
      assert.deepEqual(names(await symbols(client, 'inA')), ['#1 inA · 2025-01-01 00:00']);
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf(b), name: 'b' }], removed: [] } });
      for (let i = 0; i < 100 && names(await symbols(client, 'inB')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(names(await symbols(client, 'inB')), ['#1 inB · 2025-01-01 00:00']);
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(a), name: 'a' }] } });
      for (let i = 0; i < 100 && names(await symbols(client, 'inA')).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(names(await symbols(client, 'inA')), []);
      assert.equal(names(await symbols(client, 'inB')).length, 1);
    } finally {
      await client.shutdown();
    }
  });

  it('coalesces a burst of 20,000 events, and indexes a file of a new thread announced as Created', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => post(`p${i}`, i + 1, '2025-1-1 00:00'));
    const root = archive({ 9100003: pages });
    const { client, indexed } = await start(root);
    try {
      await indexed;
      const dir = path.join(root, 'board', '9100003[t]');
      const files = fs.readdirSync(dir).map((f) => uriOf(path.join(dir, f)));
      const open = files[0];
      await client.open(open, fs.readFileSync(fileURLPath(open), 'utf8'));
      const changes = Array.from({ length: 20000 }, (_, i) => ({ uri: files[i % files.length], type: 2 }));
      const created = path.join(root, 'board', '9100004[n]', '9100004-01[n].md');
      fs.mkdirSync(path.dirname(created));
      fs.writeFileSync(created, post('newcomer', 1, '2025-1-1 00:00'));
      changes.push({ uri: uriOf(created), type: 1 });
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
      // Still answering, and the new thread is in.
      const outline = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: open } });
      assert.equal(outline.length, 1);
      for (let i = 0; i < 100 && names(await symbols(client, 'newcomer')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(names(await symbols(client, 'newcomer')), ['#1 newcomer · 2025-01-01 00:00']);
    } finally {
      await client.shutdown();
    }
  });

  it('skips a page swapped for a FIFO mid-index, finishes indexing, and still exits', async () => {
    const root = archive({ 9100005: Array.from({ length: 200 }, (_, i) => post(`f${i}`, i + 1, '2025-1-1 00:00')) });
    const dir = path.join(root, 'board', '9100005[t]');
    const victim = path.join(dir, fs.readdirSync(dir).sort()[150]);
    const { client, indexed } = await start(root);
    // Swapped while the server walks and reads.
    fs.rmSync(victim);
    execFileSync('mkfifo', [victim]);
    try {
      await indexed;
      assert.equal(names(await symbols(client, 'f1')).length > 0, true);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('resolves a quote into another thread of the workspace (definition follows it)', async () => {
    const seed = new DumpDocument(read(SEED));
    const p = seed.posts[5];
    const date = p.date!.text.replace(/-0/g, '-');
    const quoting =
      post('reader', 1, '2025-2-1 10:00', `<blockquote><a href="https://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1&amp;ptid=2244747" target="_blank">${p.author} 发表于 ${date}</a>\nx</blockquote>\nreply`);
    const root = archive({ 9100006: [quoting], 2244747: [read(SEED)] });
    const { client, indexed } = await start(root);
    try {
      await indexed;
      const qFile = path.join(root, 'board', '9100006[t]', '9100006-01[t].md');
      await client.open(uriOf(qFile), quoting);
      const line = quoting.split('\n').findIndex((l) => l.includes('<blockquote>'));
      let links: LocationLink[] = [];
      for (let i = 0; i < 100 && links.length === 0; i++) {
        links = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: uriOf(qFile) }, position: { line, character: 20 } });
        if (links.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(links[0]?.targetUri, uriOf(path.join(root, 'board', '2244747[t]', '2244747-01[t].md')));
      assert.equal(links[0].targetSelectionRange.start.line, p.line);
    } finally {
      await client.shutdown();
    }
  });

  it('answers definition into a sibling page right after opening (it waits for the thread)', async () => {
    const pages = fs.readdirSync(THREAD_DIR).sort().map((f) => read(path.join(THREAD_DIR, f)));
    const root = archive({ 2243718: pages });
    const { client } = await start(root);
    try {
      const p2 = path.join(root, 'board', '2243718[t]', '2243718-02[t].md');
      const doc = new DumpDocument(pages[1]);
      await client.open(uriOf(p2), pages[1]);
      // Every quote of page 2, asked at once on open; those into page 1 must answer page 1.
      const asked = await Promise.all(
        doc.quotes.map((q) => client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: uriOf(p2) }, position: doc.positionAt(q.span.start + 14) })),
      );
      assert.ok(
        asked.some((l) => l[0]?.targetUri?.includes('2243718-01')),
        'some quote of page 2 lands on page 1',
      );
    } finally {
      await client.shutdown();
    }
  });

  it('ends the process within a second on exit while indexing', async () => {
    const root = archive(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [String(9200000 + i), [read(SEED)]])));
    const { client } = await start(root);
    await new Promise((r) => setTimeout(r, 200));
    const t = Date.now();
    await client.conn.sendRequest('shutdown');
    await client.conn.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => {
      if (client.proc.exitCode !== null) return resolve(client.proc.exitCode);
      client.proc.on('exit', (c) => resolve(c));
    });
    const ms = Date.now() - t;
    client.conn.dispose();
    assert.equal(code, 0);
    assert.ok(ms < 1000, `exit took ${ms} ms`);
  });
});

function fileURLPath(u: string): string {
  return new URL(u).pathname.split('/').map(decodeURIComponent).join('/');
}
