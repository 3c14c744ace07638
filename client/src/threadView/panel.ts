// The thread view: a webview beside (or instead of) the editor, like the Markdown preview, that
// shows a whole thread as the forum does. The server renders posts (forumDump/threadView*); the
// view asks for the ones near its viewport, sanitises them again (DOMPurify) and lays them out.
// Here: panels per thread, the messages (validated), scroll sync both ways, live edits, reading
// progress (workspace state), links to the browser, and the editor commands by author.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { COMMANDS, THREAD_VIEW_POSTS_REQUEST, THREAD_VIEW_REQUEST, decodeMeta, type ThreadMeta, type ThreadMetaWire, type ThreadPosts } from '../../../shared/protocol';
import { editorCommand } from '../commands';
import { LANGUAGE_ID } from '../sniff';
import { validateFromView, type FromView, type ProbeAction, type ToView, type ViewStrings } from './messages';

/** A fresh CSP nonce: 16 random bytes in base64 (Web Crypto: the same under Node and in the browser). */
function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export const VIEW_TYPE = 'forumDump.threadView';

/** What is remembered per thread: the last post read, and the newest post date seen. */
interface Progress {
  id: number;
  floor: number | null;
  maxDate: string | null;
  at: number;
}

const floorText = (f: number | null) => (f === null ? '#?' : `#${f.toLocaleString('en-US')}`);

