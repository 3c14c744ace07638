// The thread view's script, in the webview (bundled for the browser by esbuild). It never writes
// anything: it asks the extension for rendered posts near the viewport, sanitises each fragment
// with DOMPurify (the protocol's allow-list) before it touches the DOM, and keeps at most
// MAX_RENDERED posts in the DOM (a sliding window over the thread, or over one author's posts).
import DOMPurify from 'dompurify';
import { decodeMeta, type RenderedPost, type ThreadMeta } from '../../../../shared/protocol';
import type { FromView, ProbeAction, ToView, ViewStrings } from '../messages';
import { sanitize, type Purifier } from './sanitize';

declare function acquireVsCodeApi(): { postMessage(m: FromView): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
const purify = DOMPurify as unknown as Purifier;

/** Posts fetched per request, and kept in the DOM at most. */
const CHUNK = 40;
const MAX_RENDERED = 160;
/** Posts rendered at once after a jump (more follow around them). */
const FIRST_SCREEN = 20;
/** Rendered posts kept for reuse at the most (beyond, the ones far from the window go). */
const MAX_CACHED = 600;

let meta: ThreadMeta;
let S: ViewStrings = {};
let lastSeenDate: string | null = null;
/** Rendered posts by id (bodies already sanitised when used). */
const cache = new Map<number, RenderedPost>();
const waiting = new Map<number, ((p: RenderedPost) => void)[]>();
/** The posts in reading order: all, or one author's. */
let list: number[] = [];
let filterAuthor: number | null = null;
/** The window of `list` in the DOM: [lo, hi). */
let lo = 0;
let hi = 0;
let loadingMore = false;
/** Bumped by every jump (and filter): work begun for an older window is dropped. */
let epoch = 0;
/** When the first posts went into the DOM (wall clock: compared with the command's start by tests). */
let firstPaint: number | undefined;

const $ = <T extends HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T | null;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
const fmt = (s: string, ...args: (string | number)[]) => s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
const floorText = (f: number | null) => (f === null ? '#?' : `#${f.toLocaleString('en-US')}`);

// ---- layout -------------------------------------------------------------------------------

const app = document.getElementById('app')!;
const bar = el('div', 'bar');
const title = el('div', 'title');
const gotoForm = el('form', 'goto');
const gotoInput = el('input');
const notices = el('div', 'notices');
const postsEl = el('div', 'posts');
postsEl.id = 'posts';

function layout(): void {
  gotoInput.type = 'text';
  gotoInput.inputMode = 'numeric';
  gotoInput.setAttribute('aria-label', S.goToFloor);
  gotoInput.placeholder = S.goToFloorPlaceholder;
  gotoForm.append(gotoInput);
  bar.append(title, gotoForm);
  bar.title = S.keys;
  app.replaceChildren(bar, notices, postsEl);
}

// ---- fetching -----------------------------------------------------------------------------

function fetchPosts(ids: number[]): Promise<void> {
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length === 0) return Promise.resolve();
  const waits: Promise<void>[] = [];
  // Contiguous runs, one request each.
  missing.sort((a, b) => a - b);
  let i = 0;
  while (i < missing.length) {
    let j = i;
    while (j + 1 < missing.length && missing[j + 1] === missing[j] + 1 && j - i < 199) j++;
    const from = missing[i];
    const to = missing[j] + 1;
    const need = missing.slice(i, j + 1).filter((id) => !waiting.has(id));
    for (const id of missing.slice(i, j + 1)) waits.push(new Promise((r) => (waiting.get(id) ?? waiting.set(id, []).get(id)!).push(() => r())));
    if (need.length > 0) vscode.postMessage({ type: 'fetch', from, to });
    i = j + 1;
  }
  return Promise.all(waits).then(() => undefined);
}

