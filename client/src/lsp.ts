// The language client: a bundle of its own (dist/lsp.js), loaded only when the first dump is
// opened, so VS Code windows without dumps never load vscode-languageclient.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from './sniff';

export function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: {
      configurationSection: 'forumDump',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{md,txt}'),
    },
    initializationOptions: {
      diagnostics: vscode.workspace.getConfiguration('forumDump').get('diagnostics'),
      settings: vscode.workspace.getConfiguration().get('forumDump'),
    },
  };
  // The client's default error handler restarts a server that dies (up to 4 times in 3 minutes)
  // and reopens every dump in it, so features come back by themselves.
  return new LanguageClient('forumDump', 'Forum Dump', serverOptions, clientOptions);
}
