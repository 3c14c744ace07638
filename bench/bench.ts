// `npm run bench`: the performance figures of issue 7, measured side by side in one run, as
// ratios. Prints one table (figure, ours, reference, ratio, target) and writes bench/results.json.
//
//   FORUM_DUMP_BENCH_QUICK=1   smaller sizes and fewer repetitions (a smoke run, not the figures)
//   FORUM_DUMP_BENCH_ARCHIVE_MB=1700,5000   sizes of the synthetic whole archives (whole.ts; quick: 40)
//   FORUM_DUMP_BENCH_ONLY=archive   only the whole-archive figures (FORUM_DUMP_BENCH_ONLY=file: only the others;
//                                   or a list of figures: parse,edit,earliest,symbols,index,memory,web,threadView,archive)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DumpDocument, formatMinuteArchive } from '../server/src/model';
import { WorkspaceIndex } from '../server/src/workspace';
import { computeDiagnostics } from '../server/src/features/diagnostics';
import { threadMeta, threadPosts } from '../server/src/features/threadView';
import { encodeMeta, type ThreadMeta } from '../shared/protocol';
import { LspClient } from '../tests/helpers/lsp';
import { prng } from '../tests/helpers/prng';
import { generateDump, generateThread, sampleBodies, type Generated } from './generate';
import { wholeArchiveFigures, type Row } from './whole';

const ROOT = path.resolve(__dirname, '../..');
const MiB = 1024 * 1024;
const QUICK = process.env.FORUM_DUMP_BENCH_QUICK === '1';

const rows: Row[] = [];
const results: Record<string, unknown> = {};

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}

/** Median time of `f` over `n` runs, after one warm-up. */
function time(f: () => unknown, n: number): number {
  f();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    f();
    xs.push(now() - t);
  }
  return median(xs);
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) + ' ms';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// 1. Full parse against a bare split, at 1, 10 and 50 MiB.
function parseFigures(): void {
  const sizes = QUICK ? [1, 4] : [1, 10, 50];
  const perMiB: Record<string, number> = {};
  for (const mib of sizes) {
    const text = generateDump({ bytes: mib * MiB, seed: 11 }).text;
    const bytes = Buffer.byteLength(text);
    const n = mib >= 50 ? 3 : mib >= 10 ? 7 : 15;
    // Alternate the two so both see the same machine state.
    const split: number[] = [];
    const ours: number[] = [];
    // Warm both up (the JIT), then alternate them.
    for (let i = 0; i < 3; i++) {
      text.split('\n');
      new DumpDocument(text);
    }
    for (let i = 0; i < n; i++) {
      let t = now();
      text.split('\n');
      split.push(now() - t);
      t = now();
      new DumpDocument(text);
      ours.push(now() - t);
    }
    const s = median(split);
    const o = median(ours);
    const ratio = s / o;
    perMiB[`${mib}`] = o / (bytes / MiB);
    results[`parse_${mib}MiB`] = { bytes, ours_ms: o, split_ms: s, ratio, ours_MiB_per_s: bytes / MiB / (o / 1000) };
    rows.push({
      figure: `full parse, ${mib} MiB (${(bytes / MiB).toFixed(1)} MiB)`,
      ours: `${fmt(o)} (${(bytes / MiB / (o / 1000)).toFixed(0)} MiB/s)`,
      reference: `split('\\n') ${fmt(s)}`,
      ratio: `${(ratio * 100).toFixed(0)}% of split`,
      target: mib === 10 || (QUICK && mib === 4) ? '≥ 40%' : '',
      met: mib === 10 || (QUICK && mib === 4) ? ratio >= 0.4 : null,
    });
  }
  const vals = Object.values(perMiB);
  const spread = Math.max(...vals) / Math.min(...vals);
  results.parse_ms_per_MiB = perMiB;
  rows.push({
    figure: 'parse cost per MiB at ' + sizes.map((m) => `${m}`).join(' / ') + ' MiB',
    ours: Object.values(perMiB)
      .map((v) => v.toFixed(2))
      .join(' / ') + ' ms',
    reference: '',
    ratio: `max/min ${spread.toFixed(2)}`,
    target: 'linear (≤ 1.5)',
    met: spread <= 1.5,
  });
}