function received(posts: RenderedPost[]): void {
  const changed: number[] = [];
  for (const p of posts) {
    const old = cache.get(p.id);
    cache.set(p.id, p);
    if (old && (old.html !== p.html || old.backlinks.join() !== p.backlinks.join())) changed.push(p.id);
    const w = waiting.get(p.id);
    waiting.delete(p.id);
    for (const f of w ?? []) f(p);
  }
  // Memory stays bounded: rendered posts far from the window are forgotten (fetched again if needed).
  if (cache.size > MAX_CACHED) {
    const keepFrom = list[Math.max(0, lo - CHUNK)] ?? 0;
    const keepTo = list[Math.min(list.length - 1, hi + CHUNK)] ?? 0;
    for (const id of cache.keys()) if ((id < keepFrom || id > keepTo) && !waiting.has(id)) cache.delete(id);
  }
  // Live edits: only the posts whose rendering changed are replaced.
  for (const id of changed) {
    const node = postsEl.querySelector(`:scope > article[data-id="${id}"]`);
    if (node) node.replaceWith(postElement(id));
  }
}

// ---- rendering ----------------------------------------------------------------------------

function fileOf(id: number): ThreadMeta['files'][number] | undefined {
  return meta.files.find((f) => id >= f.first && id < f.first + f.count);
}

function body(p: RenderedPost): HTMLElement {
  const div = el('div', 'body');
  // Sanitised again here, whatever the server sent: only the allow-list reaches the DOM.
  div.innerHTML = sanitize(purify, p.html).html;
  return div;
}

function postElement(id: number, inline = false): HTMLElement {
  const [floor, author, date, op] = meta.posts[id];
  const file = fileOf(id);
  const a = el('article', inline ? 'post inline' : 'post');
  a.dataset.id = String(id);
  a.dataset.floor = floor === null ? '' : String(floor);
  a.dataset.author = meta.authors[author];
  a.dataset.page = file?.page === null || file?.page === undefined ? '' : String(file.page);
  if (!inline) a.id = `p-${id}`;
  a.tabIndex = -1;
  const head = el('header');
  const fl = el('a', 'floor', floorText(floor));
  fl.href = `#p-${id}`;
  fl.dataset.target = String(id);
  const au = el('span', 'author', meta.authors[author]);
  au.setAttribute('role', 'button');
  au.tabIndex = 0;
  au.title = S.onlyThisAuthor;
  head.append(fl, ' ', au);
  if (op) head.append(' ', el('span', 'op', S.op));
  if (date) head.append(' ', el('time', 'date', date));
  if (lastSeenDate && date && date > lastSeenDate) {
    a.classList.add('new');
    head.append(' ', el('span', 'new-mark', S.new));
  }
  a.append(head);
  const p = cache.get(id);
  if (!p) {
    a.append(el('div', 'body loading', S.loading));
    return a;
  }
  a.append(body(p));
  if (p.replies > 0) {
    const foot = el('footer', 'backlinks');
    foot.append(el('span', 'count', p.replies === 1 ? S.oneReply : fmt(S.replies, p.replies)));
    for (const b of p.backlinks) {
      const link = el('a', 'backlink', floorText(meta.posts[b][0]));
      link.href = `#p-${b}`;
      link.dataset.target = String(b);
      const t = el('span', 'backlink-toggle', '+');
      t.setAttribute('role', 'button');
      t.tabIndex = 0;
      t.dataset.target = String(b);
      t.title = S.expandReply;
      foot.append(' ', link, t);
    }
    a.append(foot);
  }
  return a;
}

function separator(id: number): HTMLElement | null {
  const f = fileOf(id);
  if (!f || meta.files.length < 2) return null;
  const s = el('div', 'page-sep', f.page === null ? f.name : fmt(S.page, f.page));
  s.dataset.pageFirst = String(f.first);
  return s;
}

/** The DOM for list[from..to), with page separators where the page file changes. */
function renderRange(from: number, to: number, prevId: number | null): DocumentFragment {
  const frag = document.createDocumentFragment();
  let prev = prevId;
  for (let i = from; i < to; i++) {
    const id = list[i];
    if (prev === null ? id === fileOf(id)?.first : fileOf(prev) !== fileOf(id)) {
      const s = separator(id);
      if (s) frag.append(s);
    }
    frag.append(postElement(id));
    prev = id;
  }
  return frag;
}