/** The post of a thread at a line of one of its page files (uri compared as VS Code normalises it). */
export function postAtLine(meta: ThreadMeta, uri: vscode.Uri, line: number): number | undefined {
  const key = uri.toString();
  const f = meta.files.find((x) => vscode.Uri.parse(x.uri).toString() === key);
  if (!f || f.count === 0) return undefined;
  let lo = f.first;
  let hi = f.first + f.count - 1;
  if (meta.posts[lo][4] > line) return lo;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (meta.posts[mid][4] <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The page file and line of a post. */
export function locate(meta: ThreadMeta, id: number): { uri: vscode.Uri; line: number } | undefined {
  const f = meta.files.find((x) => id >= x.first && id < x.first + x.count);
  return f ? { uri: vscode.Uri.parse(f.uri), line: meta.posts[id][4] } : undefined;
}

function strings(): ViewStrings {
  return {
    goToFloor: vscode.l10n.t('Go to floor'),
    goToFloorPlaceholder: vscode.l10n.t('Floor #'),
    op: vscode.l10n.t('OP'),
    new: vscode.l10n.t('new'),
    replies: vscode.l10n.t('{0} replies:'),
    oneReply: vscode.l10n.t('1 reply:'),
    postsBy: vscode.l10n.t('{0} posts by {1}'),
    showAll: vscode.l10n.t('show all'),
    continueAt: vscode.l10n.t('Continue at {0}'),
    dismiss: vscode.l10n.t('Dismiss'),
    page: vscode.l10n.t('Page {0}'),
    onlyThisAuthor: vscode.l10n.t('Only this author'),
    expand: vscode.l10n.t('Show the quoted post here'),
    expandReply: vscode.l10n.t('Show this reply here'),
    noFloor: vscode.l10n.t('No floor {0} in this thread'),
    keys: vscode.l10n.t('j/k next/previous post · g/G first/last · f go to floor · a only this author · o open in editor · e expand quotes · r expand replies · Esc show all'),
    loading: vscode.l10n.t('Loading…'),
  };
}

class ThreadPanel {
  meta: ThreadMeta;
  /** The meta as the server sent it (what the view gets: smaller than ThreadMeta). */
  private wire: ThreadMetaWire;
  /** A page file of the thread, as the server knows it (requests name the thread by it). */
  uri: string;
  private lastFromView = 0;
  private lastFromEditor = 0;
  /** Posts the editor was recently scrolled to because the view was: their echoes are ignored. */
  private fromView = new Map<number, number>();
  private probes = new Map<number, (r: unknown) => void>();
  private seq = 0;
  private disposables: vscode.Disposable[] = [];
  private ready: Promise<void>;
  private markReady!: () => void;
  /** The first screen's posts, requested as the panel opens. */
  private firstScreen: { start: number; posts: Promise<ThreadPosts | null> } | undefined;
  /** The top post the view shows (from its scroll reports). */
  top = 0;

  constructor(
    private readonly owner: ThreadViews,
    readonly panel: vscode.WebviewPanel,
    { meta, wire }: { meta: ThreadMeta; wire: ThreadMetaWire },
    uri: string,
    start: number,
  ) {
    this.meta = meta;
    this.wire = wire;
    this.uri = uri;
    this.top = start;
    this.ready = new Promise((r) => (this.markReady = r));
    this.firstScreen = { start, posts: owner.request<ThreadPosts | null>(THREAD_VIEW_POSTS_REQUEST, { uri, from: Math.max(0, start - 3), to: start + 20 }) };
    const webview = panel.webview;
    const remoteImages = vscode.workspace.getConfiguration('forumDump').get<boolean>('remoteImages') === true && vscode.workspace.isTrusted;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(owner.context.extensionUri, 'dist', 'webview')] };
    webview.html = this.html(remoteImages);
    this.disposables.push(
      webview.onDidReceiveMessage((m) => {
        const msg = validateFromView(m);
        if (msg) void this.onMessage(msg, remoteImages).catch((e) => console.error('forum-dump thread view:', e));
      }),
    );
    // A hidden view loses its page (no retainContextWhenHidden): it says `ready` again when shown.
    panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) this.ready = new Promise((r) => (this.markReady = r));
    });
    panel.onDidDispose(() => {
      for (const d of this.disposables) d.dispose();
      owner.closed(this);
    });
  }

  private html(remoteImages: boolean): string {
    const webview = this.panel.webview;
    const nonce = makeNonce();
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.owner.context.extensionUri, 'dist', 'webview', f));
    const csp = [
      "default-src 'none'",
      `img-src ${remoteImages ? 'https:' : "'none'"}`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      "form-action 'none'",
      "base-uri 'none'",
      "frame-src 'none'",
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${media('threadView.css')}">
<title>${escapeHtml(this.meta.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${media('threadView.js')}"></script>
</body>
</html>`;
  }

  post(m: ToView): void {
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(m: FromView, remoteImages: boolean): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // Also after the view was hidden and shown again (its page is rebuilt): back where it was.
        const start = this.top;
        const p = this.owner.progress(this.meta.key);
        // The first screen's posts come with it (asked for while the view was loading).
        const first = this.firstScreen?.start === start ? await this.firstScreen.posts.catch(() => null) : null;
        this.firstScreen = undefined;
        this.post({ type: 'init', meta: this.wire, strings: strings(), start, posts: first?.posts ?? [], continueAt: p && p.id !== start && p.id < this.meta.posts.length ? p.id : null, lastSeenDate: p?.maxDate ?? null, remoteImages });
        this.owner.saveProgress(this.meta, start);
        this.markReady();
        return;
      }
      case 'fetch': {
        const answer = await this.owner.request<ThreadPosts | null>(THREAD_VIEW_POSTS_REQUEST, { uri: this.uri, from: m.from, to: m.to });
        if (answer) this.post({ type: 'posts', generation: answer.generation, posts: answer.posts });
        return;
      }
      case 'scrolled':
        this.top = m.id;
        this.owner.saveProgress(this.meta, m.id);
        if (Date.now() - this.lastFromEditor < 400) return; // the view follows the editor: no echo
        await this.revealInEditor(m.id, false);
        return;
      case 'progress':
        this.owner.saveProgress(this.meta, m.id);
        return;
      case 'open':
        await this.revealInEditor(m.id, true);
        return;
      case 'openExternal':
        await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        return;
      case 'probeResult': {
        const r = this.probes.get(m.seq);
        this.probes.delete(m.seq);
        r?.(m.result);
        return;
      }
    }
  }

  /** Shows a post in an editor: a visible editor of its page file scrolls; `open` opens it if none. */
  async revealInEditor(id: number, open: boolean): Promise<void> {
    const at = locate(this.meta, id);
    if (!at) return;
    this.lastFromView = Date.now();
    this.fromView.set(id, this.lastFromView);
    const key = at.uri.toString();
    const range = new vscode.Range(at.line, 0, at.line, 0);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
    if (visible && !open) {
      visible.revealRange(range, vscode.TextEditorRevealType.AtTop);
      return;
    }
    if (!open) return;
    const column = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const ed = await vscode.window.showTextDocument(at.uri, { viewColumn: column, selection: range, preserveFocus: false });
    ed.revealRange(range, vscode.TextEditorRevealType.AtTop);
  }

  /** The editor scrolled: the view follows (unless the editor is following the view). */
  editorScrolled(editor: vscode.TextEditor): void {
    if (Date.now() - this.lastFromView < 400) return;
    const r = editor.visibleRanges[0];
    if (!r) return;
    // A post whose header is among the first few visible lines counts as the top one (a reveal
    // "at top" leaves a few lines of context above it).
    const id = postAtLine(this.meta, editor.document.uri, r.start.line + Math.min(5, Math.floor((r.end.line - r.start.line) / 5)));
    if (id === undefined || id === this.top) return;
    // A late echo of the editor following the view (the editor's events can come a while later).
    const now = Date.now();
    for (const [k, t] of this.fromView) if (now - t > 2000) this.fromView.delete(k);
    if (this.fromView.has(id)) return;
    // Soon after the view moved the editor, a post next to the view's is the same place, give or
    // take the context lines the editor keeps above a revealed line.
    if (now - this.lastFromView < 2000 && Math.abs(id - this.top) <= 1) return;
    this.lastFromEditor = Date.now();
    this.top = id;
    this.post({ type: 'reveal', id });
  }

  includes(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return this.meta.files.some((f) => vscode.Uri.parse(f.uri).toString() === key);
  }

  async refresh(): Promise<void> {
    const wire = await this.owner.request<ThreadMetaWire | null>(THREAD_VIEW_REQUEST, { uri: this.uri });
    if (!wire || wire.generation === this.meta.generation) return;
    this.meta = decodeMeta(wire);
    this.wire = wire;
    this.post({ type: 'meta', meta: wire });
  }

  /** For tests: asks the view something (its state, or to act as a user would) and waits for the answer. */
  async probe(action: ProbeAction): Promise<unknown> {
    await this.ready;
    const seq = ++this.seq;
    const answer = new Promise<unknown>((resolve) => this.probes.set(seq, resolve));
    this.post({ type: 'probe', seq, action });
    return Promise.race([answer, new Promise((r) => setTimeout(() => r({ timeout: true }), 5000))]);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class ThreadViews {
  private panels = new Map<string, ThreadPanel>();
  private editTimers = new Map<string, NodeJS.Timeout>();
  /** Threads whose "continue reading" was offered in the editor this session. */
  private offered = new Set<string>();

  constructor(
    readonly context: vscode.ExtensionContext,
    private readonly client: () => BaseLanguageClient | undefined,
  ) {}

  register(): void {
    const editorCmd = editorCommand;
    this.context.subscriptions.push(
      editorCmd(COMMANDS.openThreadView, (e) => this.open(e, false)),
      editorCmd(COMMANDS.openThreadViewToSide, (e) => this.open(e, true)),
      editorCmd(COMMANDS.onlyThisAuthor, (e) => this.onlyThisAuthor(e)),
      editorCmd(COMMANDS.nextPostBySameAuthor, (e) => this.stepBySameAuthor(e, 1)),
      editorCmd(COMMANDS.previousPostBySameAuthor, (e) => this.stepBySameAuthor(e, -1)),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        for (const p of this.panels.values()) if (p.panel.visible && p.includes(e.textEditor.document.uri)) p.editorScrolled(e.textEditor);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        for (const p of this.panels.values()) {
          if (!p.includes(e.document.uri)) continue;
          // Live edits, debounced: the view re-renders only the posts whose HTML changed.
          const k = p.meta.key;
          clearTimeout(this.editTimers.get(k));
          this.editTimers.set(
            k,
            setTimeout(() => {
              this.editTimers.delete(k);
              void p.refresh().catch(() => undefined);
            }, 300),
          );
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => void this.offerContinue(e)),
    );
  }

  async request<T>(method: string, params: unknown): Promise<T | null> {
    const c = this.client();
    if (!c) return null;
    await c.start();
    return (await c.sendRequest<T>(method, params)) ?? null;
  }

  private async metaFor(doc: vscode.TextDocument): Promise<{ meta: ThreadMeta; wire: ThreadMetaWire; uri: string } | undefined> {
    const c = this.client();
    if (!c) return undefined;
    await c.start();
    const uri = c.code2ProtocolConverter.asUri(doc.uri);
    const wire = await this.request<ThreadMetaWire | null>(THREAD_VIEW_REQUEST, { uri });
    return wire && wire.floor.length > 0 ? { meta: decodeMeta(wire), wire, uri } : undefined;
  }

  /** Opens (or shows) the thread view of the editor's thread, at the editor's top post. */
  async open(editor: vscode.TextEditor, toSide: boolean): Promise<ThreadPanel | undefined> {
    const found = await this.metaFor(editor.document);
    if (!found) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No posts to show in this file.'));
      return undefined;
    }
    const { meta, wire, uri } = found;
    const start = postAtLine(meta, editor.document.uri, editor.visibleRanges[0]?.start.line ?? editor.selection.active.line) ?? 0;
    const existing = this.panels.get(meta.key);
    const column = toSide ? vscode.ViewColumn.Beside : (editor.viewColumn ?? vscode.ViewColumn.Active);
    if (existing) {
      existing.panel.reveal(toSide ? undefined : column, toSide);
      existing.post({ type: 'reveal', id: start });
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Thread: {0}', meta.title), { viewColumn: column, preserveFocus: toSide }, { enableFindWidget: true, retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'images', 'icon.png');
    const p = new ThreadPanel(this, panel, { meta, wire }, uri, start);
    this.panels.set(meta.key, p);
    return p;
  }

  closed(p: ThreadPanel): void {
    if (this.panels.get(p.meta.key) === p) this.panels.delete(p.meta.key);
  }

  /** The open thread view (for tests: the last one opened). */
  get current(): ThreadPanel | undefined {
    return [...this.panels.values()].pop();
  }

  private progressKey(key: string): string {
    return `forumDump.threadView.progress:${key}`;
  }

  progress(key: string): Progress | undefined {
    return this.context.workspaceState.get<Progress>(this.progressKey(key));
  }

  saveProgress(meta: ThreadMeta, id: number): void {
    if (id < 0 || id >= meta.posts.length) return;
    let maxDate: string | null = null;
    for (const p of meta.posts) if (p[2] !== null && (maxDate === null || p[2] > maxDate)) maxDate = p[2];
    const old = this.progress(meta.key);
    // The "newest seen" date moves on only once per visit: kept from the first save of a session.
    const keepDate = old && old.at >= this.sessionStart ? old.maxDate : maxDate;
    void this.context.workspaceState.update(this.progressKey(meta.key), { id, floor: meta.posts[id][0], maxDate: keepDate ?? maxDate, at: Date.now() } satisfies Progress);
  }

  private readonly sessionStart = Date.now();

  /** In the editor: once per thread and session, offers to continue where the view was left. */
  private async offerContinue(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || editor.document.languageId !== LANGUAGE_ID) return;
    const found = await this.metaFor(editor.document).catch(() => undefined);
    if (!found || this.offered.has(found.meta.key) || this.panels.has(found.meta.key)) return;
    const p = this.progress(found.meta.key);
    if (!p || p.at >= this.sessionStart || p.id >= found.meta.posts.length) return;
    this.offered.add(found.meta.key);
    const action = vscode.l10n.t('Continue at {0}', floorText(found.meta.posts[p.id][0]));
    const pick = await vscode.window.showInformationMessage(vscode.l10n.t('You were reading {0} of this thread.', floorText(found.meta.posts[p.id][0])), action);
    if (pick === action) await this.revealPost(found.meta, p.id);
  }

  private async revealPost(meta: ThreadMeta, id: number): Promise<void> {
    const at = locate(meta, id);
    if (!at) return;
    const range = new vscode.Range(at.line, 0, at.line, 0);
    const ed = await vscode.window.showTextDocument(at.uri, { selection: range });
    ed.revealRange(range, vscode.TextEditorRevealType.AtTop);
  }

  /** Quick pick of the posts in the thread by the author of the post under the cursor. */
  async onlyThisAuthor(editor: vscode.TextEditor): Promise<void> {
    const found = await this.metaFor(editor.document);
    if (!found) return;
    const { meta } = found;
    const cur = postAtLine(meta, editor.document.uri, editor.selection.active.line) ?? 0;
    const author = meta.posts[cur][1];
    const items = meta.posts
      .map((p, id) => ({ p, id }))
      .filter((x) => x.p[1] === author)
      .map((x) => ({ label: `${floorText(x.p[0])} ${meta.authors[author]}`, description: [x.p[2] ?? '', x.p[3] ? vscode.l10n.t('OP') : '', pageLabel(meta, x.id)].filter(Boolean).join(' · '), id: x.id }));
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.items = items;
    pick.title = vscode.l10n.t('{0} posts by {1}', items.length, meta.authors[author]);
    pick.placeholder = vscode.l10n.t('Only this author: pick a post');
    pick.activeItems = items.filter((i) => i.id === cur);
    const chosen = await new Promise<(typeof items)[number] | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0] ?? pick.activeItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (chosen) await this.revealPost(meta, chosen.id);
  }

  /** Next / previous post by the same author, across the thread's page files. */
  async stepBySameAuthor(editor: vscode.TextEditor, dir: 1 | -1): Promise<void> {
    const found = await this.metaFor(editor.document);
    if (!found) return;
    const { meta } = found;
    const cur = postAtLine(meta, editor.document.uri, editor.selection.active.line) ?? 0;
    const author = meta.posts[cur][1];
    for (let i = cur + dir; i >= 0 && i < meta.posts.length; i += dir) {
      if (meta.posts[i][1] === author) {
        await this.revealPost(meta, i);
        return;
      }
    }
    void vscode.window.setStatusBarMessage(vscode.l10n.t('No more posts by {0}.', meta.authors[author]), 3000);
  }
}

function pageLabel(meta: ThreadMeta, id: number): string {
  const f = meta.files.find((x) => id >= x.first && id < x.first + x.count);
  return f && meta.files.length > 1 ? (f.page === null ? f.name : `p${f.page}`) : '';
}
