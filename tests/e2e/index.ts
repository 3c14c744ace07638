// The one mocha runner VS Code loads in its extension host for both real-editor suites:
// tests/e2e/suite/ (scripts/e2e/run.mjs, bundled into out/e2e/) and the packaged-extension smoke
// suite tests/e2e/vsix-suite/ (scripts/e2e/vsix.mjs, bundled into the dummy extension's out/).
// rig.mjs's bundleSuite() puts it as index.js next to the suite's *.test.js; extensionTestsPath
// points at it. It runs every *.test.js beside it in name order and ends with one plain line,
// `forum-dump <label>: N passed, N failed, N pending`, that the scripts read from the log.
// The copied workspace's settings carry the label (forumDumpE2E.label, default "e2e") and an
// optional mocha grep (forumDumpE2E.grep, from FORUM_DUMP_E2E_GREP).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const config = vscode.workspace.getConfiguration('forumDumpE2E');
  const label = config.get<string>('label') || 'e2e';
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
  const grep = config.get<string>('grep');
  if (grep) mocha.grep(grep);
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(`forum-dump ${label}: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending`);
        if (failures > 0) reject(new Error(`${failures} ${label} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      console.log(`forum-dump ${label}: 0 passed, 1 failed, 0 pending`);
      reject(e);
    }
  });
}
