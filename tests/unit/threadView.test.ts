// The thread view's renderer (server/src/features/threadView.ts) and the view's sanitiser
// (client/src/threadView/webview/sanitize.ts, DOMPurify on a jsdom window): on the corpus, on the
// seeds, and on hostile fragments.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import createDOMPurify from 'dompurify';
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { JSDOM } from 'jsdom';
import { sanitize, type Purifier } from '../../client/src/threadView/webview/sanitize';
import { threadMeta, threadPosts } from '../../server/src/features/threadView';
import { ALLOWED_ATTR, ALLOWED_TAGS, SAFE_HREF, SAFE_SRC, decodeMeta, encodeMeta } from '../../shared/protocol';
import { WorkspaceIndex } from '../../server/src/workspace';
import { dump, linkQuote, plainQuote } from '../helpers/dumps';
import { CORPUS, SKIP_CORPUS, THREAD_DIR, mdFiles, read } from '../helpers/paths';

const purify = createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0]) as unknown as Purifier;
const TAGS = new Set(ALLOWED_TAGS);
const ATTRS = new Set(ALLOWED_ATTR);

/** Every element of a fragment is allowed, with allowed attributes and safe URLs only. */
function checkAllowed(html: string, where: string, withPurify = true): void {
  const walk = (nodes: AnyNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') continue;
      assert.equal(n.type, 'tag', `${where}: a ${n.type} node in ${html.slice(0, 200)}`);
      const el = n as Element;
      assert.ok(TAGS.has(el.name), `${where}: <${el.name}>`);
      for (const [k, v] of Object.entries(el.attribs)) {
        assert.ok(ATTRS.has(k), `${where}: <${el.name} ${k}>`);
        if (k === 'href') assert.match(v, SAFE_HREF, where);
        if (k === 'src') assert.match(v, SAFE_SRC, where);
      }
      walk(el.children as AnyNode[]);
    }
  };
  walk(parseDocument(html).children as AnyNode[]);
  // DOMPurify with the view's configuration finds nothing to remove either (jsdom is slow: the
  // corpus test asks for it on every 10th post).
  if (!withPurify) return;
  const s = sanitize(purify, html);
  assert.equal(s.removed, 0, `${where}: DOMPurify removed something from ${html.slice(0, 300)}`);
}

function indexOf(files: [string, string][]): { index: WorkspaceIndex; uris: string[] } {
  const index = new WorkspaceIndex();
  const uris = files.map(([name, text]) => {
    const uri = 'file:///t/' + encodeURIComponent(name);
    index.set(uri, text);
    return uri;
  });
  return { index, uris };
}

/** Every post of a thread, rendered in requests of at most 200. */
function renderAll(index: WorkspaceIndex, uri: string, options = {}) {
  const meta = threadMeta(index.view(uri)!)!;
  const out = [];
  for (let i = 0; i < meta.posts.length; i += 200) out.push(...threadPosts(index.view(uri)!, i, i + 200, options)!.posts);
  assert.equal(out.length, meta.posts.length);
  return { meta, posts: out };
}

