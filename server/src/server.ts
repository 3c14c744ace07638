// The forum-dump language server. It only wires LSP handlers to ./features and keeps the
// workspace index current; every answer is computed by a pure feature function.
// Shared by both builds: ./node.ts (dist/server.js: VS Code over IPC, or any LSP client with
// `node dist/server.js --stdio`) and ./browser.ts (dist/webServer.js, a Web Worker on github.dev
// and vscode.dev). Nothing here may import a Node module: the host passes what differs.
import {
  DidChangeConfigurationNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { POSTS_REQUEST, THREAD_VIEW_POSTS_REQUEST, THREAD_VIEW_REQUEST, encodeMeta, type PostsParams, type ThreadPostsParams, type ThreadViewParams } from '../../shared/protocol';
import { incomingCalls, itemUri, outgoingCalls, prepareCallHierarchy } from './features/callHierarchy';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { definition } from './features/definition';
import { documentLinks } from './features/documentLinks';
import { foldingRanges } from './features/folding';
import { inlayHints } from './features/inlayHints';
import { postSummaries } from './features/posts';
import { threadMeta, threadPosts } from './features/threadView';
import { selectionRanges } from './features/selectionRange';
import { workspaceSymbols } from './features/workspaceSymbols';
import { computeDiagnostics, diagnosticSettingsFrom, type DiagnosticSettings } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { hover } from './features/hover';
import { references } from './features/references';
import type { FileSource } from './workspace/fileSource';
import { DiskLoader } from './workspace/loader';
import { OpenDocuments } from './workspace/openDocuments';
import { baseName, canonicalUri as U, parseDumpFileName, quoteAuthor, WorkspaceIndex, type RequestView } from './workspace';
import { Indexer, SummaryIndex, type IndexCache } from './workspace/indexer';
import type { SummaryParser } from './workspace/parser';

/** How long definition, hover, references, diagnostics and the first outline wait for an open page's thread. */
export const THREAD_WAIT_MS = 2000;

/** What differs between the Node and the browser build. */
export interface ServerHost {
  /** Where files that are not open are read from. */
  source: FileSource;
  /** Sets up the messages for the client's locale (LSP `locale`, the initialization options). */
  loadMessages(locale: string | undefined, initializationOptions: unknown): void;
  /**
   * Whether the workspace folders are searched: the whole workspace indexed, and a thread's
   * pages looked for in every folder. Off in the browser, where each file is a network fetch:
   * only the open file's own folder is read there.
   */
  searchWorkspace: boolean;
  /**
   * The workspace index's Node-only parts (issue 12): who parses (worker threads), the
   * persistent cache, the cache folder given on the command line. Absent in the browser.
   */
  index?: {
    parser(source: FileSource): SummaryParser;
    cache(dir: string, key: string): IndexCache;
    /** `--cache-dir` (editors other than VS Code). */
    cacheDir?: string;
  };
}

/** The user's settings (`forumDump.*`), as the server reads them from the client. */
class Configuration {
  diagnostics: DiagnosticSettings = diagnosticSettingsFrom(undefined);
  /**
   * `forumDump.codeLens.enabled`, `forumDump.inlayHints.enabled`, `forumDump.indexWorkspace`,
   * `forumDump.remoteImages`, `forumDump.index.cache`, `forumDump.index.recentThreadsMB`.
   */
  readonly options = { codeLens: true, inlayHints: true, indexWorkspace: true, remoteImages: false, cache: true, recentThreadsMB: 128 };
  /** Where the persistent index lives: `initializationOptions.cacheDir` (VS Code's storage folder) or `--cache-dir`. */
  cacheDir: string | undefined;
  /** What the client said it supports. */
  readonly client = { configuration: false, workspaceFolders: false, linkSupport: false, codeLensRefresh: false, inlayHintRefresh: false };

  constructor(private readonly connection: Connection) {}

  initialize(params: InitializeParams): void {
    const c = params.capabilities;
    this.client.configuration = !!c.workspace?.configuration;
    // Asking for workspace folder changes when the client does not send them throws.
    this.client.workspaceFolders = !!c.workspace?.workspaceFolders;
    this.client.linkSupport = !!c.textDocument?.definition?.linkSupport;
    this.client.codeLensRefresh = !!c.workspace?.codeLens?.refreshSupport;
    this.client.inlayHintRefresh = !!c.workspace?.inlayHint?.refreshSupport;
    const init = params.initializationOptions as { diagnostics?: unknown; settings?: unknown; cacheDir?: unknown } | undefined;
    if (typeof init?.cacheDir === 'string' && init.cacheDir !== '') this.cacheDir = init.cacheDir;
    if (init?.diagnostics) this.diagnostics = diagnosticSettingsFrom(init.diagnostics);
    if (init?.settings) this.read(init.settings);
  }

  /** Reads the `forumDump` section (diagnostics when `withDiagnostics`). */
  read(raw: unknown, withDiagnostics = false): void {
    const o = (raw ?? {}) as {
      codeLens?: { enabled?: unknown };
      inlayHints?: { enabled?: unknown };
      indexWorkspace?: unknown;
      remoteImages?: unknown;
      diagnostics?: unknown;
      index?: { cache?: unknown; recentThreadsMB?: unknown };
    };
    if (withDiagnostics) this.diagnostics = diagnosticSettingsFrom(o.diagnostics);
    this.options.cache = o.index?.cache !== false;
    const mb = o.index?.recentThreadsMB;
    this.options.recentThreadsMB = typeof mb === 'number' && Number.isFinite(mb) && mb >= 0 ? mb : 128;
    this.options.codeLens = o.codeLens?.enabled !== false;
    this.options.inlayHints = o.inlayHints?.enabled !== false;
    this.options.indexWorkspace = o.indexWorkspace !== false;
    // Remote images in previews only when the user asks for them.
    this.options.remoteImages = o.remoteImages === true;
  }

  /** Pulls the settings from the client (when it can answer); false when it could not. */
  async pull(): Promise<void> {
    if (!this.client.configuration) return;
    try {
      const [all] = await this.connection.workspace.getConfiguration([{ section: 'forumDump' }]);
      this.read(all ?? {}, true);
    } catch {
      /* keep the last settings */
    }
  }

  /** Asks the client to re-query lenses and hints, where it said it can. */
  refreshViews(): void {
    if (this.client.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (this.client.inlayHintRefresh) void this.connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  }
}

/** Diagnostics: debounced per document; a change republishes every open file of its thread. */
class DiagnosticsScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
    private readonly open: OpenDocuments,
    private readonly config: Configuration,
    private readonly guard: Guard,
  ) {}

  private publish(uri: string): void {
    if (!this.open.has(uri)) return;
    const view = this.index.view(uri);
    const diagnostics = view ? this.guard('diagnostics', [], () => computeDiagnostics(view, this.config.diagnostics)) : [];
    // Under each spelling of the URI the client has the document open under.
    for (const s of this.open.spellings(uri)) void this.connection.sendDiagnostics({ uri: s.uri, version: s.version, diagnostics });
  }

  schedule(uri: string, delay = 120): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delay),
    );
  }

  /** Every open file of the thread of `uri`. */
  scheduleThread(uri: string, delay?: number): void {
    for (const u of this.index.threadUris(uri)) if (this.open.has(u)) this.schedule(u, delay);
  }

  /** Every open file. */
  scheduleAll(delay?: number): void {
    for (const u of this.open.keys()) this.schedule(u, delay);
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }
}

