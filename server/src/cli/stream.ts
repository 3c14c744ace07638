// The CLI's main side: walks the paths, groups the files into threads by their names
// (`tid-NN[title].md`), hands the threads to worker threads (one per core) and prints
// their output as it comes, in thread order. Memory stays bounded: the main thread holds only
// paths; a worker holds one thread at a time; output of a thread finished ahead of its turn waits
// (at most 64 threads per worker and about 64 MB), everything else goes straight out.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MAX_FILE_BYTES, walkTextFiles } from '../workspace/disk';
import { parseDumpFileName } from '../workspace/files';
import { FOREIGN_BYTES, WORKER_MARK, type Command, type Job, type JobFile, type Reply } from './worker';

export interface StreamOptions {
  cmd: Command;
  json: boolean;
  /** Writes output as is (the chunks carry their own line ends). */
  write: (s: string) => void;
  /** Writes one line of errors (stderr). */
  err: (line: string) => void;
  /** Worker threads; default FORUM_DUMP_JOBS or one per core. */
  jobs?: number;
}

export function defaultJobs(): number {
  const env = Number(process.env.FORUM_DUMP_JOBS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 64);
  // One per core: the main thread only prints (unlike the server's, which answers requests). On
  // 2 cores, `check` of the 1.6 GB 2022 archive: 29 s wall with 2 workers, 46 s with 1.
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * A worker's heap limit (MB) for a run whose largest thread is `largest` bytes of files: a worker
 * holds one thread parsed and resolved (about 2–3× its text) and the files of other threads its
 * quotes name (at most FOREIGN_BYTES), so 6× that, and at least 512 MB. Without a limit V8 lets
 * each worker's heap grow to a quarter of the machine's memory before collecting (2022 archive:
 * 0.95–1.19 GB RSS); much nearer the live size it collects too often (452 MB: +20% CPU).
 */
export function workerHeapMb(largest: number): number {
  return Math.max(512, Math.ceil(128 + (6 * (largest + FOREIGN_BYTES)) / (1024 * 1024)));
}

/** The young generation of a worker (MB): the parse makes many short-lived objects (−8% CPU against V8's default). */
const WORKER_YOUNG_MB = 96;

/** The bytes of the largest thread (files grouped by name; files without a thread id counted with each). */
function largestThread(files: JobFile[]): number {
  const sums = new Map<string, number>();
  let nameless = 0;
  for (const f of files) {
    let size = 0;
    try {
      size = Math.min(fs.statSync(f.abs).size, MAX_FILE_BYTES);
    } catch {
      /* reported when read */
    }
    const tid = parseDumpFileName(path.basename(f.abs)).tid;
    if (tid === null) nameless += size;
    else sums.set(tid, (sums.get(tid) ?? 0) + size);
  }
  let max = 0;
  for (const v of sums.values()) max = Math.max(max, v);
  return max + nameless;
}

interface Collected {
  files: JobFile[];
  /** Folders given and their files, to say when none was a dump (and nothing was reported there). */
  folders: { path: string; files: Set<string>; failed: boolean }[];
}

/** The files the paths name, in the order given (a folder: its files sorted), each once. */
function collect(paths: string[], fail: (p: string, reason: string) => void): Collected {
  const files: JobFile[] = [];
  const folders: Collected['folders'] = [];
  const seen = new Set<string>();
  const add = (p: string, explicit: boolean): boolean => {
    const abs = path.resolve(p);
    if (seen.has(abs)) return false;
    seen.add(abs);
    files.push({ path: p, abs, explicit });
    return true;
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      fail(p, 'no such file or folder');
      continue;
    }
    if (st.isDirectory()) {
      const mine = new Set<string>();
      let unlisted = false;
      const walked = walkTextFiles(p, undefined, (d, code) => {
        unlisted = true;
        fail(d, `cannot list this folder (${code})`);
      });
      for (const f of walked) if (add(f, false)) mine.add(f);
      folders.push({ path: p, files: mine, failed: unlisted });
    } else add(p, true);
  }
  return { files, folders };
}

/** Finished output waiting for its turn beyond this stops new threads from being handed out. */
const HELD_BYTES = 64 * 1024 * 1024;

