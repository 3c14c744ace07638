// A sweep over every file of ../shared/corpus (skipped where the corpus is absent).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { DumpDocument } from '../../server/src/model';
import { WorkspaceIndex, type QuoteStatus } from '../../server/src/workspace';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { CORPUS, mdFiles, read, SKIP_CORPUS } from '../helpers/paths';

/** Post headers counted the plain way: `#### NAME` directly followed by `##### N#`. */
function countHeaders(text: string): number {
  const lines = text.split(/\r?\n/);
  let n = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^\ufeff?#### /.test(lines[i]) && /^##### +\d+#/.test(lines[i + 1])) n++;
  }
  return n;
}

describe('corpus sweep', { skip: SKIP_CORPUS }, () => {
  const files = CORPUS ? mdFiles(CORPUS) : [];
  const index = new WorkspaceIndex();

  it('parses every file: post count equal to the real headers, ranges in bounds and ordered', () => {
    assert.ok(files.length >= 150, `corpus files: ${files.length}`);
    for (const f of files) {
      const text = read(f);
      const doc = new DumpDocument(text);
      const rel = path.relative(CORPUS!, f);
      assert.equal(doc.posts.length, countHeaders(text), rel);
      let prev = -1;
      for (const p of doc.posts) {
        assert.ok(p.span.start > prev && p.span.end >= p.floorLine.end && p.span.end <= text.length, `${rel} post ${p.index}`);
        assert.ok(p.body.start <= p.body.end, `${rel} post ${p.index} body`);
        prev = p.span.end;
        for (const id of p.quotes) {
          const q = doc.quotes[id];
          assert.ok(q.span.start >= p.body.start && q.span.end <= p.span.end, `${rel} quote ${id}`);
        }
      }
      index.setDocument(pathToFileURL(f).href, doc);
    }
  });

  it('resolves quotes across each thread in line with the archive-wide shares', () => {
    const counts: Record<QuoteStatus, number> = { resolved: 0, ambiguous: 0, notfound: 0, outside: 0 };
    for (const file of index.all()) {
      const res = index.resolution(file.uri)!.quotesOf(file);
      for (const r of res) if (r) counts[r.status]++;
    }
    const total = counts.resolved + counts.ambiguous + counts.notfound + counts.outside;
    const share = (k: QuoteStatus) => counts[k] / total;
    // format.md, every file of the thread by (author, minute) alone: 97.1% unique, 1.87% ambiguous,
    // 1.07% not found. Excerpts, pids, repeated blocks and offsets settle more.
    assert.ok(total > 30000, `quotes: ${total}`);
    assert.ok(share('resolved') >= 0.971, `resolved ${share('resolved')}`);
    assert.ok(share('ambiguous') <= 0.0187, `ambiguous ${share('ambiguous')}`);
    assert.ok(share('notfound') <= 0.0107, `notfound ${share('notfound')}`);
    console.log(`corpus quotes: ${total}; ` + Object.entries(counts).map(([k, v]) => `${k} ${((100 * v) / total).toFixed(2)}%`).join(', '));
  });

  it('computes diagnostics for every file without throwing, positions inside the file', () => {
    for (const file of index.all()) {
      for (const d of computeDiagnostics(index.view(file.uri)!)) {
        assert.ok(d.range.start.line < file.doc.lineCount && d.range.end.line < file.doc.lineCount, file.name);
      }
    }
  });
});