/** Shows list[start..] around `pos` (a place in `list`), then scrolls the post at `pos` to the top. */
async function showAt(pos: number, highlight = false): Promise<void> {
  pos = Math.max(0, Math.min(list.length - 1, pos));
  if (list.length === 0) {
    postsEl.replaceChildren();
    lo = hi = 0;
    return;
  }
  const id = list[pos];
  if (pos >= lo && pos < hi && postsEl.querySelector(`:scope > article[data-id="${id}"]`)) {
    scrollToId(id, highlight);
    return;
  }
  const my = ++epoch;
  // A screenful first (the rest follows as maybeExtend fills around it).
  const from = Math.max(0, pos - 3);
  const to = Math.min(list.length, pos + FIRST_SCREEN);
  await fetchPosts(list.slice(from, to));
  if (my !== epoch) return; // another jump came meanwhile
  lo = from;
  hi = to;
  postsEl.replaceChildren(renderRange(lo, hi, lo > 0 ? list[lo - 1] : null));
  firstPaint ??= Date.now();
  scrollToId(id, highlight);
}

function scrollToId(id: number, highlight: boolean): void {
  const node = postsEl.querySelector<HTMLElement>(`:scope > article[data-id="${id}"]`);
  if (!node) return;
  window.scrollTo(0, window.scrollY + node.getBoundingClientRect().top - barHeight());
  if (highlight) {
    for (const h of postsEl.querySelectorAll('.highlight')) h.classList.remove('highlight');
    void node.offsetWidth;
    node.classList.add('highlight');
    setTimeout(() => node.classList.remove('highlight'), 1500);
    node.focus({ preventScroll: true });
  }
  void maybeExtend();
}

/** Near an end of the window: render more there, and drop from the other end past MAX_RENDERED. */
async function maybeExtend(): Promise<void> {
  if (loadingMore) return;
  loadingMore = true;
  const began = epoch;
  try {
    // A few rounds: one chunk may not fill the screen (short posts, the end of the thread).
    for (let round = 0; round < 4 && (await extendOnce()); round++);
  } finally {
    loadingMore = false;
    // A jump came while this ran: its window may need filling too.
    if (began !== epoch) void maybeExtend();
  }
}

/** Renders one more chunk where the viewport nears an end of the window; false if none was needed. */
async function extendOnce(): Promise<boolean> {
  const sc = document.scrollingElement!;
  const view = window.innerHeight;
  const my = epoch;
  if (hi < list.length && sc.scrollTop + view * 2.5 > sc.scrollHeight) {
    const to = Math.min(list.length, hi + CHUNK);
    await fetchPosts(list.slice(hi, to));
    if (my !== epoch) return false;
    postsEl.append(renderRange(hi, to, list[hi - 1] ?? null));
    hi = to;
    while (hi - lo > MAX_RENDERED) dropFirst();
    return true;
  }
  if (lo > 0 && sc.scrollTop < view * 1.5) {
    const from = Math.max(0, lo - CHUNK);
    await fetchPosts(list.slice(from, lo));
    if (my !== epoch) return false;
    const before = sc.scrollHeight;
    // The old first post's page separator is drawn again below if it is still needed.
    if (postsEl.firstElementChild?.classList.contains('page-sep')) postsEl.firstElementChild.remove();
    const oldFirstId = list[lo];
    postsEl.prepend(renderRange(from, lo, from > 0 ? list[from - 1] : null));
    const nodeOld = postsEl.querySelector(`:scope > article[data-id="${oldFirstId}"]`);
    if (nodeOld && fileOf(list[lo - 1]) !== fileOf(oldFirstId)) {
      const sep = separator(oldFirstId);
      if (sep) nodeOld.before(sep);
    }
    lo = from;
    sc.scrollTop += sc.scrollHeight - before;
    while (hi - lo > MAX_RENDERED) dropLast();
    return true;
  }
  return false;
}

function dropFirst(): void {
  const sc = document.scrollingElement!;
  const before = sc.scrollHeight;
  while (postsEl.firstElementChild && !(postsEl.firstElementChild as HTMLElement).matches('article')) postsEl.firstElementChild.remove();
  postsEl.firstElementChild?.remove();
  lo++;
  sc.scrollTop -= before - sc.scrollHeight;
}

