// The web e2e suite: runs inside code-server's web-worker extension host (no Node: the extension
// loaded from its `browser` entry, the language server in a Web Worker), driven by
// scripts/e2e/web.mjs. Bundled for the browser (no mocha, no node:assert): a small runner that
// prints each result and ends with `forum-dump web: N passed, N failed`, which web.mjs reads.
import * as vscode from 'vscode';
import { waitFor } from '../suite/wait';

const EXTENSION_ID = 'forum-dump.forum-dump';
const LANGUAGE_ID = 'forum-dump';
const SEED = '000_30f14379e19f2ff5.txt';
const THREAD_DIR = '2243718[DEEPSEEK-R1完全可以说是全球第一LLM了]';
const PAGE_01 = `${THREAD_DIR}/2243718-01[DEEPSEEK-R1完全可以说是全球第一LLM了].md`;
const PAGE_02 = `${THREAD_DIR}/2243718-02[DEEPSEEK-R1完全可以说是全球第一LLM了].md`;

// 0-based lines of the sample dump, found by their text (as in tests/e2e/suite/) when the run
// starts: see seedLines().
const L = { floor4Author: 0, floor6Author: 0, floor7Author: 0, floor12Author: 0, quoteOf6In12: 0, quoteOf6In12End: 0 };
// In the thread's pages, as in tests/e2e/suite/03-cross-page.test.ts:
const QUOTE_IN_02 = 6; // <blockquote><a href="…pid=67359758…">moekyo 发表于 2025-2-6 17:40</a>   (in -02)
const FLOOR_1474_IN_01 = 18574; // ####  moekyo   (floor 1474, in -01)

interface ThreadViewState {
  posts: number;
  rendered: number;
  quoteLinks: number;
  separators: number;
  highlighted?: string;
  topFloor?: string;
  error?: string;
  timeout?: boolean;
}
interface WebApi {
  client: () => { isRunning(): boolean } | undefined;
  threadViews: { current?: { meta: { posts: unknown[]; files: unknown[] }; probe(action: object): Promise<unknown>; panel: { dispose(): void } } };
  serverStart: () => { workerMs?: number; totalMs?: number; from?: string };
  files: {
    list(p: { uri: string }): Promise<{ name: string; uri: string; isFile: boolean; isDirectory: boolean }[]>;
    stat(p: { uri: string }): Promise<{ size: number; isFile: boolean } | null>;
    read(p: { uri: string; maxBytes: number }): Promise<{ base64: string } | null>;
  };
}

/** Finds the lines of L in the sample dump (read through workspace.fs: there is no node:fs here). */
async function seedLines(): Promise<void> {
  const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(wsUri(SEED))).replace(/^\ufeff/, '').split('\n');
  const line = (needle: string, from = 0) => {
    for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
    throw new AssertionError(`no line of ${SEED} includes ${JSON.stringify(needle)}`);
  };
  L.floor4Author = line('####  yangkaim4');
  L.floor6Author = line('####  sellboy'); // floor 6, 2025-1-31 09:20
  L.floor7Author = line('####  jojog');
  L.floor12Author = line('####  Alce79');
  L.quoteOf6In12 = line('<blockquote>sellboy 发表于 2025-1-31 09:20');
  L.quoteOf6In12End = line('</blockquote>', L.quoteOf6In12);
}

class AssertionError extends Error {}
function ok(value: unknown, message: string): asserts value {
  if (!value) throw new AssertionError(message);
}
function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new AssertionError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function wsUri(rel: string): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  ok(f, 'web.mjs opens a copy of seeds/ as the workspace folder');
  return vscode.Uri.joinPath(f.uri, ...rel.split('/'));
}

const openDoc = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

/** Opens a file as a user does (no language forced) and waits for the extension to switch it to forum-dump. */
async function openDump(rel: string): Promise<vscode.TextDocument> {
  const first = await vscode.workspace.openTextDocument(wsUri(rel));
  await vscode.window.showTextDocument(first, { preview: false });
  const doc = await waitFor(`${rel} to switch to ${LANGUAGE_ID} (it opened as ${first.languageId})`, () => openDoc(first.uri), (d) => d?.languageId === LANGUAGE_ID);
  await vscode.window.showTextDocument(doc!, { preview: false });
  return doc!;
}

