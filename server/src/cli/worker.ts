// The CLI's worker side: one thread of page files at a time is read, parsed, resolved, reported
// and dropped. Output leaves in chunks (≈256 KB) as it is produced, so no answer is ever built as
// one string (a 10 MB dump with 200k quotes under a long path is hundreds of MB of JSON).
// Runs in a node:worker_threads worker (started by stream.ts); the functions are plain, so the
// same code can run in-process.
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../features/diagnostics';
import { floorLabel } from '../features/util';
import { MAX_FILE_BYTES, readDumpFile } from '../workspace/disk';
import { quoteAuthor, tidFromQuotes, WorkspaceIndex, type DumpFile } from '../workspace';
import { SummaryIndex } from '../workspace/indexer';
import { FileSummary, summarizeBytes } from '../workspace/summary';
import { DumpDocument } from '../model';

export type Command = 'outline' | 'check';

/** A file as the user named it (`path`, printed) and as it is read (`abs`). */
export interface JobFile {
  path: string;
  abs: string;
  /** Named on the command line (a read failure is reported), not found by walking a folder. */
  explicit: boolean;
}

export type Job =
  /** Report one thread: its page files, in the order they are printed. */
  | { kind: 'thread'; id: number; cmd: Command; json: boolean; files: JobFile[] }
  /** Find the thread of files whose name carries none (from the quote links inside). */
  | { kind: 'tid'; id: number; files: JobFile[] }
  /**
   * The run's threads (thread id → its page files), sent to every worker before the first thread:
   * a quote whose findpost link names another thread of the run resolves into it.
   */
  | { kind: 'catalog'; id: number; threads: [string, JobFile[]][] };

export type Reply =
  | { id: number; chunk: string }
  | { id: number; done: true; anyError: boolean; errors: { path: string; reason: string }[]; dumps: string[] }
  | { id: number; tids: ({ tid: string | null } | { error: string; report: boolean })[] }
  /** An internal error (a bug): the run ends with this stack, exit code 3. */
  | { id: number; fatal: string };

const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

const CHUNK = 256 * 1024;

