// Measures the language server on a whole archive over LSP, as an editor uses it: the archive
// folder as the workspace (several folders: a multi-root workspace), one page open. Reports server RSS (peak, sampled from /proc), cold
// index time and MB/s, warm reopen from the cache, outline of the open page during indexing,
// definition into a sibling page right after opening, workspace-symbol query time.
//
//   npm run build && node scripts/measure-archive.mjs /work/archives/2025 [more folders…] [page.md] [--runs=cold,warm] [--cache-dir=DIR]
//
// The cache goes to a fresh temporary folder (cold), then the same folder is reused (warm).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node.js';
import { walk } from './dumpFiles.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = (process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 'cold,warm').split(',');
const given = (args.length > 0 ? args : ['/work/archives/2025']).map((a) => path.resolve(a));
const folders = given.filter((a) => fs.statSync(a).isDirectory());
const pageArg = given.find((a) => !folders.includes(a));

const files = folders.flatMap((f) => walk(f));
let textBytes = 0;
let biggest = { p: '', size: 0 };
for (const f of files) {
  const s = fs.statSync(f).size;
  textBytes += s;
  // The open page: the largest page file that has sibling pages (or the one given).
  if (s > biggest.size && s < 4e6 && /-(\d+)\[/.test(path.basename(f)) && !/-01\[/.test(path.basename(f))) biggest = { p: f, size: s };
}
// The open page: of the 40 largest later pages, the one quoting most posts older than its first
// post (their posts are on earlier pages: what "definition into a sibling page" needs).
const earlierQuotes = (f) => {
  const t = fs.readFileSync(f, 'utf8');
  const m0 = /^##### +\d+#.*发表于 (\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2})/m.exec(t);
  if (!m0) return 0;
  const first = Date.parse(m0[1].replace(' ', 'T').replace(/-(\d)(?=-|T)/g, '-0$1'));
  let n = 0;
  for (const m of t.matchAll(/<blockquote>.*?发表于 (\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2})/g)) if (Date.parse(m[1].replace(' ', 'T').replace(/-(\d)(?=-|T)/g, '-0$1')) < first) n++;
  return n;
};
const candidates = files.filter((f) => /-(\d+)\[/.test(path.basename(f)) && !/-01\[/.test(path.basename(f))).map((f) => ({ f, s: fs.statSync(f).size })).filter((x) => x.s < 4e6).sort((a, b) => b.s - a.s).slice(0, 40);
const page = pageArg ? pageArg : (candidates.map((c) => ({ ...c, q: earlierQuotes(c.f) })).sort((a, b) => b.q - a.q)[0]?.f ?? biggest.p);
// --cache-dir=DIR: use (and keep) that cache folder, e.g. to measure warm reopens alone.
const keptCache = process.argv.find((a) => a.startsWith('--cache-dir='))?.slice(12);
const cacheDir = keptCache ? (fs.mkdirSync(keptCache, { recursive: true }), keptCache) : fs.mkdtempSync(path.join(os.tmpdir(), 'forum-dump-cache-'));
console.log(`workspace ${folders.join(' + ')}: ${files.length} files, ${(textBytes / 1e6).toFixed(0)} MB; open page ${path.basename(page)} (${(fs.statSync(page).size / 1e6).toFixed(2)} MB); cache ${cacheDir}`);

const rssOf = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

async function run(label) {
  const t0 = Date.now();
  const nodeArgs = (process.env.FORUM_DUMP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'server.js'), '--stdio', `--cache-dir=${cacheDir}`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(proc.pid))), 100);
  let indexEnd;
  const indexed = new Promise((r) => (indexEnd = r));
  const logs = [];
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onNotification('window/logMessage', (m) => logs.push(m.message));
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.onNotification('$/progress', (p) => {
    if (p.value?.kind === 'end') indexEnd(Date.now());
  });
  conn.listen();
  const rootUri = pathToFileURL(folders[0]).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
    capabilities: { window: { workDoneProgress: true }, textDocument: { definition: { linkSupport: true } }, workspace: { configuration: true } },
  });
  const tStart = Date.now();
  await conn.sendNotification('initialized', {});
  // Open the page a little after start-up, while the workspace is being indexed.
  await new Promise((r) => setTimeout(r, 300));
  const uri = pathToFileURL(page).href;
  const text = fs.readFileSync(page, 'utf8').replace(/^\ufeff/, '');
  const tOpen = Date.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'forum-dump', version: 1, text } });
  const time = async (f) => {
    const s = performance.now();
    const r = await f();
    return { ms: performance.now() - s, r };
  };
  // Definition into a sibling page: the first quotes of the page, asked at once right after opening.
  // Quotes of posts older than the page's first post: their posts are on earlier pages.
  const lines = text.split('\n');
  const minuteOf = (s) => {
    const m = /(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})/.exec(s);
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) : NaN;
  };
  const first = minuteOf(lines.find((l) => /^##### +\d+#.*发表于/.test(l)) ?? '');
  const quoteLines = [];
  for (let i = 0; i < lines.length && quoteLines.length < 40; i++) if (lines[i].includes('<blockquote>') && minuteOf(lines[i]) < first) quoteLines.push(i);
  const defs = await Promise.all(
    quoteLines.map((line) =>
      time(() => conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line, character: lines[line].indexOf('<blockquote>') + 14 } })),
    ),
  );
  const sibling = defs.filter((d) => Array.isArray(d.r) && d.r.some((l) => (l.targetUri ?? l.uri) !== uri));
  const definitionMs = sibling.length > 0 ? Math.min(...sibling.map((d) => d.ms)) : null;
  const outlines = [];
  const symbols = [];
  let indexMs;
  void indexed.then((t) => (indexMs = t - tStart));
  // Outline and workspace symbols while indexing, every 300 ms until the index is done.
  while (indexMs === undefined && Date.now() - tStart < 600000) {
    outlines.push((await time(() => conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }))).ms);
    symbols.push((await time(() => conn.sendRequest('workspace/symbol', { query: '#7' }))).ms);
    await new Promise((r) => setTimeout(r, 300));
  }
  await indexed;
  // The cache is written after the progress ends; the log line says when it is.
  for (let i = 0; i < 600 && !logs.some((l) => /indexed/.test(l)); i++) await new Promise((r) => setTimeout(r, 100));
  const after = await time(() => conn.sendRequest('workspace/symbol', { query: '问道于盲' }));
  const outlineAfter = await time(() => conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
  // Issue 12 item 9 on the 2025 archive: thread 2246209 quotes 问道于盲 (2025-2-18 10:17) of thread 2246593.
  let cross = '';
  const quoting = folders.map((f) => path.join(f, '外野', '2246209[俄乌专楼-2025年2月版]', '2246209-01[俄乌专楼-2025年2月版].md')).find((f) => fs.existsSync(f));
  if (quoting) {
    const qt = fs.readFileSync(quoting, 'utf8').replace(/^\ufeff/, '');
    const qUri = pathToFileURL(quoting).href;
    const ql = qt.split('\n');
    const line = ql.findIndex((l) => l.includes('问道于盲 发表于 2025-2-18 10:17'));
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: qUri, languageId: 'forum-dump', version: 1, text: qt } });
    const d = await time(() => conn.sendRequest('textDocument/definition', { textDocument: { uri: qUri }, position: { line, character: ql[line].indexOf('问道于盲') + 1 } }));
    const target = d.r?.[0];
    cross = `quote of 问道于盲 2025-2-18 10:17 in 2246209-01 (line ${line + 1}) → ${target ? decodeURIComponent(path.basename(target.targetUri ?? target.uri)) + ' line ' + ((target.targetSelectionRange ?? target.range).start.line + 1) : 'nothing'} (${d.ms.toFixed(0)} ms, on open)`;
  }
  await new Promise((r) => setTimeout(r, 500));
  const rssEnd = rssOf(proc.pid);
  peak = Math.max(peak, rssEnd);
  const tExit = Date.now();
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await new Promise((r) => proc.on('exit', r));
  clearInterval(sibling && sampler);
  clearInterval(sampler);
  const exitMs = Date.now() - tExit;
  const max = (a) => (a.length ? Math.max(...a).toFixed(0) : '-');
  console.log(`\n[${label}] ${logs.filter((l) => /indexed/.test(l)).join(' ')}`);
  console.log(`  index: ${(indexMs / 1000).toFixed(1)} s, ${(textBytes / 1e6 / (indexMs / 1000)).toFixed(0)} MB/s of text`);
  console.log(`  RSS: peak ${(peak / 1e6).toFixed(0)} MB (${(peak / textBytes).toFixed(3)}× the text), at the end ${(rssEnd / 1e6).toFixed(0)} MB`);
  console.log(`  outline of the open page during indexing: first ${outlines[0]?.toFixed(0) ?? '-'} ms, max of later ${max(outlines.slice(1))} ms (n=${outlines.length}); after ${outlineAfter.ms.toFixed(0)} ms`);
  console.log(`  definition into a sibling page, asked on open: ${definitionMs === null ? 'no quote into a sibling among the first ' + quoteLines.length : definitionMs.toFixed(0) + ' ms'} (${sibling.length}/${defs.length} quotes answered into a sibling)`);
  console.log(`  workspace symbol '#7' during indexing: max ${max(symbols)} ms (n=${symbols.length}); '问道于盲' after: ${after.ms.toFixed(0)} ms, ${after.r.length} results`);
  if (cross) console.log(`  across threads: ${cross}`);
  console.log(`  exit after shutdown: ${exitMs} ms; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  void tOpen;
}

for (const r of runs) await run(r);
if (!process.argv.includes('--keep-cache') && !keptCache) fs.rmSync(cacheDir, { recursive: true, force: true });
