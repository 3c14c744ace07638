// The index's worker threads (Node only): cores − 1 of them, at least one, each reading and
// summarising one file at a time; summaries come back as transferred buffers. A worker that dies
// (out of memory on a hostile file) is replaced, and its pending files answer null.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseJob, ParseReply } from './indexWorker';
import type { ParsedFile, SummaryParser } from './parser';

interface Pending {
  resolve: (r: ParsedFile | null) => void;
  worker: Worker;
}

export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

/** Workers that may die before their first answer before the pool stops replacing them. */
const MAX_EARLY_DEATHS = 3;

export class WorkerPool implements SummaryParser {
  readonly concurrency: number;
  private workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private earlyDeaths = 0;

  constructor(
    count = defaultWorkerCount(),
    private readonly script = path.join(__dirname, 'indexWorker.js'),
  ) {
    this.concurrency = count;
    for (let i = 0; i < count; i++) this.spawn();
  }

  private spawn(): Worker {
    const w = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    w.unref();
    this.load.set(w, 0);
    this.workers.push(w);
    let replied = false;
    w.on('message', (r: ParseReply) => {
      replied = true;
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      this.load.set(w, (this.load.get(w) ?? 1) - 1);
      p.resolve(r.size === null || !r.data ? null : { size: r.size, mtimeMs: r.mtimeMs ?? 0, raw: { n: r.n ?? 0, data: r.data, authors: r.authors ? r.authors.split('\u0000') : [], tid: r.tid ?? null } });
    });
    const gone = () => {
      this.workers = this.workers.filter((x) => x !== w);
      this.load.delete(w);
      for (const [id, p] of this.pending) {
        if (p.worker !== w) continue;
        this.pending.delete(id);
        p.resolve(null);
      }
      // A worker that dies before its first answer (a missing or broken script, too little
      // memory) is replaced only a few times: no spawning in a loop. Then parse answers null.
      if (!replied) this.earlyDeaths++;
      if (!this.closed && this.earlyDeaths < MAX_EARLY_DEATHS) this.spawn();
    };
    w.on('error', () => undefined);
    w.on('exit', gone);
    return w;
  }

  parse(uri: string, maxBytes: number): Promise<ParsedFile | null> {
    if (this.closed || this.workers.length === 0) return Promise.resolve(null);
    let w = this.workers[0];
    for (const x of this.workers) if ((this.load.get(x) ?? 0) < (this.load.get(w) ?? 0)) w = x;
    const id = this.nextId++;
    this.load.set(w, (this.load.get(w) ?? 0) + 1);
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, worker: w });
      w.postMessage({ id, uri, maxBytes } satisfies ParseJob);
    });
  }

  close(): void {
    this.closed = true;
    for (const w of this.workers) void w.terminate();
    this.workers = [];
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
  }
}