// 2. One keystroke in a 10 MiB open dump: incremental update vs a full re-parse, each bringing
//    model, resolution and that document's diagnostics up to date.
function editFigures(): void {
  const mib = QUICK ? 4 : 10;
  let text = generateDump({ bytes: mib * MiB, seed: 12 }).text;
  const uri = 'file:///bench/2999999-01[bench].md';
  const inc = new WorkspaceIndex();
  inc.set(uri, text, 1);
  computeDiagnostics(inc.view(uri)!);
  const rand = prng(5);
  const doc = inc.get(uri)!.doc;
  const incTimes: number[] = [];
  const fullTimes: number[] = [];
  const edits = QUICK ? 20 : 60;
  for (let i = 0; i < edits; i++) {
    // A character typed in a random post's body, then deleted (two keystrokes).
    const post = doc.posts[Math.floor(rand() * doc.posts.length)];
    const at = post.body.start + Math.floor(rand() * Math.max(1, post.body.end - post.body.start));
    for (const [s, e, ins] of [
      [at, at, '字'],
      [at, at + 1, ''],
    ] as [number, number, string][]) {
      text = text.slice(0, s) + ins + text.slice(e);
      let t = now();
      inc.update(uri, [{ start: s, end: e, text: ins }], i + 2);
      computeDiagnostics(inc.view(uri)!);
      incTimes.push(now() - t);
      if (i < (QUICK ? 3 : 5)) {
        const full = new WorkspaceIndex();
        t = now();
        full.set(uri, text, 1);
        computeDiagnostics(full.view(uri)!);
        fullTimes.push(now() - t);
      }
    }
  }
  const o = median(incTimes);
  const f = median(fullTimes);
  results[`edit_${mib}MiB`] = { incremental_median_ms: o, incremental_p90_ms: [...incTimes].sort((a, b) => a - b)[Math.floor(incTimes.length * 0.9)], full_median_ms: f };
  rows.push({
    figure: `keystroke in a ${mib} MiB dump → model, resolution, diagnostics`,
    ours: `${fmt(o)} median (incremental)`,
    reference: `full re-parse ${fmt(f)}`,
    ratio: `${(f / o).toFixed(0)}× faster`,
    target: '≤ 5 ms median',
    met: o <= 5,
  });
}

// 3. documentSymbol over LSP vs vscode-markdown-languageservice's document symbols in-process,
//    both warm (the same version asked again: each side may use its cache) and after a
//    one-character edit (a new version: no cache can answer).
async function symbolFigures(): Promise<void> {
  const client = new LspClient();
  await client.initialize(null);
  const sizes = QUICK ? [1, 2] : [1, 2, 10];
  const ours: Record<number, { warm: number; edit: number; bytes: number }> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-'));
  for (const mib of sizes) {
    const g = generateDump({ bytes: mib * MiB, seed: 20 + mib });
    const uri = pathToFileURL(path.join(dir, `29999${mib}-01[b].md`)).href;
    await client.open(uri, g.text);
    const req = () => client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const warm: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = now();
      await req();
      if (i > 0) warm.push(now() - t);
    }
    // After an edit: one character typed in the middle post's body, then the outline.
    const lines = g.text.split('\n');
    const mid = lines.findIndex((l, i) => i > lines.length / 2 && l.length > 0 && !l.startsWith('#') && !l.startsWith('*') && !l.startsWith('<'));
    const edit: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = now();
      await client.change(uri, i + 2, [{ range: { start: { line: mid, character: 0 }, end: { line: mid, character: 0 } }, text: '字' }]);
      await req();
      edit.push(now() - t);
    }
    const bytes = JSON.stringify(await req()).length;
    ours[mib] = { warm: median(warm), edit: median(edit), bytes };
    await client.close(uri);
  }
  await client.shutdown();

  const md = await markdownSymbols(QUICK ? [1, 2] : [1, 2, 4]);
  for (const mib of sizes) {
    const ref = md[mib];
    const o = ours[mib];
    results[`documentSymbol_${mib}MiB`] = { ours_lsp: o, markdown_ls: ref ?? null };
    for (const kind of ['warm', 'edit'] as const) {
      const r = ref && typeof ref[kind] === 'number' ? (ref[kind] as number) : null;
      const ratio = r !== null ? r / o[kind] : null;
      rows.push({
        figure: `documentSymbol ${kind === 'warm' ? 'warm' : 'after an edit'}, ${mib} MiB (${(o.bytes / MiB).toFixed(1)} MiB of JSON)`,
        ours: `${fmt(o[kind])} over LSP`,
        reference: r !== null ? `markdown-ls ${fmt(r)} in-process` : `markdown-ls: ${ref?.error ?? 'crashes from 4 MiB (below)'}`,
        ratio: ratio !== null ? `${ratio.toFixed(1)}× faster` : '—',
        target: '≥ 5×',
        met: ratio !== null ? ratio >= 5 : null,
      });
    }
  }
  if (md[4]) {
    results.documentSymbol_4MiB = { markdown_ls: md[4] };
    rows.push({
      figure: 'documentSymbol, 4 MiB',
      ours: '',
      reference: typeof md[4].warm === 'number' ? `markdown-ls ${fmt(md[4].warm)}` : `markdown-ls: ${md[4].error}`,
      ratio: '—',
      target: '',
      met: null,
    });
  }
}