function dropLast(): void {
  postsEl.lastElementChild?.remove();
  while (postsEl.lastElementChild && !(postsEl.lastElementChild as HTMLElement).matches('article')) postsEl.lastElementChild.remove();
  hi--;
}

/** Where the sticky bar ends: the top of what is read. */
function barHeight(): number {
  return Math.max(0, bar.getBoundingClientRect().bottom || 0);
}

/** The post at the top of the viewport (the first whose bottom is below the bar). */
function topPost(): HTMLElement | undefined {
  const y = barHeight() + 2;
  for (const a of postsEl.querySelectorAll<HTMLElement>(':scope > article')) {
    if (a.getBoundingClientRect().bottom > y) return a;
  }
  return undefined;
}

// ---- actions ------------------------------------------------------------------------------

function jumpTo(id: number, highlight = true): Promise<void> {
  let pos = list.indexOf(id);
  if (pos < 0) {
    // Not in the filtered list: show everything.
    if (filterAuthor !== null) setFilter(null, false);
    pos = list.indexOf(id);
  }
  return showAt(pos, highlight);
}

function setFilter(author: number | null, show = true): void {
  const keep = topPost()?.dataset.id;
  filterAuthor = author;
  list = author === null ? meta.posts.map((_, i) => i) : meta.posts.flatMap((p, i) => (p[1] === author ? [i] : []));
  notices.querySelector('.filter')?.remove();
  if (author !== null) {
    const f = el('div', 'filter');
    f.append(el('span', 'filter-text', fmt(S.postsBy, list.length, meta.authors[author])), ' — ');
    const all = el('a', 'show-all', S.showAll);
    all.href = '#';
    f.append(all);
    notices.append(f);
  }
  lo = hi = 0;
  epoch++;
  if (show) {
    const at = keep !== undefined ? list.findIndex((i) => i >= Number(keep)) : 0;
    void showAt(at < 0 ? list.length - 1 : at);
  }
}

async function toggleInline(anchor: HTMLElement, target: number, after: Element): Promise<void> {
  const next = after.nextElementSibling;
  if (next?.classList.contains('inline-post') && next.getAttribute('data-id') === String(target)) {
    next.remove();
    anchor.textContent = '+';
    anchor.classList.remove('open');
    return;
  }
  await fetchPosts([target]);
  const node = postElement(target, true);
  node.classList.add('inline-post');
  after.after(node);
  anchor.textContent = '−';
  anchor.classList.add('open');
}

function step(dir: 1 | -1): void {
  const top = topPost();
  const pos = top ? list.indexOf(Number(top.dataset.id)) : 0;
  void showAt(pos + dir, true);
}

