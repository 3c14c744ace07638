// `npm start`: builds, then opens seeds/ in a real VS Code with this extension loaded.
//   - with VS Code's `code` on PATH: `code --extensionDevelopmentPath=<repo> seeds`
//   - otherwise (as on the project's machines): sets up code-server (scripts/e2e/setup.mjs) and
//     serves VS Code on http://127.0.0.1:PORT with the extension loaded through the workbench's
//     payload URL; open the printed URL in a browser. Runs until Ctrl+C.
// After changing client/ or server/: `npm run build`, then "Developer: Reload Window".
//
// Environment: FORUM_DUMP_PORT (default 3737, or a free port when it is taken),
//              FORUM_DUMP_FOLDER (default seeds/), FORUM_DUMP_NO_CODE=1 (use code-server even
//              when `code` is on PATH).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { freePort, log, root, setupCodeServer, startCodeServer, workbenchUrl } from './e2e/rig.mjs';

process.chdir(root);
const folder = resolve(process.env.FORUM_DUMP_FOLDER || join(root, 'seeds'));

const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function onPath(cmd) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

const code = process.env.FORUM_DUMP_NO_CODE === '1' ? undefined : onPath('code');
if (code) {
  log(`opening ${folder} in VS Code (${code}) with the extension from ${root}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

const portFree = (port) =>
  new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });

log('`code` is not on PATH: serving VS Code through code-server instead');
if (!setupCodeServer({ quiet: true })) process.exit(1);
const wanted = Number(process.env.FORUM_DUMP_PORT || 3737);
const port = (await portFree(wanted)) ? wanted : await freePort();
const server = await startCodeServer({ port, name: 'start', onOutput: (s) => process.stderr.write(s) });
const stop = () => {
  server.kill();
  setTimeout(() => process.exit(0), 500);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('exit', () => server.killNow());
server.child.on('exit', (c) => {
  log(`code-server exited (${c})`);
  process.exit(c ?? 1);
});
const url = workbenchUrl(server, { folder });
console.log(`\nVS Code (code-server) with forum-dump loaded, folder ${folder}:\n\n  ${url}\n\nOpen it in a browser (tunnel port ${port} from a remote machine: ssh -L ${port}:127.0.0.1:${port} …). Ctrl+C stops.\n`);