/** Collects output and hands it on in chunks of about CHUNK characters. */
class Sink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly flushTo: (s: string) => void) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    this.flushTo(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

const j = JSON.stringify;

/** One JSON value per element, comma-separated, written one by one (never one string for all). */
function jsonArray<T>(sink: Sink, items: readonly T[], one: (x: T) => unknown): void {
  sink.write('[');
  for (let i = 0; i < items.length; i++) sink.write((i > 0 ? ',' : '') + j(one(items[i])));
  sink.write(']');
}

function outlineFile(index: WorkspaceIndex, p: string, file: DumpFile, pathOf: Map<string, string>, json: boolean, sink: Sink): void {
  const view = index.view(file.uri)!;
  if (json) {
    // {"kind":"file","path","thread","page","posts":[…],"quotes":[…]} — see README "JSON Lines".
    sink.write(`{"kind":"file","path":${j(p)},"thread":${j(file.tid)},"page":${j(file.page)},"posts":`);
    jsonArray(sink, file.doc.posts, (post) => ({ floor: post.floor, author: post.author, date: post.date?.text ?? null, op: post.op, line: post.line }));
    sink.write(',"quotes":');
    jsonArray(
      sink,
      file.doc.quotes.filter((q) => q.header),
      (q) => {
        const r = view.resolve(q);
        const t = r?.status === 'resolved' ? r.target : undefined;
        return {
          line: file.doc.lineOf(q.header!.span.start),
          author: q.header!.author,
          date: q.header!.date?.text ?? null,
          pid: q.header!.pid,
          status: r?.status ?? 'notfound',
          // The target's file: null when it is this file (a path per quote made 200k quotes under a
          // long path hundreds of MB), otherwise as printed.
          target: t ? { path: t.uri === file.uri ? null : (pathOf.get(t.uri) ?? t.uri), index: t.index, floor: t.floor } : null,
        };
      },
    );
    sink.write('}\n');
    return;
  }
  const nq = file.doc.quotes.filter((q) => q.header).length;
  sink.write(`${p}  (${file.doc.posts.length} posts, ${nq} quotes${file.tid ? `, thread ${file.tid}${file.page !== null ? ` page ${file.page}` : ''}` : ''})\n`);
  for (const post of file.doc.posts) {
    const floor = floorLabel(post);
    const flags = [post.op ? 'OP' : '', post.anonymous ? 'anonymous' : '', post.deletedUser ? 'deleted user' : ''].filter(Boolean).join(', ');
    sink.write(`  ${floor.padStart(6)}  ${post.author}  ${post.date?.text ?? '(no date)'}${flags ? `  [${flags}]` : ''}  line ${post.line + 1}\n`);
    for (const id of post.quotes) {
      const q = file.doc.quotes[id];
      if (!q.header) continue;
      const r = view.resolve(q);
      const t = r?.target;
      const where = t ? `→ ${t.uri === file.uri ? '' : `${pathOf.get(t.uri) ?? t.fileName} `}${floorLabel(t)} (${r?.how})` : `(${r?.status ?? 'notfound'})`;
      sink.write(`          ↪ ${q.header.author} ${q.header.date?.text ?? q.header.dateText}  ${where}\n`);
    }
  }
}

/** Returns whether the file has an error-level problem. */
function checkFile(index: WorkspaceIndex, p: string, file: DumpFile, json: boolean, sink: Sink): boolean {
  // Messages as written: terminalSafe / jsonSafe escape what a terminal must not see, visibly.
  const diags = computeDiagnostics(index.view(file.uri)!, undefined, (s) => s);
  if (json) {
    // {"kind":"file","path","problems":[{"line","column","severity","code","message"}]}
    sink.write(`{"kind":"file","path":${j(p)},"problems":`);
    jsonArray(sink, diags, (d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1, severity: SEVERITY_NAME[d.severity ?? 1], code: d.code, message: d.message }));
    sink.write('}\n');
  } else {
    for (const d of diags) sink.write(`${p}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAME[d.severity ?? 1]}: ${d.message} [${d.code}]\n`);
  }
  return diags.some((d) => d.severity === DiagnosticSeverity.Error);
}

/** The run's other threads, by id (set by the 'catalog' job). */
let catalog = new Map<string, JobFile[]>();
/**
 * Summaries (header scans: floor, author, minute per post, no text) of the other threads quotes
 * named so far, to find which of their files hold a quoted post. Dropped whole past SUMMARY_POSTS.
 */
let foreignStore = new SummaryIndex();
const summarized = new Set<string>();
/** The files summarized, by URI. */
const jobFileOf = new Map<string, JobFile>();
const SUMMARY_POSTS = 2_000_000;
/** Text of other threads' files read in full for one thread's quotes, at the most (UTF-8 bytes). */
export const FOREIGN_BYTES = 32 * 1024 * 1024;

export function setCatalog(threads: [string, JobFile[]][]): void {
  catalog = new Map(threads);
  foreignStore = new SummaryIndex();
  summarized.clear();
  jobFileOf.clear();
}

function summarizeThread(tid: string, files: JobFile[]): void {
  if (summarized.has(tid)) return;
  if (foreignStore.postCount > SUMMARY_POSTS) {
    foreignStore = new SummaryIndex();
    summarized.clear();
    jobFileOf.clear();
  }
  summarized.add(tid);
  for (const f of files) {
    try {
      const st = fs.statSync(f.abs);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) continue;
      const bytes = fs.readFileSync(f.abs);
      const uri = pathToFileURL(f.abs).href;
      jobFileOf.set(uri, f);
      foreignStore.put(FileSummary.intern(uri, st.size, st.mtimeMs, summarizeBytes(uri, bytes), foreignStore.authors));
    } catch {
      /* unreadable: its own thread's job reports it */
    }
  }
}

/**
 * Reads into `index` the files of other threads of the run that hold posts the thread's quotes
 * name by their findpost link (the summaries say which files), as the server does for an open
 * thread: those quotes then resolve into the other thread instead of being "outside". Returns
 * the files read, with their printed paths.
 */
