// The language server under Node (dist/server.js): VS Code starts it over IPC, any other LSP
// client with `node dist/server.js --stdio`. Files come from the disk; messages from the
// l10n/ bundles shipped beside dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { ShardCache } from './workspace/cache';
import { DiskFileSource } from './workspace/diskSource';
import type { FileSource } from './workspace/fileSource';
import { InlineParser } from './workspace/parser';
import { WorkerPool } from './workspace/workerPool';

/** `--cache-dir DIR` / `--cache-dir=DIR` on the server's command line (editors other than VS Code). */
function cacheDirArg(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cache-dir' && argv[i + 1]) return argv[i + 1];
    if (argv[i].startsWith('--cache-dir=')) return argv[i].slice('--cache-dir='.length);
  }
  return undefined;
}

/**
 * The workspace index's Node parts: worker threads when their script sits beside this bundle
 * (dist/indexWorker.js; out/server/src/workspace/ in tests), else the calling thread; the shard
 * cache on disk.
 */
const indexParts = {
  parser: (source: FileSource) =>
    fs.existsSync(path.join(__dirname, 'indexWorker.js')) || fs.existsSync(path.join(__dirname, 'workspace', 'indexWorker.js')) ? new WorkerPool() : new InlineParser(source),
  cache: (dir: string, key: string) => new ShardCache(dir, key),
  cacheDir: cacheDirArg(process.argv),
};

/**
 * Messages in the client's display language (LSP `locale`, e.g. `zh-cn`), from the bundles in
 * l10n/ shipped beside dist/. English needs none. Only the locales of the bundles that exist are
 * accepted (the locale is never joined into a path: `x/../../evil` would load any JSON file).
 */
function loadMessages(locale: string | undefined): void {
  if (typeof locale !== 'string' || /^en\b/i.test(locale)) return;
  const base = path.join(__dirname, '..', 'l10n');
  let known: Map<string, string>;
  try {
    known = new Map(
      fs
        .readdirSync(base)
        .map((n) => /^bundle\.l10n\.([a-z]{2,3}(?:-[a-z0-9]{2,8})*)\.json$/.exec(n))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], path.join(base, m[0])]),
    );
  } catch {
    return;
  }
  const l = locale.toLowerCase();
  const file = known.get(l) ?? known.get(l.split('-')[0]);
  if (!file) return;
  try {
    l10n.config({ fsPath: file });
  } catch {
    /* a broken bundle: stay in English */
  }
}

if (require.main === module) {
  // createConnection reads the transport from the command line: --stdio, --node-ipc, --socket=N.
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (e) => connection.console.error(`forum-dump: uncaught: ${e.stack ?? e}`));
  startServer(connection, { source: new DiskFileSource(), loadMessages, searchWorkspace: true, index: indexParts });
}