/** vscode-markdown-languageservice 0.4.0 on a Markdown file with one `##` heading per post. */
async function markdownSymbols(sizes: number[]): Promise<Record<number, { cold?: number; warm?: number; edit?: number; error?: string }>> {
  const mdls = await import('vscode-markdown-languageservice');
  const MarkdownIt = (await import('markdown-it')).default;
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { URI } = await import('vscode-uri');
  const it = new MarkdownIt({ html: true });
  const parser = {
    slugifier: mdls.githubSlugifier,
    async tokenize(doc: { getText(): string }) {
      return it.parse(doc.getText(), {});
    },
  };
  const noEvent = () => ({ dispose() {} });
  const out: Record<number, { cold?: number; warm?: number; edit?: number; error?: string }> = {};
  for (const mib of sizes) {
    // The same dump with each post header turned into a Markdown heading.
    const text = generateDump({ bytes: mib * MiB, seed: 20 + mib }).text.replace(/^####  (.*)\n##### (\d+)#.*$/gm, '## $2 $1');
    const doc = TextDocument.create(`file:///bench/${mib}.md`, 'markdown', 1, text);
    const workspace = {
      workspaceFolders: [],
      onDidChangeMarkdownDocument: noEvent,
      onDidCreateMarkdownDocument: noEvent,
      onDidDeleteMarkdownDocument: noEvent,
      async getAllMarkdownDocuments() {
        return [doc];
      },
      hasMarkdownDocument: (u: { toString(): string }) => u.toString() === doc.uri,
      async openMarkdownDocument() {
        return doc;
      },
      async stat() {
        return undefined;
      },
      async readDirectory() {
        return [];
      },
    };
    const ls = mdls.createLanguageService({ workspace: workspace as never, parser: parser as never, logger: { level: 0, log() {} } as never });
    const token = { isCancellationRequested: false, onCancellationRequested: noEvent };
    try {
      let t = now();
      await ls.getDocumentSymbols(doc, { includeLinkDefinitions: true }, token as never);
      const cold = now() - t;
      // Warm: the same version again (its per-version cache may answer).
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) {
        t = now();
        await ls.getDocumentSymbols(doc, { includeLinkDefinitions: true }, token as never);
        warm.push(now() - t);
      }
      // After an edit: a new version with one more character.
      const edit: number[] = [];
      let cur = doc;
      const at = Math.floor(text.length / 2);
      for (let i = 0; i < 5; i++) {
        cur = TextDocument.update(cur, [{ range: { start: cur.positionAt(at), end: cur.positionAt(at) }, text: '字' }], cur.version + 1);
        t = now();
        await ls.getDocumentSymbols(cur, { includeLinkDefinitions: true }, token as never);
        edit.push(now() - t);
      }
      out[mib] = { cold, warm: median(warm), edit: median(edit) };
    } catch (e) {
      out[mib] = { error: `${(e as Error).name}: ${(e as Error).message}` };
    }
    ls.dispose();
    void URI;
  }
  return out;
}