/**
 * The two tiers of the workspace (issue 12): the compact tier (every dump of the workspace
 * folders as a summary, kept by the Indexer with worker threads and the persistent cache), and
 * the full tier's reading of open threads: an opened page's sibling pages first, then the pages of
 * other threads its quotes name; requests on the page wait for them (THREAD_WAIT_MS at most).
 */
class Workspace {
  readonly store = new SummaryIndex();
  indexer: Indexer | undefined;
  /** Per open thread: its pages read (`done`), and the posts it quotes from other threads (`quoted`). */
  private readonly loads = new Map<string, { done: boolean; promise: Promise<unknown>; quoted: Promise<unknown> }>();

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
    private readonly loader: DiskLoader,
    private readonly open: OpenDocuments,
    private readonly config: Configuration,
    private readonly diagnostics: DiagnosticsScheduler,
    private readonly host: ServerHost,
  ) {
    loader.knownFiles = (tid) => (this.indexer && !this.indexer.busy ? this.store.threadFiles(tid).map((f) => f.uri) : undefined);
  }

  private keyOf(uri: string): string | undefined {
    const f = this.index.get(uri);
    return f ? WorkspaceIndex.threadKeyOf(f) : undefined;
  }

  /**
   * Waits (at most THREAD_WAIT_MS) for the thread of an open page to be read, and with `quoted`
   * for the posts it quotes from other threads too; true once the thread's own pages are in.
   */
  async ready(uri: string, quoted = false): Promise<boolean> {
    const k = this.keyOf(uri);
    const l = k ? this.loads.get(k) : undefined;
    if (!l) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([quoted ? l.quoted : l.promise, new Promise<void>((r) => (timer = setTimeout(r, THREAD_WAIT_MS)))]);
    clearTimeout(timer);
    return l.done;
  }

  /** Threads held in full beyond the open ones: the least recently used dropped past the budget. */
  evict(): void {
    for (const k of this.index.evict(this.config.options.recentThreadsMB * 512 * 1024)) {
      this.loader.forget(k);
      this.loads.delete(k);
    }
  }

  /**
   * Reads the files of other threads of the workspace that an open thread's quotes name (their
   * findpost ptid) and that hold the quoted posts (the summaries say which): quotes across
   * threads then resolve like any other.
   */
  async loadQuoted(uri: string): Promise<void> {
    const res = this.index.resolution(uri);
    const tid = this.index.get(uri)?.tid;
    if (!res || !tid) return;
    const want = new Set<string>();
    for (const f of res.files) {
      for (const q of f.doc.quotes) {
        const h = q.header;
        if (!h?.ptid || h.ptid === tid || !h.date || !this.store.hasThread(h.ptid)) continue;
        for (const hit of this.store.postsAt(h.ptid, quoteAuthor(h.author), h.date.minute)) if (!this.index.get(hit.file.uri)) want.add(hit.file.uri);
      }
    }
    if (want.size > 0) await this.loader.loadFiles([...want]);
  }

  /** An opened page: its thread is read (siblings, then quoted posts); what depends on it is refreshed. */
  opened(uri: string): void {
    const k = this.keyOf(uri);
    if (!k || this.loads.get(k)) return;
    const failed = (e: unknown) => this.connection.console.error(`forum-dump: reading the thread of ${uri} failed: ${e}`);
    const entry = { done: false, promise: Promise.resolve() as Promise<unknown>, quoted: Promise.resolve() as Promise<unknown> };
    entry.promise = this.loader
      .loadThreadOf(uri)
      .catch(failed)
      .finally(() => {
        entry.done = true;
        this.evict();
      });
    entry.quoted = entry.promise
      .then(() => this.loadQuoted(uri))
      .catch(failed)
      .finally(() => {
        this.diagnostics.scheduleThread(uri, 0);
        this.config.refreshViews();
      });
    this.loads.set(k, entry);
  }

  /**
   * Indexes every dump of the workspace folders in the background (summaries, by worker
   * threads, from the cache where files are unchanged), with a cancellable progress report;
   * afterwards the index follows folder and file changes.
   */
  async start(): Promise<void> {
    const { options } = this.config;
    const parts = this.host.index;
    if (!parts || !options.indexWorkspace || this.loader.roots.length === 0 || this.indexer) return;
    const dir = this.config.cacheDir ?? parts.cacheDir;
    const cache = options.cache && dir ? parts.cache(dir, [...this.loader.roots].sort().join('\n')) : undefined;
    const ix = new Indexer(this.store, this.host.source, parts.parser(this.host.source), cache);
    this.indexer = ix;
    const started = Date.now();
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('Indexing forum dumps', 0, undefined, true);
    let lastReport = 0;
    let first = true;
    // Cancelled: the indexer ends (workers too) and is forgotten, so nothing trusts its half-built
    // store (thread searches walk the folders again) and a later folder change starts a new one.
    progress.token.onCancellationRequested(() => {
      ix.stop();
      if (this.indexer === ix) this.indexer = undefined;
      if (first) {
        first = false;
        progress.done();
      }
    });
    ix.onProgress = (p) => {
      const now = Date.now();
      if (!first || now - lastReport < 200) return;
      lastReport = now;
      const total = Math.max(p.total, p.done);
      progress.report(total === 0 ? 0 : Math.floor((100 * p.done) / total), `${p.done} / ${total} files`);
    };
    ix.onIdle = async () => {
      const wasFirst = first;
      if (first) {
        first = false;
        progress.done();
      }
      // Quotes into other threads may resolve now.
      for (const u of this.open.keys()) void this.loadQuoted(u).then(() => this.diagnostics.scheduleThread(u, 0));
      this.config.refreshViews();
      const saved = await ix.saveCache();
      if (wasFirst) {
        const p = ix.progress;
        this.connection.console.log(
          `forum-dump: indexed ${this.store.files.size} dump files (${p.fromCache} from the cache, ${p.parsed} parsed, ${saved} cache shards written) in ${Date.now() - started} ms`,
        );
      }
    };
    await ix.start(this.loader.roots);
    if (cache?.rejected) this.connection.console.log(`forum-dump: ${cache.rejected} index cache shards were unreadable and are rebuilt`);
  }

  /** The workspace folders changed: both tiers follow. */
  foldersChanged(added: string[], removed: string[]): void {
    this.loader.setRoots(this.loader.roots.filter((r) => !removed.includes(r)).concat(added));
    // Files held in full from a removed folder go too (unless open).
    for (const f of this.index.all()) if (!this.index.isOpen(f.uri) && removed.some((r) => f.uri.startsWith(r + '/'))) this.index.remove(f.uri);
    if (this.indexer) this.indexer.setRoots(this.loader.roots);
    else void this.start();
    this.diagnostics.scheduleAll();
    this.config.refreshViews();
  }

  /** Files changed on disk: each looked at once, however many events name it. */
  filesChanged(changes: { uri: string; type: number }[]): void {
    this.indexer?.fileEvents(changes.map((c) => ({ uri: U(c.uri), kind: c.type === FileChangeType.Deleted ? 'delete' : 'check' })));
    // The full tier: only files of threads held in full; each such thread's resolution is
    // dropped (redone on next use), not updated file by file.
    const reload = new Set<string>();
    let changed = false;
    for (const change of changes) {
      const uri = U(change.uri);
      if (this.index.isOpen(uri)) continue;
      const held = this.index.get(uri);
      const tid = held?.tid ?? parseDumpFileName(baseName(uri)).tid;
      if (!held && !(tid && this.index.hasThread(tid))) continue;
      if (held) this.index.dropResolution(uri);
      if (change.type === FileChangeType.Deleted) {
        if (held) {
          this.index.remove(uri);
          this.loader.forget(uri);
        }
      } else reload.add(uri);
      changed = true;
    }
    // Nothing of the full tier changed: no open document needs its diagnostics again.
    if (changed) void Promise.all([...reload].map((u) => this.loader.reload(u))).then(() => this.diagnostics.scheduleAll());
  }

  stop(): void {
    this.indexer?.stop();
  }

  /** While the first indexing runs: how far it is (workspace symbols say their answer is incomplete). */
  indexing(): { done: number; total: number; folder: string } | undefined {
    const ix = this.indexer;
    return ix?.busy ? { done: ix.progress.done, total: Math.max(ix.progress.total, ix.progress.done), folder: this.loader.roots[0] ?? '' } : undefined;
  }
}

