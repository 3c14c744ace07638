// The language server in a Web Worker (dist/webServer.js, started by client/src/web.ts on
// github.dev, vscode.dev and other browser hosts). No disk: files not open are asked of the
// client (./workspace/clientSource.ts), and only the open file's own folder is read.
import * as l10n from '@vscode/l10n';
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from './server';
import { ClientFileSource } from './workspace/clientSource';

// The worker's global scope (the lib "webworker" types are not in this project's tsconfig).
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

/** The client passes its own l10n bundle (vscode.l10n.bundle: the same l10n/ files) in the initialization options. */
function loadMessages(_locale: string | undefined, init: unknown): void {
  const bundle = (init as { l10nBundle?: unknown } | undefined)?.l10nBundle;
  if (!bundle || typeof bundle !== 'object') return;
  try {
    l10n.config({ contents: bundle as Record<string, string> });
  } catch {
    /* a broken bundle: stay in English */
  }
}

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, { source: new ClientFileSource(connection), loadMessages, searchWorkspace: false });
