// The language client: a bundle of its own (dist/lsp.js), loaded only when the first dump is
// opened, so VS Code windows without dumps never load vscode-languageclient.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions } from './options';
import { Recovery } from './recovery';
import { LANGUAGE_ID } from './sniff';

/** Restarts the server when it stops unexpectedly (one per extension host, like the client). */
const recovery = new Recovery();

export function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const options = clientOptions(
    [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    // Where the persistent index lives (the workspace's storage folder; none without a folder).
    { cacheDir: context.storageUri?.fsPath },
  );
  // A server that dies is started again (recovery.ts: with backoff, forever), and every dump is
  // reopened in it, so features come back by themselves.
  options.errorHandler = recovery.errorHandler();
  const client = new LanguageClient('forumDump', 'Forum Dump', serverOptions, options);
  recovery.client = client;
  context.subscriptions.push(recovery);
  return client;
}

/** The "Forum Dump: Restart Language Server" command and the notification's Restart button. */
export function restartServer(): Promise<void> {
  return recovery.restart();
}
