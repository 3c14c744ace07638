// The forum-dump language server. It only wires LSP handlers to ./features and keeps the
// workspace index current; every answer is computed by a pure feature function.
// Shared by both builds: ./node.ts (dist/server.js: VS Code over IPC, or any LSP client with
// `node dist/server.js --stdio`) and ./browser.ts (dist/webServer.js, a Web Worker on github.dev
// and vscode.dev). Nothing here may import a Node module: the host passes what differs.
import {
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { POSTS_REQUEST, type PostsParams } from '../../shared/protocol';
import { incomingCalls, itemUri, outgoingCalls, prepareCallHierarchy } from './features/callHierarchy';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { definition } from './features/definition';
import { documentLinks } from './features/documentLinks';
import { foldingRanges } from './features/folding';
import { inlayHints } from './features/inlayHints';
import { postSummaries } from './features/posts';
import { selectionRanges } from './features/selectionRange';
import { workspaceSymbols } from './features/workspaceSymbols';
import { computeDiagnostics, diagnosticSettingsFrom, type DiagnosticSettings } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { hover } from './features/hover';
import { references } from './features/references';
import type { FileSource } from './workspace/fileSource';
import { DiskLoader } from './workspace/loader';
import { OpenDocuments } from './workspace/openDocuments';
import { canonicalUri as U, WorkspaceIndex, type RequestView } from './workspace';

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
}

/** The user's settings (`forumDump.*`), as the server reads them from the client. */
class Configuration {
  diagnostics: DiagnosticSettings = diagnosticSettingsFrom(undefined);
  /** `forumDump.codeLens.enabled`, `forumDump.inlayHints.enabled`, `forumDump.indexWorkspace`, `forumDump.remoteImages`. */
  readonly options = { codeLens: true, inlayHints: true, indexWorkspace: true, remoteImages: false };
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
    const init = params.initializationOptions as { diagnostics?: unknown; settings?: unknown } | undefined;
    if (init?.diagnostics) this.diagnostics = diagnosticSettingsFrom(init.diagnostics);
    if (init?.settings) this.read(init.settings);
  }

  /** Reads the `forumDump` section (diagnostics when `withDiagnostics`). */
  read(raw: unknown, withDiagnostics = false): void {
    const o = (raw ?? {}) as { codeLens?: { enabled?: unknown }; inlayHints?: { enabled?: unknown }; indexWorkspace?: unknown; remoteImages?: unknown; diagnostics?: unknown };
    if (withDiagnostics) this.diagnostics = diagnosticSettingsFrom(o.diagnostics);
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
  loader.onThreadChanged = (uri) => diagnostics.scheduleThread(uri, 50);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    config.initialize(params);
    host.loadMessages(params.locale, params.initializationOptions);
    if (host.searchWorkspace) loader.setRoots((params.workspaceFolders ?? []).map((f) => U(f.uri)).concat(params.rootUri && !params.workspaceFolders ? [U(params.rootUri)] : []));
    return { capabilities: CAPABILITIES, serverInfo: { name: 'forum-dump', version: '0.1.0' } };
  });

  /** Reads every dump of the workspace in the background, with a cancellable progress report. */
  const indexWorkspace = async () => {
    if (!config.options.indexWorkspace || loader.roots.length === 0) return;
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('Indexing forum dumps', 0, undefined, true);
    let lastReport = 0;
    try {
      const n = await loader.indexRoots(
        (done, total) => {
          const now = Date.now();
          if (now - lastReport < 100 && done < total) return;
          lastReport = now;
          progress.report(total === 0 ? 100 : Math.floor((100 * done) / total), `${done} / ${total} files`);
        },
        () => progress.token.isCancellationRequested,
      );
      connection.console.log(`forum-dump: indexed ${n} dump files of the workspace`);
    } finally {
      progress.done();
    }
    diagnostics.scheduleAll(0);
    config.refreshViews();
  };

  connection.onInitialized(() => {
    void (async () => {
      if (config.client.configuration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'forumDump' });
        await config.pull();
        diagnostics.scheduleAll(0);
      }
      await indexWorkspace();
    })().catch((e) => connection.console.error(`forum-dump: indexing failed: ${e}`));
    if (config.client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        if (host.searchWorkspace) loader.setRoots(loader.roots.filter((r) => !e.removed.some((f) => U(f.uri) === r)).concat(e.added.map((f) => U(f.uri))));
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { forumDump?: { diagnostics?: unknown } } | undefined)?.forumDump;
    if (s !== undefined) {
      config.read(s, true);
      config.refreshViews();
      diagnostics.scheduleAll(0);
    } else void config.pull().then(() => diagnostics.scheduleAll(0));
  });

  syncDocuments(connection, index, loader, open, diagnostics, guard);
  registerFeatures(connection, index, open, config, guard);
  connection.listen();
}