/** A fixed set of workers; each takes one job at a time. */
class Pool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Job[] = [];
  private readonly handlers = new Map<number, (r: Reply) => void>();
  private failed: ((e: Error) => void) | undefined;

  constructor(n: number, heapMb: number, onFatal: (e: Error) => void) {
    this.failed = onFatal;
    for (let i = 0; i < n; i++) {
      // A heap limit near what the largest thread needs: V8 collects garbage before the limit, not
      // at its default (a quarter of the machine's memory), so RSS stays near the live data.
      const w = new Worker(__filename, { workerData: WORKER_MARK, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      w.on('message', (r: Reply) => {
        if ('fatal' in r) return this.failed?.(new Error(r.fatal));
        this.handlers.get(r.id)?.(r);
        if ('done' in r || 'tids' in r) {
          this.handlers.delete(r.id);
          this.release(w);
        }
      });
      w.on('error', (e) => this.failed?.(e));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** A message every worker takes before the jobs that follow. */
  broadcast(job: Job): void {
    for (const w of this.workers) w.postMessage(job);
  }

  run(job: Job, onReply: (r: Reply) => void): void {
    this.handlers.set(job.id, onReply);
    const w = this.idle.pop();
    if (w) w.postMessage(job);
    else this.waiting.push(job);
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) w.postMessage(next);
    else this.idle.push(w);
  }

  async close(): Promise<void> {
    this.failed = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Runs `outline` or `check` over the paths; resolves to the exit code. */
export async function stream(paths: string[], o: StreamOptions): Promise<number> {
  let failures = 0;
  /** Paths reported: a folder whose files were reported is not also "without dumps". */
  const failed = new Set<string>();
  const fail = (p: string, reason: string) => {
    failures++;
    failed.add(p);
    o.err(`forum-dump: ${p}: ${reason}`);
    if (o.json) o.write(JSON.stringify({ kind: 'error', path: p, message: reason }) + '\n');
  };
  const { files, folders } = collect(paths, fail);
  const noDumps = (f: Collected['folders'][number], dumps: Set<string>) => !f.failed && ![...f.files].some((p) => dumps.has(p) || failed.has(p));
  if (files.length === 0) {
    for (const f of folders) if (noDumps(f, new Set())) fail(f.path, 'no forum dumps in this folder');
    return 1;
  }
  let fatal: Error | undefined;
  let wake: () => void = () => {};
  const jobs = o.jobs ?? defaultJobs();
  // How many threads may be handed out beyond the one printing: enough that the other workers
  // keep going while one works on a big thread (2022: a 49 MB thread held 2 threads ahead kept the
  // second worker idle, 146% CPU of 200%); what finished output waits is bounded by HELD_BYTES.
  const lookahead = 64 * jobs;
  const pool = new Pool(jobs, workerHeapMb(largestThread(files)), (e) => {
    fatal ??= e;
    wake();
  });
  try {
    // 1. Files whose name carries no thread id: their thread comes from the quote links inside
    //    (as in the editor), so they are read once first. Archives name every page file.
    const nameless = files.filter((f) => parseDumpFileName(path.basename(f.abs)).tid === null);
    const tidOf = new Map<JobFile, string | null>();
    const unreadable = new Map<JobFile, { error: string; report: boolean }>();
    const BATCH = 32;
    const batches: Promise<void>[] = [];
    for (let i = 0, id = 0; i < nameless.length; i += BATCH, id++) {
      const part = nameless.slice(i, i + BATCH);
      batches.push(
        new Promise<void>((resolve) => {
          pool.run({ kind: 'tid', id: -1 - id, files: part }, (r) => {
            if (!('tids' in r)) return;
            r.tids.forEach((t, k) => ('error' in t ? unreadable.set(part[k], t) : tidOf.set(part[k], t.tid)));
            resolve();
          });
        }),
      );
    }
    await Promise.race([Promise.all(batches), new Promise<void>((r) => (wake = r))]);
    if (fatal) throw fatal;
    for (const f of nameless) {
      const why = unreadable.get(f);
      if (why?.report) fail(f.path, why.error);
    }

    // 2. Threads, in the order their first file comes.
    const threads = new Map<string, JobFile[]>();
    for (const f of files) {
      if (unreadable.has(f)) continue;
      const tid = tidOf.has(f) ? tidOf.get(f) : parseDumpFileName(path.basename(f.abs)).tid;
      const key = tid ? `tid:${tid}` : `file:${f.abs}`;
      let t = threads.get(key);
      if (!t) threads.set(key, (t = []));
      t.push(f);
    }
    const list = [...threads.values()];
    // Every worker learns the run's threads: quotes naming another thread of the run resolve into it.
    const catalog: [string, JobFile[]][] = [];
    for (const [key, t] of threads) if (key.startsWith('tid:')) catalog.push([key.slice(4), t]);
    pool.broadcast({ kind: 'catalog', id: -1, threads: catalog });

    // 3. Report them: thread `next` prints as it comes; later ones wait in `held` until their turn.
    const dumps = new Set<string>();
    let anyError = false;
    let next = 0;
    const held = new Map<number, { chunks: string[]; done?: Extract<Reply, { done: true }> }>();
    const finish = (d: Extract<Reply, { done: true }>) => {
      for (const e of d.errors) fail(e.path, e.reason);
      for (const p of d.dumps) dumps.add(p);
      if (d.anyError) anyError = true;
    };
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (list.length === 0) return resolve();
      let dispatched = 0;
      let heldBytes = 0;
      const advance = () => {
        for (;;) {
          const h = held.get(next);
          if (!h) return;
          for (const c of h.chunks) {
            o.write(c);
            heldBytes -= c.length;
          }
          h.chunks = [];
          if (!h.done) return;
          finish(h.done);
          held.delete(next);
          next++;
          if (next === list.length) return resolve();
        }
      };
      // Threads are handed out at most `lookahead` ahead of the one printing, and not while much finished
      // output waits: what waits is bounded by `lookahead` threads and about HELD_BYTES.
      const dispatch = () => {
        while (dispatched < list.length && dispatched - next < lookahead && heldBytes < HELD_BYTES) {
          const id = dispatched++;
          held.set(id, { chunks: [] });
          pool.run({ kind: 'thread', id, cmd: o.cmd, json: o.json, files: list[id] }, (r) => {
            const h = held.get(id)!;
            if ('chunk' in r) {
              if (id === next) o.write(r.chunk);
              else {
                h.chunks.push(r.chunk);
                heldBytes += r.chunk.length;
              }
            } else if ('done' in r) {
              h.done = r;
              if (id === next) advance();
              dispatch();
            }
          });
        }
      };
      dispatch();
    });
    if (fatal) throw fatal;
    for (const f of folders) if (noDumps(f, dumps)) fail(f.path, 'no forum dumps in this folder');
    return anyError || failures > 0 ? 1 : 0;
  } finally {
    await pool.close();
  }
}
