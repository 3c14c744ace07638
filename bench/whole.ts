// Whole-archive figures (issue 12): a synthetic archive generated from the corpus (archive.ts) at
// 1.7 GB and 5 GB (FORUM_DUMP_BENCH_ARCHIVE_MB="1700,5000"; quick: 40 MB; the corpus from
// FORUM_DUMP_CORPUS, default ../shared/corpus), in a temporary folder
// removed afterwards. Per size:
//   - the language server over real JSON-RPC, as a child process (its RSS read from
//     /proc/PID/status): RSS against the text, cold index MB/s (progress begin → end), outline of
//     an open 3 MB page and workspace-symbol queries while it indexes, definition into a sibling
//     page after opening, warm reopen from the cache (n/a when the server writes none);
//   - `forum-dump check` of the archive: time and peak RSS.
// A server that dies or stalls is reported as such, never waited for forever.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceIndex } from '../server/src/workspace';
import { LspClient } from '../tests/helpers/lsp';
import { corpusSources, generateArchive, type GeneratedArchive } from './archive';

/** One line of the bench's table. */
export interface Row {
  figure: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

interface Ctx {
  root: string;
  quick: boolean;
  rows: Row[];
  results: Record<string, unknown>;
}

const MB = 1e6;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) + ' ms';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** VmHWM (peak) and VmRSS of a process, in bytes; null once it is gone. */
export function procMemory(pid: number): { hwm: number; rss: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

/** Samples a process's memory until it exits: the peak seen. */
function watchMemory(pid: number): { peak: () => number; last: () => number; stop: () => void } {
  let peak = 0;
  let last = 0;
  const t = setInterval(() => {
    const m = procMemory(pid);
    if (m) {
      peak = Math.max(peak, m.hwm, m.rss);
      last = m.rss;
    }
  }, 100);
  return { peak: () => peak, last: () => last, stop: () => clearInterval(t) };
}

/** `forum-dump check DIR`, output discarded: wall time and peak RSS. */
async function cliCheck(root: string, dir: string): Promise<{ ms: number; peak: number; code: number | null }> {
  const t0 = now();
  const p = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', dir], { stdio: ['ignore', 'ignore', 'ignore'] });
  const w = watchMemory(p.pid!);
  const code = await new Promise<number | null>((r) => p.on('exit', (c) => r(c)));
  w.stop();
  return { ms: now() - t0, peak: w.peak(), code };
}

/** A quote of page `from` resolving into its sibling page `to`: where to ask for the definition. */
function siblingQuote(a: GeneratedArchive, from: string, to: string): { uri: string; text: string; line: number; character: number; target: string } | null {
  const index = new WorkspaceIndex();
  const texts = new Map<string, string>();
  for (const p of [from, to]) {
    const text = fs.readFileSync(path.join(a.dir, p), 'utf8');
    texts.set(p, text);
    index.set(pathToFileURL(path.join(a.dir, p)).href, text);
  }
  const uri = pathToFileURL(path.join(a.dir, from)).href;
  const target = pathToFileURL(path.join(a.dir, to)).href;
  const view = index.view(uri)!;
  const f = view.file;
  for (const q of f.doc.quotes) {
    if (!q.header) continue;
    if (view.resolve(q)?.target?.uri !== target) continue;
    const pos = f.doc.positionAt(q.header.span.start);
    return { uri, text: texts.get(from)!, line: pos.line, character: pos.character, target };
  }
  return null;
}

interface ServerRun {
  died: string | null;
  indexMs: number | null;
  peak: number;
  rssAfter: number;
  outlineMs: number | null;
  definitionMs: number | null;
  symbolMs: number[];
  symbolIncomplete: boolean | null;
  cacheFiles: number;
}

/** One server run over the archive; `probe` asks the during-indexing questions. */
async function serverRun(a: GeneratedArchive, cacheDir: string, timeoutMs: number, probe: boolean, open3: { uri: string; text: string } | null, sib: ReturnType<typeof siblingQuote>): Promise<ServerRun> {
  const client = new LspClient();
  const pid = client.proc.pid!;
  const mem = watchMemory(pid);
  let died: string | null = null;
  let stopping = false;
  client.proc.on('exit', (code, sig) => {
    if (!stopping) died = `exited (${sig ?? code}) ${client.stderr.split('\n').find((l) => /heap|memory|Error/.test(l)) ?? ''}`.trim();
  });
  let began = 0;
  let ended = 0;
  client.conn.onRequest('window/workDoneProgress/create', () => null);
  client.conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'begin' && !began) began = now();
    if (p.value.kind === 'end') ended = now();
  });
  // The cache is written after the progress ends; this log line says it is (a run stopped before
  // it left the cache partly written, and the "warm" run then parsed the rest).
  let saved = false;
  client.conn.onNotification('window/logMessage', (m: { message: string }) => {
    if (/indexed \d+ dump files/.test(m.message)) saved = true;
  });
  const t0 = now();
  const out: ServerRun = { died: null, indexMs: null, peak: 0, rssAfter: 0, outlineMs: null, definitionMs: null, symbolMs: [], symbolIncomplete: null, cacheFiles: 0 };
  const alive = () => !died;
  const exited = new Promise<undefined>((r) => client.proc.once('exit', () => r(undefined)));
  const guard = <T>(p: Promise<T>): Promise<T | undefined> =>
    Promise.race([p, exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs).unref())]);
  try {
    await guard(
      client.initialize(pathToFileURL(a.dir).href, {
        capabilities: { window: { workDoneProgress: true }, textDocument: { definition: { linkSupport: true } }, workspace: { configuration: true, symbol: {} } },
        initializationOptions: { cacheDir },
      } as never),
    );
    if (probe && open3 && alive()) {
      await client.open(open3.uri, open3.text);
      const t = now();
      const r = await guard(client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: open3.uri } }));
      if (r) out.outlineMs = now() - t;
    }
    if (probe && sib && alive()) {
      const t = now();
      await client.open(sib.uri, sib.text);
      // Asked again until it lands in the sibling page (an empty answer: not read yet).
      while (alive() && now() - t < Math.min(timeoutMs, 60000)) {
        const r = await guard(client.request<{ targetUri?: string; uri?: string }[] | null>('textDocument/definition', { textDocument: { uri: sib.uri }, position: { line: sib.line, character: sib.character } }));
        if (r && r.some((l) => (l.targetUri ?? l.uri) === sib.target)) {
          out.definitionMs = now() - t;
          break;
        }
        await sleep(50);
      }
    }
    // Workspace-symbol queries while indexing (until the progress ends, the server dies or time is up).
    while (alive() && !ended && now() - t0 < timeoutMs) {
      if (probe) {
        const t = now();
        const r = await guard(client.conn.sendRequest('workspace/symbol', { query: '发表' }) as Promise<unknown>);
        if (r !== undefined) out.symbolMs.push(now() - t);
      }
      await sleep(probe ? 500 : 100);
    }
    if (ended && began) out.indexMs = ended - t0;
    const m = procMemory(pid);
    for (const t = now(); ended && !saved && alive() && now() - t < 60000; ) await sleep(100);
    out.rssAfter = m?.rss ?? 0;
  } finally {
    out.peak = mem.peak();
    mem.stop();
    stopping = true;
    if (alive()) await client.shutdown();
    else client.conn.dispose();
  }
  out.died = died;
  out.cacheFiles = countFiles(cacheDir);
  return out;
}