// 4. A thread folder of 50 page files (~100 MiB) indexed in the background by the server, with
//    progress; a request for the open file is answered before indexing ends.
async function indexFigures(): Promise<void> {
  const files = QUICK ? 10 : 50;
  const per = 2 * MiB;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-thread-'));
  const pages = generateThread(files, per);
  let bytes = 0;
  for (const p of pages) {
    fs.writeFileSync(path.join(dir, p.name), p.text);
    bytes += Buffer.byteLength(p.text);
  }
  const client = new LspClient();
  let began = 0;
  let ended = 0;
  const reports: number[] = [];
  client.conn.onRequest('window/workDoneProgress/create', () => null);
  client.conn.onNotification('$/progress', (p: { value: { kind: string; percentage?: number } }) => {
    if (p.value.kind === 'begin') began = now();
    if (p.value.kind === 'report') reports.push(p.value.percentage ?? 0);
    if (p.value.kind === 'end') ended = now();
  });
  const t0 = now();
  await client.initialize(pathToFileURL(dir).href, {
    capabilities: { window: { workDoneProgress: true }, textDocument: { definition: { linkSupport: true } } },
  } as never);
  // Open the last page while the index is being built, and ask for its outline.
  const last = path.join(dir, pages[pages.length - 1].name);
  const uri = pathToFileURL(last).href;
  await client.open(uri, pages[pages.length - 1].text);
  const tq = now();
  const syms = (await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } })) ?? [];
  const answered = now();
  while (!ended && now() - t0 < 120000) await new Promise((r) => setTimeout(r, 20));
  const indexMs = ended - t0;
  // A workspace symbol query across every page once indexed.
  const ws = await client.request<unknown[]>('workspace/symbol', { query: '#1500' });
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
  results.workspace_index = {
    files,
    bytes,
    index_ms: indexMs,
    progress_began_ms: began - t0,
    progress_reports: reports.length,
    open_file_symbols_ms: answered - tq,
    open_file_answered_before_index_end: answered < ended,
    symbols: syms.length,
    workspace_symbol_hits: ws.length,
  };
  rows.push({
    figure: `index ${files} page files (${(bytes / MiB).toFixed(0)} MiB) in the background`,
    ours: `${fmt(indexMs)} (${reports.length} progress reports)`,
    reference: `open-file outline answered after ${fmt(answered - tq)}, ${answered < ended ? 'before' : 'after'} indexing ended`,
    ratio: '',
    target: '≤ 2 s, open file first',
    met: indexMs <= 2000 && answered < ended,
  });
}

