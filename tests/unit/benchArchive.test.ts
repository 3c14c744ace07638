// The bench's synthetic archive (bench/archive.ts): copies of the corpus with distinct thread ids,
// in the real folder layout, findpost links following their copy.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { corpusSources, generateArchive } from '../../bench/archive';
import { parseDumpFileName } from '../../server/src/workspace/files';
import { CORPUS, SKIP_CORPUS } from '../helpers/paths';

describe('bench archive generator', { skip: SKIP_CORPUS }, () => {
  it('writes copies of the corpus with their own thread ids, in board / tid[title]/tid-NN[title].md', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-archive-'));
    try {
      const corpusBytes = corpusSources(CORPUS!).reduce((n, s) => n + s.bytes, 0);
      const a = generateArchive(CORPUS!, dir, corpusBytes + 1);
      assert.equal(a.copies, 2, 'one byte past the corpus starts a second copy');
      const files: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => files.push(p))(path.join(d, e.name));
      };
      walk(dir);
      assert.equal(files.length, a.files);
      const tids = new Map<string, Set<string>>();
      for (const f of files) {
        const rel = path.relative(dir, f).split(path.sep);
        const { tid, page } = parseDumpFileName(rel[rel.length - 1]);
        assert.ok(tid && Number(tid) >= 3000000, `${rel.join('/')} carries a generated thread id`);
        // Under its board (and sub-board, `外野/0无法访问/`), in its thread's `tid[title]/` folder
        // or on its own.
        assert.ok(rel.length >= 2, rel.join('/'));
        const parent = rel[rel.length - 2];
        if (/^\d{3,}\[/.test(parent)) assert.ok(parent.startsWith(`${tid}[`), rel.join('/'));
        tids.set(tid!, (tids.get(tid!) ?? new Set()).add(rel[0]));
      }
      const copy0 = [...tids.keys()].filter((t) => Number(t) < 3001000);
      const copy1 = [...tids.keys()].filter((t) => Number(t) >= 3001000);
      assert.ok(copy0.length > 50 && copy1.length >= 1, `${copy0.length} threads in the first copy`);
      // The seed thread's page 2 quotes page 1 through findpost links with its own copy's id.
      const p2 = files.find((f) => f.includes('-02[DEEPSEEK'))!;
      const own = parseDumpFileName(path.basename(p2)).tid!;
      const ptids = [...fs.readFileSync(p2, 'utf8').matchAll(/ptid=(\d+)/g)].map((m) => m[1]);
      assert.ok(ptids.length > 0 && ptids.every((t) => t === own), `findpost links of ${path.basename(p2)} name ${own}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
