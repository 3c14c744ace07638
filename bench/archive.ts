// A synthetic yearly archive, generated from the corpus (../shared/corpus, see its SOURCE.md) for
// the whole-archive figures: the corpus's real page files copied again and again, each copy with
// its own thread ids (in the file and folder names and in the findpost links, so quotes still
// resolve within the copy), in the real folder layout — board / `tid[title]/tid-NN[title].md` —
// until the size asked for. Written to a temporary folder at bench time, never committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDumpFileName } from '../server/src/workspace/files';

interface Source {
  /** The yearly archive it comes from: the same thread may be in two (its ids differ per copy). */
  repo: string;
  board: string;
  /** Folder of the thread under the board (`tid[title]`), or '' for a page file on its own. */
  folder: string;
  name: string;
  tid: string;
  text: string;
  bytes: number;
}

let sources: Source[] | undefined;

/** The corpus's page files (those whose name carries a thread id). */
export function corpusSources(corpus: string): Source[] {
  if (sources) return sources;
  const out: Source[] = [];
  for (const repo of fs.readdirSync(corpus, { withFileTypes: true })) {
    if (!repo.isDirectory()) continue;
    const walk = (d: string, rel: string[]) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p, [...rel, e.name]);
        else if (e.name.endsWith('.md')) {
          const { tid } = parseDumpFileName(e.name);
          if (!tid || rel.length === 0) continue;
          const text = fs.readFileSync(p, 'utf8');
          out.push({ repo: repo.name, board: rel[0], folder: rel.slice(1).join('/'), name: e.name, tid, text, bytes: Buffer.byteLength(text) });
        }
      }
    };
    walk(path.join(corpus, repo.name), []);
  }
  out.sort((a, b) => (a.board + a.folder + a.name < b.board + b.folder + b.name ? -1 : 1));
  return (sources = out);
}

export interface GeneratedArchive {
  dir: string;
  files: number;
  bytes: number;
  /** Copies of the corpus written (the last one partly). */
  copies: number;
  /** Thread id a corpus thread (of a yearly archive) has in copy `k`. */
  tidIn: (k: number, repo: string, tid: string) => string;
  /** The path of a corpus page file in copy `k`. */
  pathIn: (k: number, s: { repo: string; board: string; folder: string; name: string; tid: string }) => string;
}

/**
 * Writes copies of the corpus into `dir` until `bytes` (UTF-8) are written. Copy k gives thread
 * i of the corpus (a thread of one yearly archive) the id 3000000 + k·1000 + i: distinct across
 * copies, across the years a thread spans, and from the corpus; the boards of all years merge.
 */
export function generateArchive(corpus: string, dir: string, bytes: number): GeneratedArchive {
  const src = corpusSources(corpus);
  const threads = [...new Set(src.map((s) => `${s.repo}/${s.tid}`))];
  if (threads.length >= 1000) throw new Error('corpus has too many threads for the id scheme');
  const number = new Map(threads.map((t, i) => [t, i]));
  const tidIn = (k: number, repo: string, tid: string) => {
    const i = number.get(`${repo}/${tid}`);
    return i === undefined ? tid : String(3000000 + k * 1000 + i);
  };
  const rename = (s: string, from: string, to: string) => (s.startsWith(from) ? to + s.slice(from.length) : s);
  const pathIn = (k: number, s: { repo: string; board: string; folder: string; name: string; tid: string }) => {
    const t = tidIn(k, s.repo, s.tid);
    // The thread's own folder is the last one (`外野/0无法访问/2047526[北京疫情专楼]/`).
    const folders = s.folder ? s.folder.split('/') : [];
    if (folders.length > 0) folders[folders.length - 1] = rename(folders[folders.length - 1], s.tid, t);
    return path.join(s.board, ...folders, rename(s.name, s.tid, t));
  };
  let written = 0;
  let files = 0;
  let k = 0;
  for (; written < bytes; k++) {
    for (const s of src) {
      if (written >= bytes) break;
      const p = path.join(dir, pathIn(k, s));
      fs.mkdirSync(path.dirname(p), { recursive: true });
      // findpost links name the thread: they follow the copy (links to threads not in the corpus stay).
      const text = s.text.replace(/ptid=(\d+)/g, (m, t: string) => (number.has(`${s.repo}/${t}`) ? `ptid=${tidIn(k, s.repo, t)}` : m));
      fs.writeFileSync(p, text);
      written += Buffer.byteLength(text);
      files++;
    }
  }
  return { dir, files, bytes: written, copies: k, tidIn, pathIn };
}
