// A good neighbour to VS Code's Markdown extension: the runner put a small archive (120 page files
// in the real layout) into the workspace, so the extension said once, at start-up, that the
// Markdown extension indexes every .md file for Ctrl+T, with a button that writes
// `files.associations` as a workspace setting. Runs last: it changes a workspace setting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, LANGUAGE_ID, waitFor, wsUri } from './util';

interface Neighbour {
  shown: number;
  last: string | undefined;
  check(): Promise<string>;
}

const GLOB = '**/[0-9][0-9][0-9]*-[0-9]*.md';
const PAGE = 'archive/外野/3100003[archive 3]/3100003-07[archive 3].md';

suite('Markdown extension neighbour', () => {
  const neighbour = () => vscode.extensions.getExtension<{ neighbour: Neighbour }>(EXTENSION_ID)!.exports.neighbour;

  test('an archive folder is recognised and the user is told once', async () => {
    assert.ok(vscode.extensions.getExtension('vscode.markdown-language-features'), 'the built-in Markdown extension is enabled here');
    const n = await waitFor('the archive check to have run', () => neighbour(), (x) => x?.last !== undefined);
    assert.equal(n.last, 'asked');
    assert.equal(n.shown, 1);
    // Asked again (a folder added, a window reload): remembered in workspace state, not shown again.
    assert.equal(await n.check(), 'already-asked');
    assert.equal(n.shown, 1);
  });

  test('the button applies files.associations as a workspace setting; page files then open as forum-dump', async () => {
    const files = vscode.workspace.getConfiguration('files');
    const before = files.inspect<Record<string, string>>('associations')?.workspaceValue;
    try {
      await vscode.commands.executeCommand('forumDump.applyArchiveAssociation');
      const ws = vscode.workspace.getConfiguration('files').inspect<Record<string, string>>('associations')?.workspaceValue;
      assert.equal(ws?.[GLOB], LANGUAGE_ID, 'written to the workspace settings');
      assert.equal(vscode.workspace.getConfiguration('files').inspect<Record<string, string>>('associations')?.globalValue?.[GLOB], undefined, 'user settings untouched');
      // A page file never opened before now opens as forum-dump straight away (not markdown first).
      const doc = await waitFor('the page file to open', () => vscode.workspace.openTextDocument(wsUri(PAGE)));
      assert.equal(doc.languageId, LANGUAGE_ID);
    } finally {
      await vscode.workspace.getConfiguration('files').update('associations', before, vscode.ConfigurationTarget.Workspace);
    }
  });
});