const commandResult = <T>(what: string, command: string, ...args: unknown[]) =>
  waitFor(what, () => vscode.commands.executeCommand<T>(command, ...args), (v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));

function posOf(doc: vscode.TextDocument, line: number, needle: string, into = 1): vscode.Position {
  const at = doc.lineAt(line).text.indexOf(needle);
  ok(at >= 0, `line ${line} should contain ${JSON.stringify(needle)}`);
  return new vscode.Position(line, at + into);
}

const targetOf = (d: vscode.Location | vscode.LocationLink) => ('targetUri' in d ? { uri: d.targetUri, range: d.targetSelectionRange ?? d.targetRange } : { uri: d.uri, range: d.range });
const hoverText = (hs: vscode.Hover[]) => hs.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n').replace(/\\(.)/g, '$1');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));
const broken = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'broken-quote');

const tests: [string, () => Promise<void>][] = [];
const test = (name: string, f: () => Promise<void>) => tests.push([name, f]);

test('the host is a web worker: no Node (typeof process === "undefined"), UIKind.Web', async () => {
  equal(typeof process, 'undefined', 'typeof process in the extension host');
  equal(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function', 'a worker global scope (importScripts)');
  equal(vscode.env.uiKind, vscode.UIKind.Web, 'vscode.env.uiKind');
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  ok(ext, `${EXTENSION_ID} is loaded`);
  equal(ext.packageJSON.main, undefined, 'the copy web.mjs loads has no `main`: the `browser` entry runs');
  equal(ext.packageJSON.browser, './dist/web.js', 'package.json browser');
});

test('language mode: a dump opened as plain text switches to forum-dump', async () => {
  const doc = await openDump(SEED);
  equal(doc.languageId, LANGUAGE_ID, 'language id');
  const ext = vscode.extensions.getExtension<WebApi>(EXTENSION_ID)!;
  ok(ext.isActive, 'the extension activated');
  await waitFor('the language client to run (its server in a Web Worker)', () => ext.exports.client(), (c) => !!c && c.isRunning());
  const start = ext.exports.serverStart();
  ok(typeof start.totalMs === 'number', 'the server start time was measured');
  equal(start.from, 'blob', 'code-server refuses a worker from the extension URL: the blob URL fallback started it');
  console.log(`forum-dump web: server started in ${start.totalMs} ms (its worker from a ${start.from} URL after ${start.workerMs} ms)`);
});

test('the grammar: the TextMate grammar is read through workspace.fs and tokenizes the dump', async () => {
  const doc = await openDump(SEED);
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const g = (ext.packageJSON.contributes?.grammars ?? []).find((x: { language: string }) => x.language === LANGUAGE_ID) as { path: string; scopeName: string } | undefined;
  ok(g, 'a grammar for forum-dump is contributed');
  const grammar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, g.path)))) as { scopeName: string };
  equal(grammar.scopeName, g.scopeName, 'its scope name');
  // VS Code's own command (its colorize tests use it): throws when the language has no tokenizer.
  const r = await vscode.commands.executeCommand<{ tokenizeTime: number }>('_workbench.colorizeTextMateTokens', doc.uri);
  equal(typeof r?.tokenizeTime, 'number', 'the grammar tokenized the dump');
});

