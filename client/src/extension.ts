// The forum-dump extension: recognises dumps by content, and starts the language server the
// first time a dump is open (so people who never open one pay almost nothing: this bundle holds
// only the sniffer and the commands; the language client is dist/lsp.js, loaded on demand).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from '../../shared/protocol';
import { Reader } from './commands';
import { MarkdownNeighbour } from './markdownNeighbour';
import { LANGUAGE_ID, shouldSwitch } from './sniff';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let lsp: typeof import('./lsp') | undefined;

function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (starting) return starting;
  // A runtime require of the separate bundle (esbuild leaves a computed path alone).
  lsp = require(path.join(__dirname, 'lsp.js')) as typeof import('./lsp');
  client = lsp.createClient(context);
  starting = client.start();
  return starting;
}

async function consider(doc: vscode.TextDocument, context: vscode.ExtensionContext): Promise<void> {
  try {
    if (shouldSwitch(doc)) {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
      return; // the switch reopens the document as forum-dump: handled below
    }
    if (doc.languageId === LANGUAGE_ID) await startClient(context);
  } catch (e) {
    console.error('forum-dump:', e);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined; neighbour: MarkdownNeighbour }> {
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => void consider(doc, context)),
    { dispose: () => void client?.stop() },
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      if (!lsp) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a forum dump first.'));
        return;
      }
      await lsp.restartServer();
    }),
  );
  new Reader(() => client).register(context);
  const neighbour = new MarkdownNeighbour(context);
  neighbour.register();
  for (const doc of vscode.workspace.textDocuments) await consider(doc, context);
  return { client: () => client, neighbour };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
