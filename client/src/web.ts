// The forum-dump extension in the browser (package.json `browser`: github.dev, vscode.dev, any
// web-worker extension host). The same client as ./extension.ts, with the language server in a
// Web Worker (dist/webServer.js) instead of a Node process, reading files through the client
// (./files.ts) instead of the disk.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/browser';
import { Extension, type ExtensionApi } from './activation';
import { answerFileRequests, listFolder, readFile, statFile } from './files';
import { clientOptions } from './options';
import { LANGUAGE_ID } from './sniff';
import { ThreadViews } from './threadView/panel';

// The worker API of the browser (lib "dom"/"webworker" types are not in this project's tsconfig).
declare const Worker: new (url: string) => object;

let extension: Extension | undefined;
/** How long the server took to start: to have its worker, and to its answer to `initialize` (ms). */
const serverStart: { workerMs?: number; totalMs?: number; from?: 'url' | 'blob' } = {};

/**
 * The server's worker: from the extension's own URL first (vscode.dev, github.dev); a host that
 * refuses workers from remote extensions (code-server: "Creating workers from remote extensions
 * is currently not supported") gets it from a blob URL of the bundle read with workspace.fs.
 */
async function startWorker(context: vscode.ExtensionContext): Promise<object> {
  const main = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webServer.js');
  try {
    const worker = new Worker(main.toString(true));
    serverStart.from = 'url';
    return worker;
  } catch {
    serverStart.from = 'blob';
    const bytes = await vscode.workspace.fs.readFile(main);
    return new Worker(URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })));
  }
}

async function createClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const t0 = Date.now();
  const worker = await startWorker(context);
  serverStart.workerMs = Date.now() - t0;
  // Any scheme: vscode-vfs (github.dev), vscode-remote, untitled, ….
  const options = clientOptions([{ language: LANGUAGE_ID }], { l10nBundle: vscode.l10n.bundle });
  const client = new LanguageClient('forumDump', 'Forum Dump', options, worker as ConstructorParameters<typeof LanguageClient>[3]);
  answerFileRequests(client);
  const sub = client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      serverStart.totalMs = Date.now() - t0;
      sub.dispose();
    }
  });
  return client;
}

/** The Node API plus what the web e2e suite checks: the server's start time, the file access. */
export interface WebExtensionApi extends ExtensionApi {
  threadViews: ThreadViews;
  serverStart: () => typeof serverStart;
  files: { list: typeof listFolder; stat: typeof statFile; read: typeof readFile };
}

export async function activate(context: vscode.ExtensionContext): Promise<WebExtensionApi> {
  extension = new Extension(context, createClient);
  const api = await extension.activate();
  // The thread view: the same panel as under Node (the server renders, the webview sanitises).
  const threadViews = new ThreadViews(context, api.client);
  threadViews.register();
  return { ...api, threadViews, serverStart: () => ({ ...serverStart }), files: { list: listFolder, stat: statFile, read: readFile } };
}

export async function deactivate(): Promise<void> {
  await extension?.deactivate();
}
