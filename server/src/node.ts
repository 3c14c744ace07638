// The language server under Node (dist/server.js): VS Code starts it over IPC, any other LSP
// client with `node dist/server.js --stdio`. Files come from the disk; messages from the
// l10n/ bundles shipped beside dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { DiskFileSource } from './workspace/diskSource';

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

if (require.main === module) {
  // createConnection reads the transport from the command line: --stdio, --node-ipc, --socket=N.
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (e) => connection.console.error(`forum-dump: uncaught: ${e.stack ?? e}`));
  startServer(connection, { source: new DiskFileSource(), loadMessages, searchWorkspace: true });
}
