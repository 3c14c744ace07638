// What the Node entry (./extension.ts) and the browser entry (./web.ts) share: recognise dumps
// by content, start the language client the first time a dump is open, register the reader
// commands (Restart Language Server among them). Each entry passes how its language client is
// made, and how it is restarted.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { COMMANDS } from '../../shared/protocol';
import { Reader } from './commands';
import { LANGUAGE_ID, shouldSwitch } from './sniff';

/** What `activate` returns (the e2e suites read the client through it). */
export interface ExtensionApi {
  client: () => BaseLanguageClient | undefined;
}

export class Extension {
  private client: BaseLanguageClient | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly create: (context: vscode.ExtensionContext) => BaseLanguageClient | Promise<BaseLanguageClient>,
    /** The Restart Language Server command, once a client exists (default: stop it and start it). */
    private readonly restart: (client: BaseLanguageClient) => Promise<void> = async (client) => {
      await client.stop();
      await client.start();
    },
  ) {}

  async activate(): Promise<ExtensionApi> {
    this.context.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => void this.consider(doc)),
      { dispose: () => void this.client?.stop() },
      vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
        if (!this.client) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Open a forum dump first.'));
          return;
        }
        await this.restart(this.client);
      }),
    );
    new Reader(() => this.client).register(this.context);
    for (const doc of vscode.workspace.textDocuments) await this.consider(doc);
    return { client: () => this.client };
  }

  async deactivate(): Promise<void> {
    if (this.client) await this.client.stop();
  }

  private startClient(): Promise<void> {
    this.starting ??= (async () => {
      this.client = await this.create(this.context);
      await this.client.start();
    })();
    return this.starting;
  }

  private async consider(doc: vscode.TextDocument): Promise<void> {
    try {
      if (shouldSwitch(doc)) {
        await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
        return; // the switch reopens the document as forum-dump: handled below
      }
      if (doc.languageId === LANGUAGE_ID) await this.startClient();
    } catch (e) {
      console.error('forum-dump:', e);
    }
  }
}
