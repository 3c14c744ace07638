// The e2e rig (scripts/e2e/rig.mjs) keeps every folder that holds unix sockets short, whatever
// the checkout's path: a socket path is limited to 107 bytes, and under a long checkout Chromium
// aborted with "Socket path too long: …/.vscode-test/tmp/org.chromium.Chromium.XXXXXX/SingletonSocket".
// (The whole real-editor suite run from a 150-character checkout path is the end-to-end proof.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/paths';

const SOCKET_MAX = 107;
// The longest socket name seen below those folders: Chromium's, in TMPDIR.
const CHROMIUM_SOCKET = '/org.chromium.Chromium.XXXXXX/SingletonSocket';

/** What the rig gives a process run with `env`: its folders, and whether they are gone after it exits. */
function rigFolders(env: NodeJS.ProcessEnv) {
  const rig = pathToFileURL(path.join(ROOT, 'scripts', 'e2e', 'rig.mjs')).href;
  const script = `import { rigEnv, freshShortDir, shortTmp } from ${JSON.stringify(rig)};
    const e = rigEnv();
    console.log(JSON.stringify({ base: shortTmp(), dirs: [e.TMPDIR, e.XDG_CONFIG_HOME, e.XDG_DATA_HOME, e.XDG_CACHE_HOME, freshShortDir('e2e-chromium'), freshShortDir('vsix-user-data')] }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { base: string; dirs: string[] };
}

describe('e2e rig', () => {
  it('puts TMPDIR, XDG folders, user-data dirs and browser profiles in a short folder outside the checkout, removed at exit', () => {
    const { base, dirs } = rigFolders(process.env);
    for (const d of dirs) {
      assert.ok(d.startsWith(base + path.sep), `${d} is in ${base}`);
      assert.ok(!d.startsWith(ROOT), `${d} is outside the checkout ${ROOT}`);
      assert.ok(Buffer.byteLength(d + CHROMIUM_SOCKET) <= SOCKET_MAX, `${d}${CHROMIUM_SOCKET} fits a socket path`);
    }
    assert.equal(fs.existsSync(base), false, `${base} is removed when the process exits`);
  });

  it('falls back to /tmp when the system temp folder itself has a long path', () => {
    const long = path.join(os.tmpdir(), 'fd-rig-' + 'x'.repeat(150 - os.tmpdir().length - 8));
    fs.mkdirSync(long, { recursive: true });
    try {
      const { base, dirs } = rigFolders({ ...process.env, TMPDIR: long });
      assert.ok(base.startsWith('/tmp/fd-e2e-'), base);
      for (const d of dirs) assert.ok(Buffer.byteLength(d + CHROMIUM_SOCKET) <= SOCKET_MAX, d);
    } finally {
      fs.rmSync(long, { recursive: true, force: true });
    }
  });
});
