// A language server that keeps dying (SIGKILL, six times in a row; vscode-languageclient's own
// handler gave up after four crashes in three minutes): the client starts it again every time,
// with a growing delay (capped by forumDump.server.maxRestartDelay, half a second here so the
// test stays short), and the user sees one notification for the whole streak, whose Restart
// button starts a fresh server. The Restart Language Server command does the same.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED, alive, openDump, seedLine, serverPids, waitFor } from './util';

const KILLS = 6;

type ShowMessage = (message: string, ...items: string[]) => Thenable<string | undefined>;

suite('Language server restarts without giving up', () => {
  let doc: vscode.TextDocument;
  const window = vscode.window as unknown as { showWarningMessage: ShowMessage };
  const original = window.showWarningMessage;

  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('forumDump').update('server.maxRestartDelay', 0.5, vscode.ConfigurationTarget.Workspace);
    doc = await openDump(SEED);
  });
  suiteTeardown(async () => {
    window.showWarningMessage = original;
    await vscode.workspace.getConfiguration('forumDump').update('server.maxRestartDelay', undefined, vscode.ConfigurationTarget.Workspace);
  });

  /** Go to Definition from #12's quote of #6 (never cached by VS Code): #6's author line when a server answers. */
  async function definitionLine(): Promise<number | undefined> {
    const quote = new vscode.Position(seedLine('<blockquote>sellboy 发表于 2025-1-31 09:20'), 14);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, quote);
    const d = defs?.[0];
    return d && ('targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range).start.line;
  }

  /** Waits until exactly one server runs that is none of `old`, and it answers; returns its pid. */
  async function freshServerAnswering(what: string, old: Set<number>): Promise<number> {
    let pid = 0;
    await waitFor(
      what,
      async () => {
        const fresh = serverPids().filter((p) => !old.has(p));
        if (fresh.length !== 1) return undefined;
        pid = fresh[0];
        return definitionLine();
      },
      (line) => line === seedLine('####  sellboy'),
      { timeout: 40_000, interval: 250 },
    );
    return pid;
  }

  test('the Restart Language Server command starts a fresh server', async function () {
    this.timeout(60_000);
    assert.ok((await vscode.commands.getCommands(true)).includes('forumDump.restartServer'));
    const before = await waitFor('one language server', serverPids, (p) => p.length === 1, { timeout: 20_000 });
    await vscode.commands.executeCommand('forumDump.restartServer');
    await waitFor(`the old server ${before[0]} to be gone`, () => !alive(before[0]), Boolean, { timeout: 10_000 });
    await freshServerAnswering('a fresh server after the Restart command', new Set(before));
  });

  test(`killed ${KILLS} times in a row, it is back every time, with one notification whose Restart works`, async function () {
    this.timeout(180_000);
    const shown: { message: string; items: string[] }[] = [];
    let press: (item: string | undefined) => void = () => {};
    const pressed = new Promise<string | undefined>((r) => (press = r));
    window.showWarningMessage = (message: string, ...items: string[]) => {
      shown.push({ message, items });
      return shown.length === 1 ? pressed : Promise.resolve(undefined);
    };

    const killed = new Set<number>();
    for (let i = 1; i <= KILLS; i++) {
      const [pid] = await waitFor('one running language server', () => serverPids().filter((p) => !killed.has(p)), (p) => p.length === 1, { timeout: 40_000 });
      killed.add(pid);
      process.kill(pid, 'SIGKILL');
      await waitFor(`server ${pid} to be gone`, () => !alive(pid), Boolean, { timeout: 10_000 });
      const next = await freshServerAnswering(`a new server answering after kill ${i} of ${KILLS}`, killed);
      console.log(`      (kill ${i}: server ${pid} killed; server ${next} answers)`);
    }
    assert.equal(shown.length, 1, `one notification for ${KILLS} crashes; got ${JSON.stringify(shown)}`);
    assert.match(shown[0].message, /Forum Dump language server stopped unexpectedly/);
    assert.deepEqual(shown[0].items, ['Show Output', 'Restart']);

    // The notification's Restart button: a fresh server (and a new streak).
    const running = new Set(serverPids());
    press('Restart');
    await freshServerAnswering('a fresh server after pressing Restart', new Set([...killed, ...running]));
  });
});