// 6. A keystroke that moves the thread's earliest minute (it decides which quotes are "outside"),
//    against an ordinary keystroke, in a thread of 100k quotes: each brings model, resolution and
//    the document's diagnostics up to date. (It re-resolved every quote of the thread: 235–264 ms
//    against 16–21 ms.)
function earliestMinuteFigures(): void {
  const want = QUICK ? 5000 : 100000;
  const index = new WorkspaceIndex();
  const uris: string[] = [];
  let quotes = 0;
  let bytes = 0;
  let g: Generated | null = null;
  for (let i = 1; quotes < want; i++) {
    g = generateDump({ bytes: (QUICK ? 4 : 16) * MiB, seed: 40 + i, tid: '2777777', firstFloor: g?.nextFloor ?? 1, startMinute: g?.nextMinute });
    const uri = `file:///bench/2777777-${String(i).padStart(2, '0')}[earliest].md`;
    index.set(uri, g.text, i === 1 ? 1 : -1);
    uris.push(uri);
    quotes += g.quotes;
    bytes += g.text.length;
  }
  const uri = uris[0];
  const doc = index.get(uri)!.doc;
  computeDiagnostics(index.view(uri)!);
  const rand = prng(7);
  const earliest: number[] = [];
  const ordinary: number[] = [];
  const keystroke = (s: number, e: number, ins: string, into: number[]) => {
    const t = now();
    index.update(uri, [{ start: s, end: e, text: ins }], 2);
    computeDiagnostics(index.view(uri)!);
    into.push(now() - t);
  };
  const n = QUICK ? 10 : 30;
  for (let i = 0; i < n; i++) {
    // The first post's time a minute earlier, then back: the earliest minute moves both times.
    const first = doc.posts[0];
    const was = formatMinuteArchive(first.date!.minute);
    const at = doc.slice(first.floorLine.start, first.floorLine.end).lastIndexOf(was) + first.floorLine.start;
    const earlier = formatMinuteArchive(first.date!.minute - 1);
    keystroke(at, at + was.length, earlier, earliest);
    keystroke(at, at + earlier.length, was, earliest);
    // A character of a random post's body typed over, then put back (the same length, as above).
    const post = doc.posts[1 + Math.floor(rand() * (doc.posts.length - 1))];
    const o = post.body.start + Math.floor(rand() * Math.max(1, post.body.end - post.body.start - 1));
    const ch = doc.slice(o, o + 1);
    keystroke(o, o + 1, ch === '字' ? '文' : '字', ordinary);
    keystroke(o, o + 1, ch, ordinary);
  }
  const e = median(earliest);
  const o = median(ordinary);
  results.earliest_minute_keystroke = { quotes, bytes, files: uris.length, earliest_median_ms: e, ordinary_median_ms: o, ratio: e / o };
  rows.push({
    figure: `keystroke moving the earliest minute, ${quotes} quotes → model, resolution, diagnostics`,
    ours: `${fmt(e)} median`,
    reference: `ordinary keystroke ${fmt(o)}`,
    ratio: `${(e / o).toFixed(2)}× an ordinary one`,
    target: '≤ 3×',
    met: e / o <= 3,
  });
}

// 5. Heap after indexing, against the size of the text.
function memoryFigures(): void {
  const files = QUICK ? 10 : 50;
  // The baseline is taken before the texts exist: the heap counted holds the texts themselves
  // (as the server holds them), their models and the thread's resolution.
  sampleBodies();
  gc();
  const before = process.memoryUsage().heapUsed;
  const pages = generateThread(files, 2 * MiB, '2888888');
  let bytes = 0;
  for (const p of pages) bytes += Buffer.byteLength(p.text);
  const index = new WorkspaceIndex();
  for (const p of pages) index.set(`file:///bench/${encodeURIComponent(p.name)}`, p.text);
  index.resolution(`file:///bench/${encodeURIComponent(pages[0].name)}`);
  pages.length = 0;
  gc();
  const after = process.memoryUsage().heapUsed;
  const used = after - before;
  results.memory = { bytes, heap_bytes: used, ratio: used / bytes };
  rows.push({
    figure: `heap holding ${(bytes / MiB).toFixed(0)} MiB of dumps, parsed and resolved`,
    ours: `${(used / MiB).toFixed(0)} MiB`,
    reference: `text ${(bytes / MiB).toFixed(0)} MiB (UTF-8 on disk)`,
    ratio: `${(used / bytes).toFixed(2)}× the text`,
    target: '≤ 4×',
    met: used / bytes <= 4,
  });
  void index;
}

// 6. The browser build (issue 15): its size, and its server worker's start in headless Chromium
// (scripts/web-budget.mjs, which `npm run check:web` runs on its own).
function webFigures(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'web-budget.mjs'), '--json', '--no-build'], { cwd: ROOT, encoding: 'utf8' });
  const out = /^\{.*\}$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !out) {
    console.error(`(browser build figures skipped: ${(r.stderr || r.stdout || '').trim().split('\n').pop()})`);
    return;
  }
  const w = JSON.parse(out[0]) as { total: number; median: number; times: number[]; sizeBudget: number; startBudgetMs: number };
  results.web = w;
  rows.push({
    figure: 'browser bundles (dist/web.js + dist/webServer.js), minified',
    ours: `${(w.total / 1000).toFixed(0)} kB`,
    reference: `budget ${w.sizeBudget / 1000} kB`,
    ratio: `${((100 * w.total) / w.sizeBudget).toFixed(0)}% of the budget`,
    target: '≤ 1 MB',
    met: w.total <= w.sizeBudget,
  });
  rows.push({
    figure: 'server Web Worker: new Worker → initialize answered (Chromium)',
    ours: `${fmt(w.median)} median of ${w.times.length}`,
    reference: `budget ${w.startBudgetMs} ms`,
    ratio: `${((100 * w.median) / w.startBudgetMs).toFixed(0)}% of the budget`,
    target: '≤ 500 ms',
    met: w.median <= w.startBudgetMs,
  });
}

