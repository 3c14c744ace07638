// The language client options both builds use (./lsp.ts under Node, ./web.ts in the browser).
import * as vscode from 'vscode';
import type { DocumentSelector, LanguageClientOptions } from 'vscode-languageclient';

export function clientOptions(documentSelector: DocumentSelector, initializationOptions: Record<string, unknown> = {}): LanguageClientOptions {
  return {
    documentSelector,
    synchronize: {
      configurationSection: 'forumDump',
      // Every .md and .txt file of the workspace: the index follows files of any thread.
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.md'), vscode.workspace.createFileSystemWatcher('**/*.txt')],
    },
    // Plain data (settings are proxies in the extension host: a Web Worker's postMessage cannot clone them).
    initializationOptions: JSON.parse(
      JSON.stringify({
        diagnostics: vscode.workspace.getConfiguration('forumDump').get('diagnostics'),
        settings: vscode.workspace.getConfiguration().get('forumDump'),
        ...initializationOptions,
      }),
    ) as Record<string, unknown>,
  };
}
