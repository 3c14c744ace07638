// The mocha runner VS Code loads in its extension host (extensionTestsPath points at the bundled
// out/e2e/index.js). It runs every out/e2e/*.test.js in name order and ends with one plain line,
// `forum-dump e2e: N passed, N failed, N pending`, that scripts/e2e/run.mjs reads from the log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
  // scripts/e2e/run.mjs passes FORUM_DUMP_E2E_GREP as a setting of the copied workspace.
  const grep = vscode.workspace.getConfiguration('forumDumpE2E').get<string>('grep');
  if (grep) mocha.grep(grep);
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(`forum-dump e2e: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      console.log('forum-dump e2e: 0 passed, 1 failed, 0 pending');
      reject(e);
    }
  });
}
