// `node scripts/e2e/setup.mjs`: installs code-server 4.100.3 (VS Code 1.100.3) into the
// git-ignored .vscode-test/code-server/, the real editor the e2e suite, `npm start` and
// `npm run screenshots` use here. Idempotent: does nothing when it is installed already.
// Needs Debian's chromium, ripgrep and the headers of code-server's native modules
// (.ci/run installs them: chromium ripgrep libkrb5-dev pkg-config libsecret-1-dev libxkbfile-dev libx11-dev).
import { setupCodeServer } from './rig.mjs';

process.exit(setupCodeServer() ? 0 : 1);