function gotoFloor(text: string): void {
  const n = Number(text.replace(/[#,\s]/g, ''));
  if (!Number.isInteger(n)) return;
  const id = meta.posts.findIndex((p) => p[0] === n);
  if (id < 0) {
    notices.querySelector('.goto-miss')?.remove();
    const m = el('div', 'goto-miss', fmt(S.noFloor, n));
    notices.append(m);
    setTimeout(() => m.remove(), 3000);
    return;
  }
  void jumpTo(id);
}

document.addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  const a = t.closest<HTMLElement>('a, [role=button]');
  if (!a) return;
  // Handled here only: VS Code's own click handler on the window (it scrolls to #fragments and
  // opens other links itself, ignoring preventDefault) never sees it.
  e.preventDefault();
  e.stopPropagation();
  if (a.classList.contains('quote-toggle')) {
    void toggleInline(a, Number(a.dataset.target), a.closest('.quote-head') ?? a);
  } else if (a.classList.contains('backlink-toggle')) {
    void toggleInline(a, Number(a.dataset.target), a.closest('footer') ?? a);
  } else if (a.dataset.target !== undefined && /^\d+$/.test(a.dataset.target)) {
    void jumpTo(Number(a.dataset.target));
  } else if (a.classList.contains('author')) {
    const id = Number(a.closest<HTMLElement>('article')?.dataset.id);
    if (Number.isInteger(id)) setFilter(filterAuthor === null ? meta.posts[id][1] : null);
  } else if (a.classList.contains('show-all')) {
    setFilter(null);
  } else if (a.classList.contains('continue')) {
    void jumpTo(Number(a.dataset.target));
    a.closest('.continue-bar')?.remove();
  } else if (a.classList.contains('dismiss')) {
    a.closest('.continue-bar')?.remove();
  } else if (a.dataset.external === '1') {
    // Never navigated inside the view: the extension checks the URL and opens the browser.
    const href = a.getAttribute('href') ?? '';
    if (/^https?:\/\//i.test(href)) vscode.postMessage({ type: 'openExternal', url: href });
  }
});

// Middle clicks on links: nothing (VS Code's handler would open them).
document.addEventListener('auxclick', (e) => {
  if ((e.target as HTMLElement).closest('a')) {
    e.preventDefault();
    e.stopPropagation();
  }
});

document.addEventListener('dblclick', (e) => {
  const a = (e.target as HTMLElement).closest<HTMLElement>('article');
  if (a?.dataset.id) vscode.postMessage({ type: 'open', id: Number(a.dataset.id) });
});

gotoForm.addEventListener('submit', (e) => {
  e.preventDefault();
  gotoFloor(gotoInput.value);
  gotoInput.blur();
});

function onKey(e: KeyboardEvent): void {
  const t = e.target as HTMLElement;
  if (t instanceof HTMLInputElement) {
    if (e.key === 'Escape') t.blur();
    return;
  }
  if ((e.key === 'Enter' || e.key === ' ') && t.getAttribute('role') === 'button') {
    e.preventDefault();
    t.click();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const top = topPost();
  const id = top ? Number(top.dataset.id) : undefined;
  switch (e.key) {
    case 'j':
      step(1);
      break;
    case 'k':
      step(-1);
      break;
    case 'g':
      void showAt(0, true);
      break;
    case 'G':
      void showAt(list.length - 1, true);
      break;
    case 'f':
    case '/':
      gotoInput.focus();
      gotoInput.select();
      break;
    case 'a':
      if (id !== undefined) setFilter(filterAuthor === null ? meta.posts[id][1] : null);
      break;
    case 'Escape':
      if (filterAuthor !== null) setFilter(null);
      break;
    case 'o':
      if (id !== undefined) vscode.postMessage({ type: 'open', id });
      break;
    case 'e':
      top?.querySelectorAll<HTMLElement>(':scope > .body .quote-toggle:not(.open)').forEach((x) => x.click());
      break;
    case 'r':
      top?.querySelectorAll<HTMLElement>(':scope > footer .backlink-toggle:not(.open)').forEach((x) => x.click());
      break;
    default:
      return;
  }
  e.preventDefault();
}
document.addEventListener('keydown', onKey);

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  void maybeExtend();
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    const top = topPost();
    if (top?.dataset.id) vscode.postMessage({ type: 'scrolled', id: Number(top.dataset.id) });
  }, 80);
});

// ---- messages from the extension ----------------------------------------------------------

function state(): unknown {
  const arts = [...postsEl.querySelectorAll<HTMLElement>(':scope > article')];
  return {
    top: topPost()?.dataset.id,
    topFloor: topPost()?.dataset.floor,
    highlighted: postsEl.querySelector<HTMLElement>('article.highlight')?.dataset.floor,
    posts: meta.posts.length,
    firstPaint,
    list: list.length,
    rendered: arts.length,
    floors: arts.map((a) => a.dataset.floor),
    authors: [...new Set(arts.map((a) => a.dataset.author))],
    filter: notices.querySelector('.filter-text')?.textContent ?? null,
    continueText: notices.querySelector('.continue')?.textContent ?? null,
    inline: postsEl.querySelectorAll('.inline-post').length,
    inlineFloors: [...postsEl.querySelectorAll<HTMLElement>('.inline-post')].map((a) => a.dataset.floor),
    newPosts: postsEl.querySelectorAll('article.new').length,
    quoteLinks: postsEl.querySelectorAll('a.quote-link[data-target-floor]').length,
    separators: postsEl.querySelectorAll('.page-sep').length,
    domNodes: document.getElementsByTagName('*').length,
    scripts: document.scripts.length,
    focused: (document.activeElement as HTMLElement | null)?.className ?? null,
  };
}