test('outline: one symbol per post (95)', async () => {
  const doc = await openDump(SEED);
  const symbols = await commandResult<vscode.DocumentSymbol[]>('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
  equal(symbols.length, 95, 'symbols');
  ok(/Alce79/.test(symbols[11].name), `symbol 12 is Alce79's post: ${symbols[11].name}`);
  equal(symbols[11].range.start.line, L.floor12Author, 'its line');
});

test('definition, references, hover, lenses, hints, folding, links in one file', async () => {
  const doc = await openDump(SEED);
  const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>('a definition', 'vscode.executeDefinitionProvider', doc.uri, posOf(doc, L.quoteOf6In12, 'sellboy', 2));
  equal(targetOf(defs[0]).range.start.line, L.floor6Author, 'definition of the quote in #12');
  const refs = await commandResult<vscode.Location[]>('references', 'vscode.executeReferenceProvider', doc.uri, posOf(doc, L.floor6Author, 'sellboy', 1));
  ok(refs.some((r) => r.range.start.line === L.quoteOf6In12), `a reference in #12: ${JSON.stringify(refs.map((r) => r.range.start.line))}`);
  const lenses = await commandResult<vscode.CodeLens[]>('code lenses', 'vscode.executeCodeLensProvider', doc.uri, 100);
  ok(lenses.some((l) => l.range.start.line === L.floor6Author && /2/.test(l.command?.title ?? '')), 'a "2 replies" lens on #6');
  const hints = await commandResult<vscode.InlayHint[]>('inlay hints', 'vscode.executeInlayHintProvider', doc.uri, new vscode.Range(L.floor12Author, 0, L.quoteOf6In12End + 2, 0));
  ok(hints.some((h) => h.position.line === L.quoteOf6In12 && (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')) === '→ #6'), 'the hint → #6');
  const folds = await commandResult<vscode.FoldingRange[]>('folding ranges', 'vscode.executeFoldingRangeProvider', doc.uri);
  ok(folds.some((f) => f.start === L.quoteOf6In12 && f.end === L.quoteOf6In12End), 'the quote in #12 folds');
  const links = await commandResult<vscode.DocumentLink[]>('document links', 'vscode.executeLinkProvider', doc.uri);
  ok(links.some((l) => l.target?.fragment === `L${L.floor4Author + 1}`), `the findpost link to #4 (#L${L.floor4Author + 1}: 1-based, its author line)`);
});

test('definition into the sibling page -01 (read through the client, not the disk)', async () => {
  const page01 = wsUri(PAGE_01);
  equal(openDoc(page01), undefined, 'page -01 is not open');
  const doc = await openDump(PAGE_02);
  const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>('a definition', 'vscode.executeDefinitionProvider', doc.uri, posOf(doc, QUOTE_IN_02, 'moekyo 发表于', 2));
  equal(defs.length, 1, 'definitions');
  const t = targetOf(defs[0]);
  equal(t.uri.toString(), page01.toString(), 'the target file');
  equal(t.range.start.line, FLOOR_1474_IN_01, 'the target line');
});

test('hover from page -02 previews the post in page -01', async () => {
  const doc = await openDump(PAGE_02);
  const hovers = await commandResult<vscode.Hover[]>('a hover', 'vscode.executeHoverProvider', doc.uri, posOf(doc, QUOTE_IN_02, 'moekyo 发表于', 2));
  const text = hoverText(hovers);
  ok(text.includes('推上看到这个'), `the preview shows the post's text; got ${JSON.stringify(text.slice(0, 300))}`);
  ok(/2243718-01/.test(text), 'the preview names page -01');
});

test('a diagnostic appears with an edit (and its quick fix is offered), and goes with undo', async () => {
  const doc = await openDump(SEED);
  await commandResult('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
  equal(broken(doc.uri).length, 0, 'no broken quote before the edit');
  const at = posOf(doc, L.quoteOf6In12, '09:20', 0);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(at.translate(0, 3), at.translate(0, 5)), '21');
  ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
  const diags = await waitFor('a broken-quote diagnostic', () => broken(doc.uri), (d) => d.length > 0);
  equal(diags[0].range.start.line, L.quoteOf6In12, 'its line');
  ok(/sellboy/.test(diags[0].message), `its message names sellboy: ${diags[0].message}`);
  const actions = await commandResult<vscode.CodeAction[]>('quick fixes', 'vscode.executeCodeActionProvider', doc.uri, diags[0].range, vscode.CodeActionKind.QuickFix.value);
  ok(actions.some((a) => a.edit && /09:20/.test(a.title + JSON.stringify(a.edit.entries()))), `a quick fix back to 09:20: ${JSON.stringify(actions.map((a) => a.title))}`);
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('undo');
  await waitFor('undo to restore 09:20', () => doc.lineAt(L.quoteOf6In12).text.includes('09:20'));
  await waitFor('the broken-quote diagnostic to clear', () => broken(doc.uri), (d) => d.length === 0);
});

test('reader command: Next Post moves the cursor to the next post', async () => {
  const doc = await openDump(SEED);
  const pos = new vscode.Position(L.floor6Author, 0);
  await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(pos, pos) });
  await vscode.commands.executeCommand('forumDump.nextPost');
  await waitFor(`the cursor on #7 (line ${L.floor7Author})`, () => vscode.window.activeTextEditor?.selection.active.line, (l) => l === L.floor7Author, { timeout: 5_000 });
});

test('the thread view: the whole thread (both page files, read through the client) rendered in a webview; a quote header jumps to its post', async () => {
  await openDump(PAGE_02);
  const views = vscode.extensions.getExtension<WebApi>(EXTENSION_ID)!.exports.threadViews;
  await vscode.commands.executeCommand('forumDump.openThreadViewToSide');
  const state = async (action: object = { op: 'state' }) => {
    // The probe waits for the view's script; never longer than 5 s here (a view that did not load fails the wait below).
    const s = (await Promise.race([views.current?.probe(action), new Promise((r) => setTimeout(() => r({ timeout: true }), 5000))])) as ThreadViewState | undefined;
    ok(!s?.error && !s?.timeout, `probe ${JSON.stringify(action)}: ${JSON.stringify(s)}`);
    return s;
  };
  const s = await waitFor('the view to render posts', () => state(), (x) => (x?.rendered ?? 0) > 10, { timeout: 30_000 });
  const meta = views.current!.meta;
  equal(meta.files.length, 2, 'page files in the view');
  equal(s!.posts, meta.posts.length, 'posts in the view');
  ok(s!.posts > 2000, `${s!.posts} posts in the thread`);
  ok(s!.quoteLinks > 0, 'quote headers are in-view links');
  await state({ op: 'goto', floor: '32' });
  await waitFor('floor 32 at the top', () => state(), (x) => x?.topFloor === '32');
  await state({ op: 'click', selector: 'article[data-floor="32"] a.quote-link[data-target-floor]' });
  const after = await waitFor('the quoted post highlighted at the top', () => state(), (x) => x?.highlighted !== undefined && x.topFloor === x.highlighted);
  equal(after!.highlighted, '4', '#32 quotes #4');
  views.current!.panel.dispose();
});

test('Restart Language Server: the server comes back and answers', async () => {
  const doc = await openDump(SEED);
  const ext = vscode.extensions.getExtension<WebApi>(EXTENSION_ID)!;
  await vscode.commands.executeCommand('forumDump.restartServer');
  await waitFor('the language client to run again', () => ext.exports.client(), (c) => !!c && c.isRunning());
  const symbols = await commandResult<vscode.DocumentSymbol[]>('document symbols after the restart', 'vscode.executeDocumentSymbolProvider', doc.uri);
  equal(symbols.length, 95, 'symbols');
});

test('file access: only inside the workspace, only regular files, bounded', async () => {
  const api = vscode.extensions.getExtension<WebApi>(EXTENSION_ID)!.exports;
  const root = wsUri('');
  const seed = wsUri(SEED);
  const names = (await api.files.list({ uri: root.toString() })).map((e) => e.name);
  ok(names.includes(THREAD_DIR) && names.includes(SEED), `the workspace root lists the seeds: ${JSON.stringify(names)}`);
  const st = await api.files.stat({ uri: seed.toString() });
  ok(st && st.isFile && st.size > 1000, 'stat of the seed');
  ok(await api.files.read({ uri: seed.toString(), maxBytes: 64 * 1024 * 1024 }), 'the seed reads');
  equal(await api.files.read({ uri: seed.toString(), maxBytes: 100 }), null, 'a file over maxBytes');
  equal(await api.files.read({ uri: root.toString(), maxBytes: 1 << 20 }), null, 'a folder');
  const outside = root.with({ path: '/etc/hostname' });
  equal(await api.files.read({ uri: outside.toString(), maxBytes: 1 << 20 }), null, 'a file outside the workspace');
  equal((await api.files.list({ uri: root.with({ path: '/etc' }).toString() })).length, 0, 'a folder outside the workspace');
  equal(await api.files.read({ uri: `${root.toString()}/../../../../etc/hostname`, maxBytes: 1 << 20 }), null, 'a path climbing out with ..');
  equal(await api.files.stat({ uri: 'not a uri' }), null, 'garbage');
});

export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  await seedLines();
  for (const [name, f] of tests) {
    const t0 = Date.now();
    try {
      // Every test runs in the web worker host, without Node.
      equal(typeof process, 'undefined', 'typeof process in the extension host');
      await f();
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${name}\n      ${(e as Error)?.stack ?? e}`);
    }
  }
  console.log(`forum-dump web: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} web e2e test(s) failed`);
}
