// The FileSource seam (server/src/workspace/fileSource.ts): the disk source's checks, the loader
// reading a thread's pages through it, and canonical URIs spelled without node:url (the browser
// build shares them) exactly as Node spells them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { canonicalUri, WorkspaceIndex } from '../../server/src/workspace';
import { DiskFileSource } from '../../server/src/workspace/diskSource';
import { DiskLoader } from '../../server/src/workspace/loader';
import { THREAD_DIR, read } from '../helpers/paths';

describe('canonicalUri without node:url', () => {
  const node = (uri: string) => {
    try {
      return pathToFileURL(fileURLToPath(uri)).href;
    } catch {
      return uri;
    }
  };
  it("spells every file URI as Node's pathToFileURL(fileURLToPath(uri)) does", () => {
    const uris = ['file:///a//b/../c/./d/', 'file://localhost/a/b', 'file://host/a', 'file:///a/%5bx%5d.md', 'file:///a/b?q=1#h', 'file:///a%2fb', 'file:///a%', 'file:///a/%zz', 'file:///a/b%00', 'file:///', 'file:/a/b', 'file:///a\\b'];
    for (let c = 0; c < 0x3100; c += c < 0x200 ? 1 : 37) {
      const ch = String.fromCodePoint(c);
      uris.push(`file:///d/${ch}x.md`, `file:///d/${encodeURIComponent(ch)}.md`, `file:///d/%${(c & 0xff).toString(16).padStart(2, '0')}y`);
    }
    uris.push(pathToFileURL(path.join(THREAD_DIR, '2243718-01[DEEPSEEK-R1完全可以说是全球第一LLM了].md')).href.replace('%5B', '%5b'));
    const differ = uris.filter((u) => canonicalUri(u) !== node(u));
    assert.deepEqual(differ.map((u) => [u, canonicalUri(u), node(u)]), []);
  });
  it('leaves other schemes alone (vscode-vfs on github.dev, vscode-remote, untitled)', () => {
    for (const u of ['vscode-vfs://github/o/r/a%5Bb%5D.md', 'vscode-remote://h:1/x/%5bx%5d', 'untitled:Untitled-1']) assert.equal(canonicalUri(u), u);
  });
});

describe('DiskFileSource', () => {
  const src = new DiskFileSource();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-src-'));
  const fileUri = (p: string) => pathToFileURL(p).href;

  it('lists, stats and reads files by URI', async () => {
    const entries = await src.list(fileUri(THREAD_DIR));
    const pages = entries.filter((e) => e.isFile).map((e) => e.name).sort();
    assert.deepEqual(pages, fs.readdirSync(THREAD_DIR).sort());
    for (const e of entries) assert.equal(e.uri, fileUri(path.join(THREAD_DIR, e.name)));
    const p1 = path.join(THREAD_DIR, pages[0]);
    const st = await src.stat(fileUri(p1));
    assert.equal(st?.size, fs.statSync(p1).size);
    assert.equal(st?.isFile, true);
    const bytes = await src.read(fileUri(p1), 64 << 20);
    assert.ok(bytes);
    assert.equal(Buffer.from(bytes).toString('utf8').replace(/^\ufeff/, ''), read(p1));
  });

  it('refuses folders, files over maxBytes, other schemes and missing files', async () => {
    assert.equal(await src.read(fileUri(THREAD_DIR), 1 << 20), null);
    const f = path.join(tmp, 'small.md');
    fs.writeFileSync(f, 'x'.repeat(100));
    assert.equal(await src.read(fileUri(f), 99), null);
    assert.equal((await src.read(fileUri(f), 100))?.length, 100);
    assert.equal(await src.read('untitled:Untitled-1', 1 << 20), null);
    assert.equal(await src.read(fileUri(path.join(tmp, 'missing.md')), 1 << 20), null);
    assert.deepEqual(await src.list('vscode-vfs://github/o/r'), []);
  });

  it('does not block on a FIFO put where a page file was (O_NONBLOCK, fstat of the opened file)', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(tmp, '2243718-03[x].md');
    const r = spawnSync('mkfifo', [fifo]);
    assert.equal(r.status, 0, 'mkfifo');
    // No writer ever opens it: a blocking open would hang this test (and the server) forever.
    assert.equal(await src.read(fileUri(fifo), 1 << 20), null);
    fs.rmSync(fifo);
  });

  it('the loader reads a thread\'s sibling pages through it', async () => {
    const index = new WorkspaceIndex();
    const loader = new DiskLoader(index, src);
    const names = fs.readdirSync(THREAD_DIR).sort();
    const page2 = canonicalUri(fileUri(path.join(THREAD_DIR, names[1])));
    index.set(page2, read(path.join(THREAD_DIR, names[1])), 1);
    let changed = 0;
    loader.onThreadChanged = () => changed++;
    await loader.loadThreadOf(page2);
    const page1 = canonicalUri(fileUri(path.join(THREAD_DIR, names[0])));
    assert.equal(index.get(page1)?.doc.text, read(path.join(THREAD_DIR, names[0])));
    assert.equal(changed, 1);
    assert.deepEqual(index.threadOf(page2)?.files.map((f) => f.uri), [page1, page2]);
  });
});
