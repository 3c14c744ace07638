// The forum-dump language server. It only wires LSP handlers to ./features and keeps the
// workspace index current; every answer is computed by a pure feature function.
// Runs under VS Code (IPC) or any LSP client: `node dist/server.js --stdio`.
import {
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { definition } from './features/definition';
import { computeDiagnostics, diagnosticSettingsFrom, type DiagnosticSettings } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { hover } from './features/hover';
import { references } from './features/references';
import { DiskLoader } from './workspace/loader';
import { WorkspaceIndex } from './workspace';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  const loader = new DiskLoader(index);
  let settings: DiagnosticSettings = diagnosticSettingsFrom(undefined);
  let hasConfiguration = false;
  let linkSupport = false;

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
    const doc = documents.get(uri);
    if (!doc) return;
    const diagnostics = safe('diagnostics', [], () => computeDiagnostics(index, uri, settings));
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
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
    for (const u of uris) if (documents.get(u)) schedule(u, delay);
  };
  loader.onThreadChanged = (uri) => scheduleThread(uri, 50);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    linkSupport = !!params.capabilities.textDocument?.definition?.linkSupport;
    const init = params.initializationOptions as { diagnostics?: unknown } | undefined;
    if (init?.diagnostics) settings = diagnosticSettingsFrom(init.diagnostics);
    loader.setRoots((params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri && !params.workspaceFolders ? [params.rootUri] : []));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: { label: 'Posts' },
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'forum-dump', version: '0.1.0' },
    };
  });

  const pullSettings = async () => {
    if (!hasConfiguration) return;
    try {
      const [diag] = await connection.workspace.getConfiguration([{ section: 'forumDump.diagnostics' }]);
      settings = diagnosticSettingsFrom(diag);
    } catch {
      /* keep the last settings */
    }
    for (const d of documents.all()) schedule(d.uri, 0);
  };

  connection.onInitialized(() => {
    if (hasConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'forumDump' });
      void pullSettings();
    }
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      loader.setRoots(loader.roots.filter((r) => !e.removed.some((f) => f.uri === r)).concat(e.added.map((f) => f.uri)));
    });
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { forumDump?: { diagnostics?: unknown } } | undefined)?.forumDump?.diagnostics;
    if (s !== undefined) {
      settings = diagnosticSettingsFrom(s);
      for (const d of documents.all()) schedule(d.uri, 0);
    } else void pullSettings();
  });

  documents.onDidOpen((e) => {
    safe('open', undefined, () => index.set(e.document.uri, e.document.getText(), e.document.version));
    scheduleThread(e.document.uri, 0);
    void loader.loadThreadOf(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (index.get(e.document.uri)?.version === e.document.version) return;
    safe('change', undefined, () => index.set(e.document.uri, e.document.getText(), e.document.version));
    scheduleThread(e.document.uri);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
    index.close(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    // The editor's text may differ from the disk's: read the file again.
    void loader.reload(uri);
  });

  connection.onDidChangeWatchedFiles((e) => {
    for (const c of e.changes) {
      if (c.type === FileChangeType.Deleted) {
        if (!index.isOpen(c.uri) && index.get(c.uri)) {
          index.remove(c.uri);
          loader.forget(c.uri);
        }
      } else void loader.fileChanged(c.uri);
    }
    for (const d of documents.all()) schedule(d.uri);
  });

  connection.onDocumentSymbol((p) => safe('documentSymbol', [], () => documentSymbols(index, p.textDocument.uri)));
  connection.onDefinition((p) =>
    safe('definition', [], () => {
      const links = definition(index, p.textDocument.uri, p.position);
      return linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
    }),
  );
  connection.onReferences((p) => safe('references', [], () => references(index, p.textDocument.uri, p.position, p.context.includeDeclaration)));
  connection.onHover((p) => safe('hover', null, () => hover(index, p.textDocument.uri, p.position)));

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  // createConnection reads the transport from the command line: --stdio, --node-ipc, --socket=N.
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (e) => connection.console.error(`forum-dump: uncaught: ${e.stack ?? e}`));
  startServer(connection);
}