function countFiles(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else n++;
    }
  };
  walk(dir);
  return n;
}

const gb = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${(b / MB).toFixed(0)} MB`);

export async function wholeArchiveFigures(ctx: Ctx): Promise<void> {
  const corpus = process.env.FORUM_DUMP_CORPUS ?? path.resolve(ctx.root, '../shared/corpus');
  if (!fs.existsSync(corpus)) {
    ctx.rows.push({ figure: 'whole archive', ours: 'n/a', reference: `no corpus at ${corpus} (FORUM_DUMP_CORPUS)`, ratio: '', target: '', met: null });
    return;
  }
  const sizes = (process.env.FORUM_DUMP_BENCH_ARCHIVE_MB ?? (ctx.quick ? '40' : '1700,5000'))
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const src = corpusSources(corpus);
  // The page nearest 3 MB, and a two-page thread whose second page quotes the first.
  const big = [...src].sort((x, y) => Math.abs(x.bytes - 3e6) - Math.abs(y.bytes - 3e6))[0];
  const sameThread = (a: (typeof src)[number], b: (typeof src)[number]) => a.repo === b.repo && a.tid === b.tid && a.folder === b.folder;
  const pages = src.filter((s) => s.folder && src.some((o) => o !== s && sameThread(o, s)));
  for (const mb of sizes) {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-archive-'));
    const free = fs.statfsSync(base);
    if (free.bavail * free.bsize < mb * MB * 1.2) {
      ctx.rows.push({ figure: `archive ${mb} MB`, ours: 'skipped', reference: `only ${gb(free.bavail * free.bsize)} free`, ratio: '', target: '', met: null });
      fs.rmSync(base, { recursive: true, force: true });
      continue;
    }
    try {
      const dir = path.join(base, 'archive');
      const tg = now();
      const a = generateArchive(corpus, dir, mb * MB);
      const genMs = now() - tg;
      const open3 = { uri: pathToFileURL(path.join(dir, a.pathIn(0, big))).href, text: big.text };
      let sib: ReturnType<typeof siblingQuote> = null;
      for (const p of pages) {
        const first = pages.find((o) => sameThread(o, p) && o.name < p.name);
        if (!first) continue;
        sib = siblingQuote(a, a.pathIn(0, p), a.pathIn(0, first));
        if (sib) break;
      }
      const label = `${gb(a.bytes)} archive (${a.files} files)`;
      const timeout = Math.max(120000, (a.bytes / MB) * 600); // 600 ms per MB: far beyond any target
      const cacheDir = path.join(base, 'cache');
      fs.mkdirSync(cacheDir);
      const cold = await serverRun(a, cacheDir, timeout, true, open3, sib);
      let warm: ServerRun | null = null;
      if (cold.indexMs !== null && cold.cacheFiles > 0) warm = await serverRun(a, cacheDir, timeout, false, null, null);
      const cli = await cliCheck(ctx.root, dir);
      const ratio = cold.peak / a.bytes;
      ctx.results[`archive_${mb}MB`] = { bytes: a.bytes, files: a.files, generate_ms: genMs, server_cold: cold, server_warm: warm, cli_check: cli };
      const r = (figure: string, ours: string, reference: string, ratioText: string, target: string, met: boolean | null) =>
        ctx.rows.push({ figure: `${figure}, ${label}`, ours, reference, ratio: ratioText, target, met });
      const still = cold.indexMs === null && !cold.died ? ` (still indexing after ${(timeout / 1000).toFixed(0)} s)` : '';
      r('server peak RSS', cold.died ? `died: ${cold.died}` : gb(cold.peak) + still, `text ${gb(a.bytes)}`, `${ratio.toFixed(2)}× the text`, '≤ 0.25×, never dies', !cold.died && ratio <= 0.25);
      r(
        'cold index',
        cold.indexMs !== null ? `${fmt(cold.indexMs)}` : cold.died ? 'died' : 'did not end',
        '',
        cold.indexMs !== null ? `${(a.bytes / MB / (cold.indexMs / 1000)).toFixed(0)} MB/s` : '',
        '≥ 100 MB/s',
        cold.indexMs !== null ? a.bytes / MB / (cold.indexMs / 1000) >= 100 : false,
      );
      r('warm reopen from the cache', warm?.indexMs != null ? fmt(warm.indexMs) : 'n/a', warm ? '' : 'the server wrote no cache', '', '≤ 5 s at 5 GB', warm?.indexMs != null ? warm.indexMs <= 5000 : null);
      r(`outline of an open ${(big.bytes / MB).toFixed(1)} MB page during indexing`, cold.outlineMs !== null ? fmt(cold.outlineMs) : 'no answer', '', '', '≤ 150 ms', cold.outlineMs !== null ? cold.outlineMs <= 150 : false);
      r('definition into a sibling page after opening', cold.definitionMs !== null ? fmt(cold.definitionMs) : sib ? 'no answer' : 'n/a', '', '', '≤ 1 s', cold.definitionMs !== null ? cold.definitionMs <= 1000 : sib ? false : null);
      const worst = cold.symbolMs.length ? Math.max(...cold.symbolMs) : null;
      r('workspace-symbol query during indexing (worst)', worst !== null ? fmt(worst) : 'n/a', `${cold.symbolMs.length} queries`, '', '≤ 300 ms', worst !== null ? worst <= 300 : null);
      r('CLI check', cli.code === null || cli.code > 1 ? `failed (${cli.code})` : fmt(cli.ms), `peak RSS ${gb(cli.peak)}`, `${(a.bytes / MB / (cli.ms / 1000)).toFixed(0)} MB/s`, '≤ 30 s and ≤ 1 GB at 1.7 GB', mb >= 1700 && mb < 2000 ? cli.ms <= 30000 && cli.peak <= 1e9 : null);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  }
}