function loadQuoted(index: WorkspaceIndex, own: DumpFile[]): { path: string; uri: string }[] {
  const want = new Map<string, JobFile>();
  for (const file of own) {
    for (const q of file.doc.quotes) {
      const h = q.header;
      if (!h?.ptid || !h.date || h.ptid === file.tid) continue;
      const files = catalog.get(h.ptid);
      if (!files) continue;
      summarizeThread(h.ptid, files);
      for (const hit of foreignStore.postsAt(h.ptid, quoteAuthor(h.author), h.date.minute)) {
        const f = jobFileOf.get(hit.file.uri);
        if (f) want.set(hit.file.uri, f);
      }
    }
  }
  const read: { path: string; uri: string }[] = [];
  let bytes = 0;
  for (const [uri, f] of want) {
    if (index.get(uri)) continue;
    const size = foreignStore.files.get(uri)?.size ?? 0;
    if (bytes + size > FOREIGN_BYTES) break;
    const r = readDumpFile(f.abs);
    if (!r.ok) continue;
    bytes += size;
    index.set(uri, r.text);
    read.push({ path: f.path, uri });
  }
  return read;
}

/**
 * Reads, resolves and reports one thread; `emit` receives the output in chunks, in file order.
 * Everything of the thread is garbage once this returns.
 */
export function runThread(job: Extract<Job, { kind: 'thread' }>, emit: (chunk: string) => void): Extract<Reply, { done: true }> {
  const index = new WorkspaceIndex();
  const errors: { path: string; reason: string }[] = [];
  const loaded: { path: string; file: DumpFile }[] = [];
  for (const f of job.files) {
    const r = readDumpFile(f.abs);
    if (!r.ok) {
      // A folder's other text files are passed over; what could not be read, or a dump that is
      // not UTF-8, is reported wherever it is.
      if (f.explicit || r.problem) errors.push({ path: f.path, reason: r.reason });
      continue;
    }
    loaded.push({ path: f.path, file: index.set(pathToFileURL(f.abs).href, r.text) });
  }
  const foreign = loadQuoted(
    index,
    loaded.map((f) => f.file),
  );
  const sink = new Sink(emit);
  const pathOf = new Map([...loaded.map((f) => [f.file.uri, f.path] as const), ...foreign.map((f) => [f.uri, f.path] as const)]);
  let anyError = false;
  for (const { path: p, file } of loaded) {
    if (job.cmd === 'outline') outlineFile(index, p, file, pathOf, job.json, sink);
    else if (checkFile(index, p, file, job.json, sink)) anyError = true;
  }
  sink.flush();
  return { id: job.id, done: true, anyError, errors, dumps: loaded.map((f) => f.path) };
}

/** The thread of each file from the quote links inside (null: none), or why it is not a dump. */
export function runTids(job: Extract<Job, { kind: 'tid' }>): Extract<Reply, { tids: unknown }> {
  return {
    id: job.id,
    tids: job.files.map((f) => {
      const r = readDumpFile(f.abs);
      return r.ok ? { tid: tidFromQuotes(new DumpDocument(r.text)) } : { error: r.reason, report: f.explicit || r.problem !== undefined };
    }),
  };
}

/** Marks the workers this module starts (stream.ts passes it as workerData). */
export const WORKER_MARK = 'forum-dump-cli-worker';

if (!isMainThread && workerData === WORKER_MARK && parentPort) {
  const port = parentPort;
  port.on('message', (job: Job) => {
    try {
      if (job.kind === 'catalog') setCatalog(job.threads);
      else if (job.kind === 'tid') port.postMessage(runTids(job));
      else port.postMessage(runThread(job, (chunk) => port.postMessage({ id: job.id, chunk } satisfies Reply)));
    } catch (e) {
      // An internal error ends the run with its stack (the main thread prints it and exits 3).
      port.postMessage({ id: job.id, fatal: String((e as Error).stack ?? e) } satisfies Reply);
    }
  });
}
