// Where test data lives. `../shared/corpus` is present in CI and on developers' machines, absent
// in a user's clone: corpus tests skip cleanly then.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (tests run from out/tests/<level>/). */
export const ROOT = path.resolve(__dirname, '../../..');
export const SEEDS = path.join(ROOT, 'seeds');
export const SEED = path.join(SEEDS, '000_30f14379e19f2ff5.txt');
export const THREAD_DIR = path.join(SEEDS, '2243718[DEEPSEEK-R1完全可以说是全球第一LLM了]');
export const VARIANTS = path.join(SEEDS, 'variants');
/** Where the corpus is looked for (it may be absent: see CORPUS); FORUM_DUMP_CORPUS points elsewhere (a worktree's `..` has no shared/). */
export const CORPUS_DIR = process.env.FORUM_DUMP_CORPUS ?? path.resolve(ROOT, '../shared/corpus');
export const CORPUS: string | null = fs.existsSync(CORPUS_DIR) ? CORPUS_DIR : null;
export const SKIP_CORPUS = CORPUS ? false : 'no ../shared/corpus here (it is present in CI)';

export function read(file: string): string {
  const s = fs.readFileSync(file, 'utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Every .md file below a folder, sorted. */
export function mdFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|txt)$/.test(e.name) && e.name !== 'SOURCE.md') out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
