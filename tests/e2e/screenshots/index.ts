// The screenshot driver: loaded by the workbench as its extensionTestsPath (from
// scripts/screenshots.mjs), it sets the real editor up for each picture, then asks the script
// to take it by logging `forum-dump-shot {json}` and waits until the PNG exists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ThreadViews } from '../../../client/src/threadView/panel';
import { PAGE_01, PAGE_02, SEED, commandResult, openDump, posOf, waitFor } from '../suite/util';

const SHOT_TIMEOUT = 60_000;

interface Shot {
  name: string;
  /** A CSS selector the script waits for before taking the picture. */
  waitFor?: string;
  /** A CSS selector the script clicks first, when it is there. */
  click?: string;
}

async function shot(dir: string, s: Shot): Promise<void> {
  const file = path.join(dir, `${s.name}.png`);
  fs.rmSync(file, { force: true });
  console.log(`forum-dump-shot ${JSON.stringify(s)}`);
  await waitFor(`the screenshot ${file}`, () => fs.existsSync(file), (v) => v, { timeout: SHOT_TIMEOUT, interval: 200 });
}

async function reveal(doc: vscode.TextDocument, line: number, character: number, top = true): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const pos = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), top ? vscode.TextEditorRevealType.AtTop : vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  return editor;
}

export async function run(): Promise<void> {
  const dir = process.env.FORUM_DUMP_SHOTS_DIR || path.join(__dirname, '..', '..', 'docs');
  const only = vscode.workspace.getConfiguration('forumDumpShots').get<string>('only');
  const want = (name: string) => !only || only.split(',').includes(name);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('notifications.clearAll');

  const doc = await openDump(SEED);
  await commandResult('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
  await vscode.commands.executeCommand('workbench.action.closePanel');

  // 1. The sample open, with highlighting: floor 11–12 and the quote in 12.
  if (want('editor')) {
    await reveal(doc, 115, 0);
    await shot(dir, { name: 'editor', waitFor: '.monaco-editor .view-lines' });
  }

  // 2. Hover preview on a quote header (floor 12 quotes floor 6).
  if (want('hover')) {
    const at = posOf(doc, 133, 'sellboy', 2);
    await reveal(doc, 126, 0);
    const editor = await reveal(doc, at.line, at.character, false);
    editor.revealRange(new vscode.Range(126, 0, 126, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('editor.action.showHover');
    await shot(dir, { name: 'hover', waitFor: '.monaco-hover:not(.hidden) .hover-contents' });
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  }

  // 3. Peek references on a post header: who quoted floor 6.
  if (want('references')) {
    const at = posOf(doc, 73, 'sellboy', 2);
    await reveal(doc, at.line - 3, 0);
    await reveal(doc, at.line, at.character, false);
    await vscode.commands.executeCommand('editor.action.referenceSearch.trigger');
    await shot(dir, { name: 'references', waitFor: '.peekview-widget .monaco-list-row' });
    await vscode.commands.executeCommand('closeReferenceSearch').then(undefined, () => undefined);
  }

  // 4. Peek definition across page files: a quote in -02 of a post in -01.
  if (want('peek-definition')) {
    const page2 = await openDump(PAGE_02);
    const at = posOf(page2, 6, 'moekyo 发表于', 2);
    await reveal(page2, 0, 0);
    await reveal(page2, at.line, at.character, false);
    await vscode.commands.executeCommand('editor.action.peekDefinition');
    await shot(dir, { name: 'peek-definition', waitFor: '.peekview-widget .monaco-editor .view-lines' });
    await vscode.commands.executeCommand('closeReferenceSearch').then(undefined, () => undefined);
    await vscode.commands.executeCommand('closeMarkersNavigation').then(undefined, () => undefined);
  }

  // 5. The problems panel after an edit breaks a quote (the minute 09:20 → 09:21; not saved).
  if (want('problems')) {
    const at = posOf(doc, 133, '09:20', 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(at.translate(0, 3), at.translate(0, 5)), '21');
    await vscode.workspace.applyEdit(edit);
    await waitFor('a broken-quote diagnostic', () => vscode.languages.getDiagnostics(doc.uri).some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'broken-quote'));
    await reveal(doc, 126, 0);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await shot(dir, { name: 'problems', waitFor: '.markers-panel .monaco-list-row' });
    const back = new vscode.WorkspaceEdit();
    back.replace(doc.uri, new vscode.Range(at.translate(0, 3), at.translate(0, 5)), '20');
    await vscode.workspace.applyEdit(back);
    await doc.save();
  }
  // 6. The outline: one entry per post, with the folders view hidden so it has the sidebar to itself.
  if (want('outline')) {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('outline.focus');
    await reveal(doc, 130, 6);
    // The script collapses the folders section (a click on its header) so the outline fills the sidebar.
    await shot(dir, { name: 'outline', click: '.pane-header[aria-label^="Explorer Section"][aria-expanded="true"]', waitFor: '.outline-pane .monaco-list-row' });
  }

  // 7. The thread view beside page 1: a reply whose quote is expanded inline, backlinks below.
  if (want('thread-view') || want('thread-view-author')) {
    const views = (vscode.extensions.getExtension('forum-dump.forum-dump')!.exports as { threadViews: ThreadViews }).threadViews;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const page1 = await openDump(PAGE_01);
    await reveal(page1, 0, 0);
    await waitFor('the thread in the server', async () => (await views.request<{ files: unknown[] }>('forumDump/threadView', { uri: page1.uri.toString() }))?.files.length, (n) => n === 2);
    await vscode.commands.executeCommand('forumDump.openThreadViewToSide');
    const ready = async () => ((await views.current?.probe({ op: 'state' })) as { rendered?: number } | undefined)?.rendered ?? 0;
    await waitFor('the thread view', ready, (n) => n > 0);
    await views.current!.probe({ op: 'goto', floor: '31' });
    await views.current!.probe({ op: 'click', selector: 'article[data-floor="32"] .quote-toggle' });
    await new Promise((r) => setTimeout(r, 1600)); // the highlight fades
    if (want('thread-view')) await shot(dir, { name: 'thread-view', waitFor: 'iframe.webview.ready' });
    if (want('thread-view-author')) {
      await views.current!.probe({ op: 'click', selector: 'article[data-floor="31"] .author' });
      await shot(dir, { name: 'thread-view-author', waitFor: 'iframe.webview.ready' });
    }
  }

  console.log('forum-dump-shots done');
}
