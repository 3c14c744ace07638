// Hardening (issue 13): message bundles are untrusted text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import type { MarkupContent } from 'vscode-languageserver-types';
import { hover } from '../../server/src/features/hover';
import { parseDumpDate } from '../../server/src/model';
import { AuthorMinuteKeys, WorkspaceIndex } from '../../server/src/workspace';
import { checkMarkdownSafe } from '../helpers/invariants';
import { dump, plainQuote } from '../helpers/dumps';
import { read, ROOT, SEED } from '../helpers/paths';

describe('message bundles are untrusted (issue 13 item 8)', () => {
  it('hostile translations of every message reach hover Markdown escaped, their arguments intact', () => {
    const real = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    // Every message becomes a link, a command link, raw HTML and a control character, keeping its placeholders.
    const hostile = Object.fromEntries(
      Object.entries(real).map(([k, v]) => [k, `[pwn](command:workbench.action.quit) <img src=x onerror=alert(1)> \u001b]0;t\u0007 https://evil.example/ ${v}`]),
    );
    l10n.config({ contents: hostile });
    try {
      const index = new WorkspaceIndex();
      const seedUri = pathToFileURL(SEED).href;
      index.set(seedUri, read(SEED));
      const broken = 'file:///w/broken.md';
      index.set(
        broken,
        dump(
          { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first' },
          { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: plainQuote('nobody', '2025-1-31 09:00', 'x') },
        ),
      );
      let hovers = 0;
      let translated = 0;
      for (const [uri, lines] of [
        [seedUri, [73, 74, 130, 133]],
        [broken, [3, 4, 10]],
      ] as const) {
        for (const line of lines) {
          const h = hover(index.view(uri)!, { line, character: 8 });
          if (!h) continue;
          hovers++;
          const md = (h.contents as MarkupContent).value;
          checkMarkdownSafe(md, `hover ${uri}:${line}`);
          if (md.includes('pwn')) translated++;
        }
      }
      assert.ok(hovers >= 5, `${hovers} hovers`);
      assert.equal(translated, hovers, 'every hover used the (hostile) bundle');
      // Arguments are still filled in: the seed's #6 is quoted by #12.
      const h = hover(index.view(seedUri)!, { line: 73, character: 2 });
      assert.match((h!.contents as MarkupContent).value, /#12 Alce79/);
    } finally {
      l10n.config({ contents: {} });
    }
  });
});

describe('(author, minute) keys never collide (issue 13 item 3)', () => {
  const minute = (s: string) => parseDumpDate(s)!.minute;

  it('2^21 + 1 distinct authors: the last one does not share the first one\'s keys', () => {
    const keys = new AuthorMinuteKeys();
    const m = minute('2025-1-1 01:00');
    const alice = keys.key('alice', m);
    const second = keys.key('bob', m);
    for (let i = 2; i < 2 ** 21; i++) keys.key(`u${i}`, m);
    const mallory = keys.key('mallory', m);
    const trent = keys.key('trent', m);
    assert.deepEqual(new Set([alice, second, mallory, trent]).size, 4);
    // The same author and minute is the same key, also past 2^21 authors; another minute is another key.
    assert.equal(keys.key('alice', m), alice);
    assert.equal(keys.key('mallory', m), mallory);
    assert.notEqual(keys.key('mallory', m + 60), mallory);
    assert.notEqual(keys.key('alice', m + 1), alice);
  });

  it('the first and last minutes a date can name stay exact', () => {
    const keys = new AuthorMinuteKeys();
    for (const d of ['0000-1-1 00:00', '9999-12-31 23:59']) {
      const m = minute(d);
      const ks = [keys.key('a', m), keys.key('b', m), keys.key('a', m + 1), keys.key('a', m - 16 * 60), keys.key('a', m + 16 * 60)];
      assert.equal(new Set(ks).size, ks.length, d);
    }
  });
});
