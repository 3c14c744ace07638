// Opening files as a user does: a dump (.txt or .md) switches to the forum-dump language by its
// content, which activates the extension and starts the language server; other Markdown stays
// Markdown. This file runs first, so no dump is open when it starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXTENSION_ID, LANGUAGE_ID, SEED, openAsUser, openDoc, openDump, waitFor, wsUri } from './util';

const VARIANT = 'variants/2163909-01[真正的文化输出].md';

suite('Opening dumps in a real VS Code', () => {
  test('before any dump is opened the language server is not running', () => {
    // VS Code instantiates the plaintext language at startup, so `onLanguage:plaintext` may
    // already have activated the extension; what must not have happened yet is the server start.
    const ext = vscode.extensions.getExtension<{ client: () => LanguageClient | undefined }>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
    assert.equal(vscode.window.visibleTextEditors.length, 0, 'the workbench starts with no editor open');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID), 'no forum-dump document yet');
    if (ext.isActive) assert.equal(ext.exports.client(), undefined, 'the language client starts only when a dump is opened');
  });

  test('a .txt dump switches to forum-dump, which activates the extension and starts the language server', async () => {
    const first = await openAsUser(SEED);
    assert.ok(['plaintext', LANGUAGE_ID].includes(first.languageId), `a .txt opens as plaintext first (was ${first.languageId})`);
    const doc = await waitFor(`${SEED} to switch to ${LANGUAGE_ID}`, () => openDoc(first.uri), (d) => d?.languageId === LANGUAGE_ID);
    assert.equal(doc!.languageId, LANGUAGE_ID);
    const ext = vscode.extensions.getExtension<{ client: () => LanguageClient | undefined }>(EXTENSION_ID)!;
    await waitFor('the extension to be active', () => ext.isActive);
    const client = await waitFor(
      'the language client to be running',
      () => ext.exports.client(),
      (c) => c !== undefined && c.isRunning(),
    );
    assert.ok(client);
    const editor = await waitFor('an editor showing the dump', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === first.uri.toString()));
    assert.equal(editor!.document.languageId, LANGUAGE_ID);
  });

  test('a .md page file of a thread switches to forum-dump too', async () => {
    const doc = await openDump(VARIANT);
    assert.equal(doc.languageId, LANGUAGE_ID);
    assert.match(doc.uri.path, /\.md$/);
  });

  test('a plain Markdown file stays markdown', async () => {
    const plain = wsUri('notes/plain.md');
    const text = [
      '# Reading list',
      '',
      '*****',
      '',
      '####  not a post author line',
      '',
      'Some notes about 2025-1-31 09:28, with a <blockquote>quote</blockquote>.',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(plain, Buffer.from(text, 'utf8'));
    // Open the plain file, then a dump: once the dump has switched, the extension has long since
    // looked at the plain file (documents are considered in the order they open).
    const plainDoc = await vscode.workspace.openTextDocument(plain);
    await vscode.window.showTextDocument(plainDoc, { preview: false });
    assert.equal(plainDoc.languageId, 'markdown');
    const control = await openDump('variants/2261448-01[问界平地崴脚全过程视频曝光].md');
    assert.equal(control.languageId, LANGUAGE_ID, 'positive control: the dump opened after it did switch');
    assert.equal(openDoc(plain)?.languageId, 'markdown', 'plain.md must stay markdown');
    const symbols = await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', plain);
    const names = (symbols ?? []).map((s) => (s as { name: string }).name);
    assert.ok(!names.some((n) => /#\d+/.test(n)), `no forum-dump post symbols in plain.md (got ${JSON.stringify(names)})`);
  });
});