/** Runs a piece of the server; a failure is logged and answered with `fallback`, never a dead server. */
type Guard = <T>(what: string, fallback: T, f: () => T) => T;

export function startServer(connection: Connection, host: ServerHost): void {
  const open = new OpenDocuments();
  const index = new WorkspaceIndex();
  const loader = new DiskLoader(index, host.source);
  const config = new Configuration(connection);
  const guard: Guard = (what, fallback, f) => {
    try {
      return f();
    } catch (e) {
      connection.console.error(`forum-dump: ${what} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
  const diagnostics = new DiagnosticsScheduler(connection, index, open, config, guard);
  const workspace = new Workspace(connection, index, loader, open, config, diagnostics, host);
  // Threads changed on disk: coalesced (a burst of 20,000 events is one pass per thread, not one per event).
  const changed = new Set<string>();
  let changedTimer: ReturnType<typeof setTimeout> | undefined;
  loader.onThreadChanged = (uri) => {
    changed.add(uri);
    changedTimer ??= setTimeout(() => {
      changedTimer = undefined;
      const keys = new Set<string>();
      for (const u of changed) {
        const f = index.get(u);
        const k = f ? WorkspaceIndex.threadKeyOf(f) : u;
        if (keys.has(k)) continue;
        keys.add(k);
        diagnostics.scheduleThread(u, 50);
      }
      changed.clear();
      config.refreshViews();
    }, 50);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    config.initialize(params);
    host.loadMessages(params.locale, params.initializationOptions);
    if (host.searchWorkspace) loader.setRoots((params.workspaceFolders ?? []).map((f) => U(f.uri)).concat(params.rootUri && !params.workspaceFolders ? [U(params.rootUri)] : []));
    return { capabilities: CAPABILITIES, serverInfo: { name: 'forum-dump', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    void (async () => {
      if (config.client.configuration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'forumDump' });
        await config.pull();
        diagnostics.scheduleAll(0);
      }
      await workspace.start();
    })().catch((e) => connection.console.error(`forum-dump: indexing failed: ${e}`));
    if (config.client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        if (!host.searchWorkspace) return;
        workspace.foldersChanged(
          e.added.map((f) => U(f.uri)),
          e.removed.map((f) => U(f.uri)),
        );
      });
    }
  });
  connection.onShutdown(() => workspace.stop());
  connection.onExit(() => workspace.stop());

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { forumDump?: { diagnostics?: unknown } } | undefined)?.forumDump;
    if (s !== undefined) {
      config.read(s, true);
      config.refreshViews();
      diagnostics.scheduleAll(0);
    } else void config.pull().then(() => diagnostics.scheduleAll(0));
  });

  syncDocuments(connection, index, loader, workspace, open, diagnostics, guard);
  registerFeatures(connection, index, workspace, open, config, guard);
  connection.listen();
}

/** Keeps the index in step with the editor's documents and the disk. */
function syncDocuments(connection: Connection, index: WorkspaceIndex, loader: DiskLoader, workspace: Workspace, open: OpenDocuments, diagnostics: DiagnosticsScheduler, guard: Guard): void {
  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    const uri = U(d.uri);
    open.open(uri, d.uri, d.version);
    guard('open', undefined, () => index.set(uri, d.text, d.version));
    workspace.opened(uri);
    // Diagnostics once the thread is read (or after THREAD_WAIT_MS): no squiggle that vanishes.
    void workspace.ready(uri, true).then(() => diagnostics.scheduleThread(uri, 0));
  });
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
    const uri = U(d.uri);
    if (!open.changed(uri, d.uri, d.version)) return;
    guard('change', undefined, () => {
      for (const c of contentChanges) {
        const file = index.get(uri);
        if (typeof c.text !== 'string') continue;
        if ('range' in c && file) {
          // Incremental: only the touched posts are re-read and their quotes re-resolved. A
          // reversed range is read start-first, as vscode-languageserver-textdocument does
          // (offsetAt only grows with the position, so ordering the offsets is the same).
          const a = file.doc.offsetAt(c.range?.start);
          const b = file.doc.offsetAt(c.range?.end);
          index.update(uri, [{ start: Math.min(a, b), end: Math.max(a, b), text: c.text }], d.version);
        } else index.set(uri, c.text, d.version);
      }
    });
    diagnostics.scheduleThread(uri);
  });
  connection.onDidCloseTextDocument(({ textDocument: d }) => {
    const uri = U(d.uri);
    void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
    // Still open under another spelling of its URI: it stays the editor's.
    if (!open.close(uri, d.uri)) return;
    diagnostics.cancel(uri);
    index.close(uri);
    // The editor's text may differ from the disk's: read the file again.
    void loader.reload(uri).then(() => workspace.evict());
  });
  connection.onDidChangeWatchedFiles((e) => workspace.filesChanged(e.changes));
}

/**
 * Resolves after the messages already received are read: under Node, setImmediate runs after the
 * event loop's next read of the input; in a Web Worker (no setImmediate) a zero timeout comes
 * after the message events already queued.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Every request handler: each one runs once through withView (canonical URI, view, guard). */
function registerFeatures(connection: Connection, index: WorkspaceIndex, workspace: Workspace, open: OpenDocuments, config: Configuration, guard: Guard): void {
  /** The feature on the view of `uri`; `fallback` when the URI is no indexed dump or the feature fails. */
  const withView = <T>(what: string, uri: string, fallback: T, f: (view: RequestView) => T): T => {
    const view = index.view(U(uri));
    return view ? guard(what, fallback, () => f(view)) : fallback;
  };
  /** The same, once the page's thread (and with `quoted` the posts it quotes elsewhere) is read, or THREAD_WAIT_MS passed. */
  const afterThread = async <T>(what: string, uri: string, fallback: T, quoted: boolean, f: (view: RequestView, ready: boolean) => T): Promise<T> => {
    const ready = await workspace.ready(U(uri), quoted);
    return withView(what, uri, fallback, (v) => f(v, ready));
  };
  /**
   * For the handlers whose work grows with a whole document or workspace (outline, references,
   * lenses, workspace symbols, folding, links): `$/cancelRequest` is honoured. The handler first
   * lets the messages already received be read (a cancellation sent right after the request, or
   * while an earlier request kept the server busy, is seen then), and a cancelled request is
   * answered with the RequestCancelled error without computing anything (nor is an answer sent
   * for a request cancelled while it waited for its thread).
   */
  const cancellable = async <T>(token: CancellationToken, f: () => T | Promise<T>): Promise<T | ResponseError<void>> => {
    const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    await nextTurn();
    if (token.isCancellationRequested) return cancelled();
    const answer = await f();
    return token.isCancellationRequested ? cancelled() : answer;
  };
  const { options } = config;
  connection.onDocumentSymbol((p, token) => cancellable(token, () => afterThread('documentSymbol', p.textDocument.uri, [], false, documentSymbols)));
  connection.onDefinition((p) =>
    afterThread('definition', p.textDocument.uri, [], true, (v) => {
      const links = definition(v, p.position);
      return config.client.linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
    }),
  );
  connection.onReferences((p, token) => cancellable(token, () => afterThread('references', p.textDocument.uri, [], true, (v) => references(v, p.position, p.context.includeDeclaration))));
  connection.onHover((p) => afterThread('hover', p.textDocument.uri, null, true, (v) => hover(v, p.position, { remoteImages: options.remoteImages })));
  connection.onCodeLens((p, token) => (options.codeLens ? cancellable(token, () => withView('codeLens', p.textDocument.uri, [], codeLenses)) : []));
  connection.languages.callHierarchy.onPrepare((p) => withView('callHierarchy', p.textDocument.uri, [], (v) => prepareCallHierarchy(v, p.position)));
  connection.languages.callHierarchy.onIncomingCalls((p) => withView('incomingCalls', itemUri(p.item), [], (v) => incomingCalls(v, p.item)));
  connection.languages.callHierarchy.onOutgoingCalls((p) => withView('outgoingCalls', itemUri(p.item), [], (v) => outgoingCalls(v, p.item)));
  connection.languages.inlayHint.on((p) => (options.inlayHints ? withView('inlayHint', p.textDocument.uri, [], (v) => inlayHints(v, p.range)) : []));
  connection.onWorkspaceSymbol((p, token) =>
    cancellable(token, () =>
      guard('workspaceSymbol', [], () =>
        workspaceSymbols(
          index.query(workspace.store, () => workspace.indexing()),
          p.query,
          () => token.isCancellationRequested,
        ),
      ),
    ),
  );
  connection.onFoldingRanges((p, token) => cancellable(token, () => withView('foldingRange', p.textDocument.uri, [], foldingRanges)));
  connection.onSelectionRanges((p) => withView('selectionRange', p.textDocument.uri, [], (v) => selectionRanges(v, p.positions)));
  connection.onDocumentLinks((p, token) => cancellable(token, () => withView('documentLink', p.textDocument.uri, [], documentLinks)));
  connection.onRequest(POSTS_REQUEST, (p: PostsParams) => withView('posts', p.uri, [], postSummaries));
  connection.onRequest(THREAD_VIEW_REQUEST, async (p: ThreadViewParams) => {
    const uri = String(p?.uri ?? '');
    await workspace.ready(U(uri), true);
    return withView('threadView', uri, null, (v) => encodeMeta(threadMeta(v)));
  });
  connection.onRequest(THREAD_VIEW_POSTS_REQUEST, (p: ThreadPostsParams) =>
    withView('threadViewPosts', String(p?.uri ?? ''), null, (v) => threadPosts(v, Number(p?.from), Number(p?.to), { remoteImages: options.remoteImages })),
  );
  connection.onCodeAction((p) =>
    withView('codeAction', p.textDocument.uri, [], (v) => {
      const actions = codeActions(v, p.range, p.context.diagnostics);
      // Edits go to the document as the client named it.
      for (const a of actions) {
        const ch = a.edit?.changes;
        if (ch) a.edit!.changes = Object.fromEntries(Object.entries(ch).map(([u, edits]) => [open.clientUri(u), edits]));
      }
      return actions;
    }),
  );
}

const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  documentSymbolProvider: { label: 'Posts' },
  definitionProvider: true,
  referencesProvider: true,
  hoverProvider: true,
  codeLensProvider: { resolveProvider: false },
  callHierarchyProvider: true,
  inlayHintProvider: { resolveProvider: false },
  workspaceSymbolProvider: true,
  foldingRangeProvider: true,
  selectionRangeProvider: true,
  documentLinkProvider: { resolveProvider: false },
  codeActionProvider: { codeActionKinds: ['quickfix'] },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};
