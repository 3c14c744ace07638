// The forum-dump language server. It only wires LSP handlers to ./features and keeps the
// workspace index current; every answer is computed by a pure feature function.
// Runs under VS Code (IPC) or any LSP client: `node dist/server.js --stdio`.
import {
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from './features/callHierarchy';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { definition } from './features/definition';
import { documentLinks } from './features/documentLinks';
import { foldingRanges } from './features/folding';
import { inlayHints } from './features/inlayHints';
import { POSTS_REQUEST, postSummaries } from './features/posts';
import { selectionRanges } from './features/selectionRange';
import { workspaceSymbols } from './features/workspaceSymbols';
import { computeDiagnostics, diagnosticSettingsFrom, type DiagnosticSettings } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { hover } from './features/hover';
import { references } from './features/references';
import { DiskLoader } from './workspace/loader';
import { canonicalUri as U, WorkspaceIndex } from './workspace';

/**
 * Messages in the client's display language (LSP `locale`, e.g. `zh-cn`), from the bundles in
 * l10n/ shipped beside dist/. English needs none.
 */
function loadMessages(locale: string | undefined): void {
  if (!locale || /^en\b/i.test(locale)) return;
  const base = path.join(__dirname, '..', 'l10n');
  for (const l of [locale.toLowerCase(), locale.toLowerCase().split('-')[0]]) {
    const file = path.join(base, `bundle.l10n.${l}.json`);
    if (fs.existsSync(file)) {
      try {
        l10n.config({ fsPath: file });
      } catch {
        /* a broken bundle: stay in English */
      }
      return;
    }
  }
}

export function startServer(connection: Connection): void {
  /**
   * Open documents by canonical URI (see canonicalUri): their version and the URI the client
   * spelled (diagnostics go back under that). Their text lives in the index; edits apply in place.
   */
  const openDocs = new Map<string, { version: number; clientUri: string }>();
  const clientUri = (uri: string) => openDocs.get(uri)?.clientUri ?? uri;
  const index = new WorkspaceIndex();
  const loader = new DiskLoader(index);
  let settings: DiagnosticSettings = diagnosticSettingsFrom(undefined);
  /** `forumDump.codeLens.enabled`, `forumDump.inlayHints.enabled`, `forumDump.indexWorkspace`. */
  const options = { codeLens: true, inlayHints: true, indexWorkspace: true, remoteImages: false };
  const readOptions = (raw: unknown) => {
    const o = (raw ?? {}) as { codeLens?: { enabled?: unknown }; inlayHints?: { enabled?: unknown }; indexWorkspace?: unknown; remoteImages?: unknown };
    options.codeLens = o.codeLens?.enabled !== false;
    options.inlayHints = o.inlayHints?.enabled !== false;
    options.indexWorkspace = o.indexWorkspace !== false;
    // Remote images in previews only when the user asks for them.
    options.remoteImages = o.remoteImages === true;
  };
  let hasConfiguration = false;
  let linkSupport = false;
  let codeLensRefresh = false;
  let inlayHintRefresh = false;
  /** Asks the client to re-query lenses and hints, where it said it can. */
  const refreshViews = () => {
    if (codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (inlayHintRefresh) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  };

  /** Runs a feature; a failure is logged and answered with `fallback`, never a dead server. */
  const safe = <T>(what: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      connection.console.error(`forum-dump: ${what} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };

  // Diagnostics: debounced per document; a change republishes every open file of its thread.
  const timers = new Map<string, NodeJS.Timeout>();
  const publish = (uri: string) => {
    const open = openDocs.get(uri);
    if (open === undefined) return;
    const diagnostics = safe('diagnostics', [], () => computeDiagnostics(index, uri, settings));
    void connection.sendDiagnostics({ uri: open.clientUri, version: open.version, diagnostics });
  };
  const schedule = (uri: string, delay = 120) => {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        publish(uri);
      }, delay),
    );
  };
  const scheduleThread = (uri: string, delay?: number) => {
    const thread = index.threadOf(uri);
    const uris = thread ? thread.files.map((f) => f.uri) : [uri];
    for (const u of uris) if (openDocs.has(u)) schedule(u, delay);
  };
  loader.onThreadChanged = (uri) => scheduleThread(uri, 50);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    linkSupport = !!params.capabilities.textDocument?.definition?.linkSupport;
    codeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    inlayHintRefresh = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    loadMessages(params.locale);
    const init = params.initializationOptions as { diagnostics?: unknown; settings?: unknown } | undefined;
    if (init?.diagnostics) settings = diagnosticSettingsFrom(init.diagnostics);
    if (init?.settings) readOptions(init.settings);
    loader.setRoots((params.workspaceFolders ?? []).map((f) => U(f.uri)).concat(params.rootUri && !params.workspaceFolders ? [U(params.rootUri)] : []));
    return {
      capabilities: {
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
      },
      serverInfo: { name: 'forum-dump', version: '0.1.0' },
    };
  });

  const pullSettings = async () => {
    if (!hasConfiguration) return;
    try {
      const [all] = await connection.workspace.getConfiguration([{ section: 'forumDump' }]);
      settings = diagnosticSettingsFrom((all as { diagnostics?: unknown } | null)?.diagnostics);
      readOptions(all);
    } catch {
      /* keep the last settings */
    }
    for (const u of openDocs.keys()) schedule(u, 0);
  };

  /** Reads every dump of the workspace in the background, with a cancellable progress report. */
  const indexWorkspace = async () => {
    if (!options.indexWorkspace || loader.roots.length === 0) return;
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
    for (const u of openDocs.keys()) schedule(u, 0);
    refreshViews();
  };

  connection.onInitialized(() => {
    void (async () => {
      if (hasConfiguration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'forumDump' });
        await pullSettings();
      }
      await indexWorkspace();
    })().catch((e) => connection.console.error(`forum-dump: indexing failed: ${e}`));
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      loader.setRoots(loader.roots.filter((r) => !e.removed.some((f) => U(f.uri) === r)).concat(e.added.map((f) => U(f.uri))));
    });
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { forumDump?: { diagnostics?: unknown } } | undefined)?.forumDump;
    if (s !== undefined) {
      settings = diagnosticSettingsFrom(s.diagnostics);
      readOptions(s);
      refreshViews();
      for (const u of openDocs.keys()) schedule(u, 0);
    } else void pullSettings();
  });

  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    const uri = U(d.uri);
    openDocs.set(uri, { version: d.version, clientUri: d.uri });
    safe('open', undefined, () => index.set(uri, d.text, d.version));
    scheduleThread(uri, 0);
    void loader.loadThreadOf(uri);
  });
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
    const uri = U(d.uri);
    const open = openDocs.get(uri);
    if (!open) return;
    open.version = d.version;
    safe('change', undefined, () => {
      for (const c of contentChanges) {
        const file = index.get(uri);
        if ('range' in c && file) {
          // Incremental: only the touched posts are re-read and their quotes re-resolved.
          const start = file.doc.offsetAt(c.range.start);
          const end = file.doc.offsetAt(c.range.end);
          index.update(uri, [{ start, end, text: c.text }], d.version);
        } else index.set(uri, c.text, d.version);
      }
    });
    scheduleThread(uri);
  });
  connection.onDidCloseTextDocument(({ textDocument: d }) => {
    const uri = U(d.uri);
    openDocs.delete(uri);
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
    index.close(uri);
    void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
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
    for (const u of openDocs.keys()) schedule(u);
  });

  connection.onDocumentSymbol((p) => safe('documentSymbol', [], () => documentSymbols(index, U(p.textDocument.uri))));
  connection.onDefinition((p) =>
    safe('definition', [], () => {
      const links = definition(index, U(p.textDocument.uri), p.position);
      return linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
    }),
  );
  connection.onReferences((p) => safe('references', [], () => references(index, U(p.textDocument.uri), p.position, p.context.includeDeclaration)));
  connection.onHover((p) => safe('hover', null, () => hover(index, U(p.textDocument.uri), p.position, { remoteImages: options.remoteImages })));
  connection.onCodeLens((p) => (options.codeLens ? safe('codeLens', [], () => codeLenses(index, U(p.textDocument.uri))) : []));
  connection.languages.callHierarchy.onPrepare((p) => safe('callHierarchy', [], () => prepareCallHierarchy(index, U(p.textDocument.uri), p.position)));
  connection.languages.callHierarchy.onIncomingCalls((p) => safe('incomingCalls', [], () => incomingCalls(index, p.item)));
  connection.languages.callHierarchy.onOutgoingCalls((p) => safe('outgoingCalls', [], () => outgoingCalls(index, p.item)));
  connection.languages.inlayHint.on((p) => (options.inlayHints ? safe('inlayHint', [], () => inlayHints(index, U(p.textDocument.uri), p.range)) : []));
  connection.onWorkspaceSymbol((p, token) => safe('workspaceSymbol', [], () => workspaceSymbols(index, p.query, () => token.isCancellationRequested)));
  connection.onFoldingRanges((p) => safe('foldingRange', [], () => foldingRanges(index, U(p.textDocument.uri))));
  connection.onSelectionRanges((p) => safe('selectionRange', [], () => selectionRanges(index, U(p.textDocument.uri), p.positions)));
  connection.onDocumentLinks((p) => safe('documentLink', [], () => documentLinks(index, U(p.textDocument.uri))));
  connection.onRequest(POSTS_REQUEST, (p: { uri: string }) => safe('posts', [], () => postSummaries(index, U(p.uri))));
  connection.onCodeAction((p) =>
    safe('codeAction', [], () => {
      const actions = codeActions(index, U(p.textDocument.uri), p.range, p.context.diagnostics);
      // Edits go to the document as the client named it.
      for (const a of actions) {
        const ch = a.edit?.changes;
        if (ch) a.edit!.changes = Object.fromEntries(Object.entries(ch).map(([u, edits]) => [clientUri(u), edits]));
      }
      return actions;
    }),
  );

  connection.listen();
}

if (require.main === module) {
  // createConnection reads the transport from the command line: --stdio, --node-ipc, --socket=N.
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (e) => connection.console.error(`forum-dump: uncaught: ${e.stack ?? e}`));
  startServer(connection);
}
