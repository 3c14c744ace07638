// Diagnostics follow edits: changing a quote's minute breaks it (broken-quote), undo fixes it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED, codeOf, commandResult, openDump, posOf, seedLine, waitFor } from './util';

const QUOTE_OF_6_IN_12 = seedLine('<blockquote>sellboy 发表于 2025-1-31 09:20');

const broken = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'broken-quote');

suite('Diagnostics in a real editor', () => {
  test('the sample has no broken quotes', async () => {
    const doc = await openDump(SEED);
    // Once the server answers for this file it has read it; its diagnostics follow within ~120 ms.
    await commandResult('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(broken(doc.uri), []);
  });

  test("changing a quote's minute reports a broken quote; undo clears it", async () => {
    const doc = await openDump(SEED);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const line = doc.lineAt(QUOTE_OF_6_IN_12).text;
    assert.ok(line.includes('sellboy 发表于 2025-1-31 09:20'), line);
    const at = posOf(doc, QUOTE_OF_6_IN_12, '09:20', 0);
    const minute = new vscode.Range(at.translate(0, 3), at.translate(0, 5));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, minute, '21');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    assert.equal(doc.lineAt(QUOTE_OF_6_IN_12).text.includes('09:21'), true);

    const diags = await waitFor('a broken-quote diagnostic', () => broken(doc.uri), (d) => d.length > 0);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, QUOTE_OF_6_IN_12);
    assert.match(diags[0].message, /sellboy/);
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Warning);

    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the edited dump is the active editor');
    void editor;
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore 09:20', () => doc.lineAt(QUOTE_OF_6_IN_12).text.includes('09:20'));
    await waitFor('the broken-quote diagnostic to clear', () => broken(doc.uri), (d) => d.length === 0);
    assert.equal(doc.isDirty, false, 'undo brings the document back to its saved state');
  });
});