/** Keeps the index in step with the editor's documents and the disk. */
function syncDocuments(connection: Connection, index: WorkspaceIndex, loader: DiskLoader, open: OpenDocuments, diagnostics: DiagnosticsScheduler, guard: Guard): void {
  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    const uri = U(d.uri);
    open.open(uri, d.uri, d.version);
    guard('open', undefined, () => index.set(uri, d.text, d.version));
    diagnostics.scheduleThread(uri, 0);
    void loader.loadThreadOf(uri);
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
    void loader.reload(uri);
  });
  connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) {
      const uri = U(change.uri);
      if (change.type === FileChangeType.Deleted) {
        if (!index.isOpen(uri) && index.get(uri)) {
          index.remove(uri);
          loader.forget(uri);
        }
      } else void loader.fileChanged(uri);
    }
    diagnostics.scheduleAll();
  });
}

/** Every request handler: each one runs once through withView (canonical URI, view, guard). */
function registerFeatures(connection: Connection, index: WorkspaceIndex, open: OpenDocuments, config: Configuration, guard: Guard): void {
  /** The feature on the view of `uri`; `fallback` when the URI is no indexed dump or the feature fails. */
  const withView = <T>(what: string, uri: string, fallback: T, f: (view: RequestView) => T): T => {
    const view = index.view(U(uri));
    return view ? guard(what, fallback, () => f(view)) : fallback;
  };
  const { options } = config;
  connection.onDocumentSymbol((p) => withView('documentSymbol', p.textDocument.uri, [], documentSymbols));
  connection.onDefinition((p) =>
    withView('definition', p.textDocument.uri, [], (v) => {
      const links = definition(v, p.position);
      return config.client.linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
    }),
  );
  connection.onReferences((p) => withView('references', p.textDocument.uri, [], (v) => references(v, p.position, p.context.includeDeclaration)));
  connection.onHover((p) => withView('hover', p.textDocument.uri, null, (v) => hover(v, p.position, { remoteImages: options.remoteImages })));
  connection.onCodeLens((p) => (options.codeLens ? withView('codeLens', p.textDocument.uri, [], codeLenses) : []));
  connection.languages.callHierarchy.onPrepare((p) => withView('callHierarchy', p.textDocument.uri, [], (v) => prepareCallHierarchy(v, p.position)));
  connection.languages.callHierarchy.onIncomingCalls((p) => withView('incomingCalls', itemUri(p.item), [], (v) => incomingCalls(v, p.item)));
  connection.languages.callHierarchy.onOutgoingCalls((p) => withView('outgoingCalls', itemUri(p.item), [], (v) => outgoingCalls(v, p.item)));
  connection.languages.inlayHint.on((p) => (options.inlayHints ? withView('inlayHint', p.textDocument.uri, [], (v) => inlayHints(v, p.range)) : []));
  connection.onWorkspaceSymbol((p, token) => guard('workspaceSymbol', [], () => workspaceSymbols(index.query(), p.query, () => token.isCancellationRequested)));
  connection.onFoldingRanges((p) => withView('foldingRange', p.textDocument.uri, [], foldingRanges));
  connection.onSelectionRanges((p) => withView('selectionRange', p.textDocument.uri, [], (v) => selectionRanges(v, p.positions)));
  connection.onDocumentLinks((p) => withView('documentLink', p.textDocument.uri, [], documentLinks));
  connection.onRequest(POSTS_REQUEST, (p: PostsParams) => withView('posts', p.uri, [], postSummaries));
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