async function probe(seq: number, action: ProbeAction): Promise<void> {
  let result: unknown;
  try {
    if (action.op === 'click') {
      const nodes = document.querySelectorAll<HTMLElement>(action.selector);
      const n = nodes[action.index ?? 0];
      if (!n) result = { error: `no ${action.selector}` };
      else {
        if (action.double) n.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
        else n.click();
      }
    } else if (action.op === 'key') {
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body && document.activeElement.blur();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, bubbles: true }));
    } else if (action.op === 'goto') {
      gotoInput.value = action.floor;
      gotoForm.requestSubmit();
    } else if (action.op === 'postText') {
      const node = postsEl.querySelector<HTMLElement>(`:scope > article[data-id="${action.id}"] .body`);
      result = { text: node?.textContent ?? null };
    } else if (action.op === 'scrollTo') {
      const node = postsEl.querySelector<HTMLElement>(`:scope > article[data-id="${action.id}"]`);
      if (node) window.scrollTo(0, node.offsetTop - (bar.getBoundingClientRect().height || 0));
      else result = { error: `post ${action.id} not rendered` };
    }
    await new Promise((r) => setTimeout(r, 150));
    result ??= state();
  } catch (e) {
    result = { error: String(e) };
  }
  vscode.postMessage({ type: 'probeResult', seq, result });
}

window.addEventListener('message', (ev: MessageEvent<ToView>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'init': {
      performance.mark('fd-init');
      meta = decodeMeta(m.meta);
      performance.mark('fd-decoded');
      S = m.strings;
      lastSeenDate = m.lastSeenDate;
      layout();
      title.textContent = meta.title;
      if (m.continueAt !== null) {
        const c = el('div', 'continue-bar');
        const go = el('a', 'continue', fmt(S.continueAt, floorText(meta.posts[m.continueAt][0])));
        go.href = '#';
        go.dataset.target = String(m.continueAt);
        const x = el('a', 'dismiss', S.dismiss);
        x.href = '#';
        c.append(go, ' · ', x);
        notices.append(c);
      }
      received(m.posts);
      performance.mark('fd-received');
      setFilter(null, false);
      void showAt(m.start).then(() => performance.mark('fd-shown'));
      break;
    }
    case 'meta': {
      meta = decodeMeta(m.meta);
      list = filterAuthor === null ? meta.posts.map((_, i) => i) : meta.posts.flatMap((p, i) => (p[1] === filterAuthor ? [i] : []));
      hi = Math.min(hi, list.length);
      // Fetch the window again: received() swaps in only the posts whose HTML changed.
      const ids = list.slice(lo, hi);
      for (const id of ids) {
        const old = cache.get(id);
        if (old) stale.set(id, old);
      }
      // Ids may have moved: nothing cached is trusted after an edit.
      cache.clear();
      void fetchPosts(ids).then(() => {
        for (const id of ids) {
          const o = stale.get(id);
          const n = cache.get(id);
          stale.delete(id);
          const node = postsEl.querySelector(`:scope > article[data-id="${id}"]`);
          const headerChanged = node && (node as HTMLElement).dataset.floor !== String(meta.posts[id][0] ?? '');
          if (node && n && (!o || o.html !== n.html || o.backlinks.join() !== n.backlinks.join() || headerChanged)) node.replaceWith(postElement(id));
        }
      });
      break;
    }
    case 'posts':
      received(m.posts);
      break;
    case 'reveal': {
      const pos = list.indexOf(m.id);
      if (pos >= 0) void showAt(pos, !!m.highlight);
      break;
    }
    case 'probe':
      void probe(m.seq, m.action);
      break;
  }
});

/** Rendered posts replaced by a live edit, kept until their new rendering arrives. */
const stale = new Map<number, RenderedPost>();

vscode.postMessage({ type: 'ready' });
