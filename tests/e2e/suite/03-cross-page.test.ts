// A thread split into page files: a quote in -02 of a post in -01 resolves to -01 even though
// only -02 is open (the server reads the sibling page from disk).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PAGE_01, PAGE_02, commandResult, hoverText, openDoc, openDump, posOf, targetOf, wsUri } from './util';

// 0-based lines (`node dist/cli.js outline --json 'seeds/2243718[…]/'`):
const QUOTE_IN_02 = 6; // <blockquote><a href="…pid=67359758…">moekyo 发表于 2025-2-6 17:40</a>   (in -02)
const FLOOR_1474_IN_01 = 18574; // ####  moekyo   (floor 1474, in -01)

suite('Quotes across the page files of a thread', () => {
  test('Go to Definition from page -02 lands in the unopened page -01', async () => {
    const page01 = wsUri(PAGE_01);
    assert.equal(openDoc(page01), undefined, 'page -01 must not be open before this test');
    const doc = await openDump(PAGE_02);
    const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>(
      'a definition',
      'vscode.executeDefinitionProvider',
      doc.uri,
      posOf(doc, QUOTE_IN_02, 'moekyo 发表于', 2),
    );
    assert.equal(defs.length, 1);
    const t = targetOf(defs[0]);
    assert.equal(t.uri.toString(), page01.toString());
    assert.equal(t.range.start.line, FLOOR_1474_IN_01);
    const target = await vscode.workspace.openTextDocument(t.uri);
    assert.match(target.lineAt(t.range.start.line).text, /^####\s+moekyo/);
    assert.match(target.lineAt(t.range.start.line + 1).text, /1474#/);
  });

  test('Hover from page -02 previews the post in page -01', async () => {
    const doc = await openDump(PAGE_02);
    const hovers = await commandResult<vscode.Hover[]>(
      'a hover',
      'vscode.executeHoverProvider',
      doc.uri,
      posOf(doc, QUOTE_IN_02, 'moekyo 发表于', 2),
    );
    const text = hoverText(hovers);
    assert.ok(text.includes('推上看到这个'), `the preview shows the post's text; got ${JSON.stringify(text)}`);
    assert.match(text, /2243718-01/);
  });
});