describe('thread view: the seed thread', () => {
  const files = mdFiles(THREAD_DIR).map((f) => [path.basename(f), read(f)] as [string, string]);
  const { index, uris } = indexOf(files);
  const { meta, posts } = renderAll(index, uris[1]);

  it('is the whole thread, both page files, in order, with floors, authors, dates, OP', () => {
    assert.equal(meta.files.length, 2);
    assert.deepEqual(meta.files.map((f) => f.page), [1, 2]);
    assert.equal(meta.posts.length, files.reduce((n, [, t]) => n + new WorkspaceIndex().set('file:///x', t).doc.posts.length, 0));
    assert.equal(meta.posts[0][0], 1);
    assert.equal(meta.posts[0][3], 1, 'floor 1 is the OP');
    assert.equal(meta.authors[meta.posts[0][1]], 'moeblack');
    assert.equal(meta.posts[0][2], '2025-01-21 13:24');
    assert.equal(meta.files[1].first, meta.files[0].count);
  });

  it('the meta travels in columns and decodes to the same (smaller than tuples)', () => {
    const wire = encodeMeta(meta);
    assert.deepEqual(decodeMeta(wire), meta);
    assert.ok(JSON.stringify(wire).length < JSON.stringify(meta).length * 0.6, `${JSON.stringify(wire).length} vs ${JSON.stringify(meta).length}`);
    // Posts without a floor or a date survive too.
    const odd = { ...meta, posts: meta.posts.slice(0, 3).map((p, i) => (i === 1 ? [null, p[1], null, 0, p[4]] : p)) as typeof meta.posts, files: [{ ...meta.files[0], count: 3 }] };
    assert.deepEqual(decodeMeta(encodeMeta(odd)), odd);
  });

  it('every resolved quote header is an in-view link to the quoted post (data-target-floor), and the backlinks agree', () => {
    let links = 0;
    for (const p of posts) {
      for (const m of p.html.matchAll(/<a class="quote-link" href="#p-(\d+)" data-target="(\d+)" data-target-floor="(\d*)"/g)) {
        links++;
        const target = Number(m[2]);
        assert.equal(Number(m[1]), target);
        assert.equal(String(meta.posts[target][0] ?? ''), m[3]);
        assert.ok(posts[target].backlinks.includes(p.id), `#${meta.posts[target][0]} lists ${p.id} as a reply`);
      }
    }
    assert.ok(links > 500, `${links} in-view quote links`);
  });

  it("fixes the archive's httphttps:// and leaves no findpost link pointing at the forum", () => {
    for (const p of posts) {
      assert.ok(!p.html.includes('httphttp'), p.html);
      assert.ok(!/findpost/.test(p.html), p.html);
    }
  });

  it('images are links unless remote images are on; then https <img> with no-referrer, smilies small', () => {
    const off = posts.map((p) => p.html).join('\n');
    assert.ok(!off.includes('<img'));
    assert.ok(off.includes('class="smiley-link"') && off.includes('class="image-link"'));
    const on = threadPosts(index.view(uris[0])!, 0, 200, { remoteImages: true })!.posts.map((p) => p.html).join('\n');
    const imgs = [...on.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    assert.ok(imgs.length > 10);
    for (const i of imgs) {
      assert.match(i, /src="https:\/\//);
      assert.match(i, /referrerpolicy="no-referrer"/);
    }
    assert.ok(imgs.some((i) => i.includes('class="smiley"')));
  });
});

describe('thread view: broken and plain quotes, Markdown links', () => {
  it('a broken quote is marked as the diagnostic says; a plain quote links as well as a link one', () => {
    const { index, uris } = indexOf([
      [
        '2244747-01[t].md',
        dump(
          { author: 'a', floor: 1, date: '2025-1-1 00:00', body: 'first [site](httphttps://example.com/x) post' },
          { author: 'b', floor: 2, date: '2025-1-1 00:01', body: linkQuote('a', '2025-1-1 00:00', 'first') + '\nreply' },
          { author: 'c', floor: 3, date: '2025-1-1 00:02', body: plainQuote('b', '2025-1-1 00:01', 'reply') + '\nplain' },
          { author: 'd', floor: 4, date: '2025-1-1 00:03', body: linkQuote('zz', '2025-1-1 00:10', 'gone', '999') + '\nbroken' },
        ),
      ],
    ]);
    const { posts } = renderAll(index, uris[0]);
    assert.match(posts[0].html, /<a class="external" data-external="1" href="https:\/\/example\.com\/x" title="https:\/\/example\.com\/x">site<\/a>/);
    assert.match(posts[1].html, /data-target="0" data-target-floor="1"/);
    assert.match(posts[2].html, /data-target="1" data-target-floor="2"/);
    assert.ok(!posts[2].html.includes('b 发表于 2025-1-1 00:01\n'), 'the plain header text is replaced');
    assert.match(posts[3].html, /<span class="quote-link" data-status="notfound" title="Broken quote: no post by zz at 2025-01-01 00:10 in this thread">/);
    assert.deepEqual(posts[0].backlinks, [1]);
    assert.deepEqual(posts[1].backlinks, [2]);
    for (const p of posts) checkAllowed(p.html, `post ${p.id}`);
  });
});

/** XSS vectors: each must come out inert (nothing outside the allow-list, no script URL). */
export const HOSTILE: string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
  '<svg onload=alert(1)><circle/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="  JaVaScRiPt:alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="command:workbench.action.quit">x</a>',
  '[c](command:workbench.action.quit) [j](javascript:alert(1))',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<meta http-equiv="Content-Security-Policy" content="default-src *">',
  '<iframe src="https://evil.example/"></iframe>',
  '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/">',
  '<form action="https://evil.example/"><input name=a><button>go</button></form>',
  '<style>body{display:none}</style><link rel=stylesheet href="https://evil.example/x.css">',
  '<base href="https://evil.example/">',
  '<div style="background:url(https://evil.example/)" onclick="alert(1)" onmouseover=alert(1)>x</div>',
  '<p id="x" name="y" class="quote-link" data-target="1" data-foo="x">spoofed</p>',
  '<img src="http://insecure.example/x.png">',
  '<img src="https://x.example/a.png" onerror="alert(1)" referrerpolicy="unsafe-url">',
  '<img src="https://static.saraba1st.com/image/smiley/face2017/001.png" id="aimg_1" lazyloadthumb="1" onclick="zoom(this)" onmouseover="img_onmouseoverfunc(this)"/)',
  '<!-- <script>alert(1)</script> --><![CDATA[<script>alert(1)</script>]]>',
  '<template><script>alert(1)</script></template><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<a href="https://ok.example/" target="_blank" rel="opener" ping="https://evil.example/">ok</a>',
  '<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=1&amp;ptid=2" onclick="alert(1)">x" onmouseover="alert(1) 发表于 2025-1-1 00:00</a>\nq</blockquote>',
  '<video src="https://evil.example/v.mp4" autoplay></video><audio src=x></audio>',
  '<textarea><img src=x onerror=alert(1)></textarea><title><img src=x onerror=alert(1)></title>',
  '<a href="https://ex.example/" style="position:fixed;inset:0">cover</a>',
  '<img src="https://a.example/x.png" srcset="https://evil.example/1x.png 1x">',
  '<xmp><script>alert(1)</script></xmp><plaintext><script>alert(1)</script>',
];

describe('thread view: hostile fragments are inert', () => {
  const body = HOSTILE.join('\n');
  const { index, uris } = indexOf([
    ['2244747-01[t].md', dump({ author: '<img src=x onerror=alert(1)>', floor: 1, date: '2025-1-1 00:00', body }, { author: 'b', floor: 2, date: '2025-1-1 00:01', body: plainQuote('<img src=x onerror=alert(1)>', '2025-1-1 00:00', body.slice(0, 60)) + '\n' + body })],
  ]);
  for (const remoteImages of [false, true]) {
    it(`every vector, remote images ${remoteImages ? 'on' : 'off'}: only allowed tags, attributes and URLs survive`, () => {
      const { posts } = renderAll(index, uris[0], { remoteImages });
      for (const p of posts) {
        checkAllowed(p.html, `post ${p.id}`);
        if (remoteImages) assert.ok(!/src="http:/.test(p.html));
      }
    });
  }
  it('each vector on its own, through DOMPurify directly as well (what the view does)', () => {
    for (const v of HOSTILE) {
      const { html } = sanitize(purify, v);
      checkAllowed(html, v);
    }
  });
});

describe('thread view: every corpus file', { skip: SKIP_CORPUS }, () => {
  it('nothing outside the allow-list; every quote resolved in the thread is an in-view link', () => {
    // The whole corpus as one workspace (threads span files and folders), up to 60 posts of
    // each file that carry HTML or Markdown links, spread over the file.
    const index = new WorkspaceIndex();
    const uris = mdFiles(CORPUS!).map((f) => {
      const uri = 'file://' + encodeURI(f);
      index.set(uri, read(f));
      return uri;
    });
    let checked = 0;
    let links = 0;
    for (const uri of uris) {
      const file = index.get(uri)!;
      const meta = threadMeta(index.view(uri)!)!;
      const first = meta.files.find((f) => f.uri === uri)!.first;
      const rich = file.doc.posts.filter((p) => /<|\]\(/.test(file.doc.slice(p.body.start, p.body.end)));
      const step = Math.max(1, Math.ceil(rich.length / 60));
      for (let i = 0; i < rich.length; i += step) {
        const post = rich[i];
        const [r] = threadPosts(index.view(uri)!, first + post.index, first + post.index + 1)!.posts;
        checkAllowed(r.html, `${path.basename(decodeURI(uri))} #${post.floor}`, checked % 10 === 0);
        for (const qid of post.quotes) {
          const res = index.resolution(uri)!.of(file.doc.quotes[qid]);
          const target = res?.target && meta.files.find((f) => f.uri === res.target!.file.uri);
          if (!target || !file.doc.quotes[qid].header) continue;
          const id = target.first + res!.target!.post.index;
          assert.ok(r.html.includes(`href="#p-${id}" data-target="${id}" data-target-floor="${res!.target!.post.floor ?? ''}"`), `${path.basename(decodeURI(uri))} #${post.floor}: quote ${qid} → #${res!.target!.post.floor}`);
          links++;
        }
        checked++;
      }
    }
    assert.ok(checked > 4000, `${checked} posts checked`);
    assert.ok(links > 1500, `${links} in-view links checked`);
  });
});