/** What bench/threadViewPage.mjs (plain JavaScript) offers. */
interface OpenedView {
  page: { close(): Promise<void>; evaluate<T>(f: () => T): Promise<T>; context(): { newCDPSession(p: unknown): Promise<{ send(m: string): Promise<unknown>; detach(): Promise<void> }> }; mouse: { wheel(x: number, y: number): Promise<void> } };
  meta: ThreadMeta;
  probe(action: unknown): Promise<unknown>;
  timing: { firstRender: number; serverMs: number; pageMs: number };
}
interface ThreadViewPage {
  loadFolder(dir: string): { index: WorkspaceIndex; uris: string[]; bytes: number };
  launch(): Promise<{ close(): Promise<void> }>;
  openView(browser: unknown, index: WorkspaceIndex, uri: string, o?: { start?: number }): Promise<OpenedView>;
}

// 6. The thread view on a 30 MB thread: the server's work for the first screen, and the view's
// script in headless Chromium (bench/threadViewPage.mjs: the bundled dist/webview/ script and
// style, fed by the compiled renderer instead of VS Code): time to the first post on screen,
// DOM nodes and JS heap after opening and after jumping through the thread.
async function threadViewFigures(): Promise<void> {
  const files = QUICK ? 3 : 10;
  const per = (QUICK ? 1 : 3) * MiB;
  const pages = generateThread(files, per, '2777777');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-tv-'));
  let bytes = 0;
  for (const p of pages) {
    fs.writeFileSync(path.join(dir, p.name), p.text);
    bytes += Buffer.byteLength(p.text);
  }
  pages.length = 0;
  const load = new Function('p', 'return import(p)') as (p: string) => Promise<ThreadViewPage>;
  const tv = await load(pathToFileURL(path.join(ROOT, 'bench', 'threadViewPage.mjs')).href);
  const { index, uris } = tv.loadFolder(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const uri = uris[0];
  // The server's answer for the first screen: thread meta + the first 45 posts rendered, cold
  // (the thread's quote resolution computed in it) and warm (as after the editor's diagnostics).
  let t = now();
  const meta = threadMeta(index.view(uri)!)!;
  threadPosts(index.view(uri)!, 0, 45);
  const serverCold = now() - t;
  const serverWarm = time(() => {
    threadMeta(index.view(uri)!);
    threadPosts(index.view(uri)!, 1000, 1045);
  }, QUICK ? 3 : 7);
  const metaBytes = Buffer.byteLength(JSON.stringify(encodeMeta(meta)));
  const tupleBytes = Buffer.byteLength(JSON.stringify(meta));
  let browser;
  try {
    browser = await tv.launch();
  } catch (e) {
    rows.push({ figure: 'thread view in Chromium', ours: `skipped: ${(e as Error).message.split('\n')[0]}`, reference: '', ratio: '', target: '', met: null });
    return;
  }
  try {
    const runs: number[] = [];
    const pages: number[] = [];
    let last: OpenedView | undefined;
    for (let i = 0; i < (QUICK ? 2 : 5); i++) {
      await last?.page.close();
      last = await tv.openView(browser, index, uri, { start: Math.floor(meta.posts.length / 2) });
      runs.push(last.timing.firstRender);
      pages.push(last.timing.pageMs);
    }
    const view = last!;
    const heap = async () => {
      await view.page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
      const cdp = await view.page.context().newCDPSession(view.page);
      const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      await cdp.detach();
      return h.usedSize;
    };
    const nodes = () => view.page.evaluate(() => document.getElementsByTagName('*').length);
    const first = { nodes: await nodes(), heap: await heap() };
    // Jump through the thread (go to floor) and scroll a while at each place.
    const floors = meta.posts.filter((_, i) => i % Math.floor(meta.posts.length / 20) === 0).map((p) => p[0]);
    let maxNodes = first.nodes;
    for (const f of floors) {
      await view.probe({ op: 'goto', floor: String(f) });
      for (let k = 0; k < 4; k++) {
        await view.page.mouse.wheel(0, 3000);
        await new Promise((r) => setTimeout(r, 60));
      }
      maxNodes = Math.max(maxNodes, await nodes());
    }
    const after = { nodes: await nodes(), heap: await heap() };
    const fr = median(runs);
    const pageMs = median(pages);
    results.threadView = { bytes, posts: meta.posts.length, meta_bytes: metaBytes, meta_tuple_bytes: tupleBytes, server_first_screen_cold_ms: serverCold, server_first_screen_warm_ms: serverWarm, first_render_ms: fr, first_render_runs_ms: runs, empty_page_ms: pageMs, dom_nodes_first: first.nodes, dom_nodes_max: maxNodes, heap_first: first.heap, heap_after_jumps: after.heap };
    const mb = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
    rows.push(
      { figure: `thread view: server work for the first screen, ${(bytes / MiB).toFixed(0)} MiB thread (${meta.posts.length} posts)`, ours: `${serverCold.toFixed(0)} ms cold, ${serverWarm.toFixed(0)} ms warm`, reference: `meta ${mb(metaBytes)} JSON (as tuples: ${mb(tupleBytes)})`, ratio: '', target: '', met: null },
      { figure: 'thread view: first render (Chromium: the view script starts → first posts in the DOM; server work included)', ours: `${fr.toFixed(0)} ms`, reference: `empty page before it ${pageMs.toFixed(0)} ms`, ratio: `${(fr / 500).toFixed(2)}× of 500 ms`, target: '≤ 500 ms', met: fr <= 500 },
      { figure: 'thread view: DOM nodes (first screen / most while jumping through 20 places)', ours: `${first.nodes} / ${maxNodes}`, reference: `${meta.posts.length} posts`, ratio: `${(maxNodes / meta.posts.length).toFixed(3)} per post`, target: 'bounded', met: maxNodes < 5000 },
      { figure: 'thread view: JS heap of the view (first screen / after the jumps)', ours: `${mb(first.heap)} / ${mb(after.heap)}`, reference: `text ${mb(bytes)}`, ratio: `${(after.heap / bytes).toFixed(2)}× the text`, target: '', met: null },
    );
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.error('(run with node --expose-gc for the memory figure; npm run bench does)');
  const started = now();
  const only = process.env.FORUM_DUMP_BENCH_ONLY;
  const fileFigures: [string, () => unknown][] = [
    ['parse', parseFigures],
    ['edit', editFigures],
    ['earliest', earliestMinuteFigures],
    ['symbols', symbolFigures],
    ['index', indexFigures],
    ['memory', memoryFigures],
    ['web', webFigures],
    ['threadView', threadViewFigures],
  ];
  const names = only === 'file' ? fileFigures.map(([n]) => n) : only?.split(',');
  for (const [name, f] of fileFigures) if (!names || names.includes(name)) await f();
  if (!names || names.includes('archive')) await wholeArchiveFigures({ root: ROOT, quick: QUICK, rows, results });
  const w = [0, 0, 0, 0, 0];
  const cells = rows.map((r) => [r.figure, r.ours, r.reference, r.ratio, `${r.target}${r.met === null ? '' : r.met ? ' ✓' : ' ✗'}`]);
  for (const c of cells) c.forEach((x, i) => (w[i] = Math.max(w[i], x.length)));
  const head = ['figure', 'ours', 'reference', 'ratio', 'target'];
  head.forEach((x, i) => (w[i] = Math.max(w[i], x.length)));
  const line = (c: string[]) => '| ' + c.map((x, i) => x.padEnd(w[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const c of cells) console.log(line(c));
  const machine = `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`\n${machine}; ${((now() - started) / 1000).toFixed(0)} s`);
  // A partial run (FORUM_DUMP_BENCH_ONLY) never replaces the full figures.
  const out = path.join(ROOT, 'bench', QUICK ? 'results-quick.json' : only ? `results-${only}.json` : 'results.json');
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, quick: QUICK, rows, results }, null, 2) + '\n');
  console.log(`written: ${path.relative(ROOT, out)}`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
