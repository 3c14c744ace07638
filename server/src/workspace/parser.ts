// Who parses files for the workspace index: a pool of worker threads under Node (workerPool.ts),
// or the calling thread through the FileSource (the browser, tests). The indexer only knows this
// interface, so no module the browser bundle imports names worker_threads.
import { looksLikeDump } from '../model';
import type { FileSource } from './fileSource';
import { summarizeText, type RawSummary } from './summary';
import { decodeText } from './text';

export interface ParsedFile {
  size: number;
  mtimeMs: number;
  raw: RawSummary;
}

export interface SummaryParser {
  /** How many files it parses at once (the indexer keeps a few times that many in flight). */
  readonly concurrency: number;
  /** The summary of a dump, or null when the file is not a regular file, too large, or not a dump. */
  parse(uri: string, maxBytes: number): Promise<ParsedFile | null>;
  /** Stops the workers (pending parses answer null). */
  close(): void;
}

/** Parses on the calling thread, reading through the FileSource. */
export class InlineParser implements SummaryParser {
  readonly concurrency = 1;
  constructor(private readonly source: FileSource) {}
  async parse(uri: string, maxBytes: number): Promise<ParsedFile | null> {
    const st = await this.source.stat(uri);
    if (!st?.isFile) return null;
    const bytes = await this.source.read(uri, maxBytes);
    if (!bytes) return null;
    const text = decodeText(bytes);
    if (!looksLikeDump(text)) return null;
    return { size: st.size, mtimeMs: st.mtimeMs, raw: summarizeText(uri, text) };
  }
  close(): void {}
}
