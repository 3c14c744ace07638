// The forum-dump extension under Node (package.json `main`): recognises dumps by content, and
// starts the language server the first time a dump is open (so people who never open one pay
// almost nothing: this bundle holds only the sniffer and the commands; the language client is
// dist/lsp.js, loaded on demand). The browser entry is ./web.ts.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { Extension, type ExtensionApi } from './activation';
import { MarkdownNeighbour } from './markdownNeighbour';
import { ThreadViews } from './threadView/panel';

let extension: Extension | undefined;
let lsp: typeof import('./lsp') | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi & { neighbour: MarkdownNeighbour; threadViews: ThreadViews }> {
  extension = new Extension(
    context,
    (ctx) => {
      // A runtime require of the separate bundle (esbuild leaves a computed path alone).
      lsp = require(path.join(__dirname, 'lsp.js')) as typeof import('./lsp');
      return lsp.createClient(ctx);
    },
    // The restart command goes through the recovery (lsp.ts), which also restarts a crashed server.
    () => lsp!.restartServer(),
  );
  // Before the open documents are considered (Extension.activate), as it was before the split.
  const neighbour = new MarkdownNeighbour(context);
  neighbour.register();
  const api = await extension.activate();
  // The thread view (the browser entry registers the same panel).
  const threadViews = new ThreadViews(context, api.client);
  threadViews.register();
  return { ...api, neighbour, threadViews };
}

export async function deactivate(): Promise<void> {
  await extension?.deactivate();
}
