// The mocha runner for the packaged-extension smoke suite (scripts/e2e/vsix.mjs bundles it into
// .vscode-test/vsix-dummy-extension/out/ and points extensionTestsPath at index.js). The extension under test is the copy
// code-server installed from forum-dump.vsix, not the repo. Ends with one plain line,
// `forum-dump vsix: N passed, N failed, N pending`, that vsix.mjs reads from the log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(`forum-dump vsix: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending`);
        if (failures > 0) reject(new Error(`${failures} vsix smoke test(s) failed`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      console.log('forum-dump vsix: 0 passed, 1 failed, 0 pending');
      reject(e);
    }
  });
}
