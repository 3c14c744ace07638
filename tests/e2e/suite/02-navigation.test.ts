// The language features on the sample dump (95 posts, 50 quotes, all resolved), asked through
// VS Code's own commands, as the outline, F12, Shift+F12 and the mouse do.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED, commandResult, hoverText, openDump, posOf, seedLine, targetOf } from './util';

// Places in seeds/000_30f14379e19f2ff5.txt, found by their text (0-based lines):
const FLOOR4_AUTHOR_LINE = seedLine('####  yangkaim4');
const FLOOR6_AUTHOR_LINE = seedLine('####  sellboy'); // floor 6, 2025-1-31 09:20
const FLOOR12_AUTHOR_LINE = seedLine('####  Alce79');
const QUOTE_OF_6_IN_12 = seedLine('<blockquote>sellboy 发表于 2025-1-31 09:20');
const QUOTES_OF_6 = [QUOTE_OF_6_IN_12, seedLine('pid=67317766&amp;ptid=2244747" target="_blank">sellboy')];
const LINKED_QUOTE_OF_4 = seedLine('pid=67317742&amp;'); // <blockquote><a href="…findpost&pid=67317742…">yangkaim4 发表于 2025-1-31 09:19</a>

suite('Language features on the sample dump', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await openDump(SEED);
  });

  test('the outline has one symbol per post: 95', async () => {
    const symbols = await commandResult<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
      'document symbols',
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    assert.equal(symbols.length, 95);
    const rangeOf = (s: vscode.DocumentSymbol | vscode.SymbolInformation) => ('location' in s ? s.location.range : s.range);
    assert.match(symbols[0].name, /i0ncube_R/);
    assert.match(symbols[11].name, /Alce79/);
    assert.equal(rangeOf(symbols[11]).start.line, FLOOR12_AUTHOR_LINE);
  });

  test('Go to Definition on a quote header lands on the quoted post', async () => {
    const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>(
      'a definition',
      'vscode.executeDefinitionProvider',
      doc.uri,
      posOf(doc, QUOTE_OF_6_IN_12, 'sellboy', 2),
    );
    assert.equal(defs.length, 1);
    const t = targetOf(defs[0]);
    assert.equal(t.uri.toString(), doc.uri.toString());
    assert.equal(t.range.start.line, FLOOR6_AUTHOR_LINE);
    assert.match(doc.lineAt(t.range.start.line).text, /^####\s+sellboy/);
  });

  test('Go to Definition on a findpost link lands on the linked post', async () => {
    const defs = await commandResult<(vscode.Location | vscode.LocationLink)[]>(
      'a definition',
      'vscode.executeDefinitionProvider',
      doc.uri,
      posOf(doc, LINKED_QUOTE_OF_4, 'yangkaim4 发表于', 3),
    );
    assert.equal(defs.length, 1);
    const t = targetOf(defs[0]);
    assert.equal(t.uri.toString(), doc.uri.toString());
    assert.equal(t.range.start.line, FLOOR4_AUTHOR_LINE);
  });

  test('Find All References on a post header lists the quotes of that post', async () => {
    const refs = await commandResult<vscode.Location[]>(
      'references',
      'vscode.executeReferenceProvider',
      doc.uri,
      posOf(doc, FLOOR6_AUTHOR_LINE, 'sellboy', 2),
    );
    for (const r of refs) assert.equal(r.uri.toString(), doc.uri.toString());
    const quoteLines = refs.map((r) => r.range.start.line).filter((l) => l !== FLOOR6_AUTHOR_LINE && l !== FLOOR6_AUTHOR_LINE + 1);
    assert.deepEqual([...new Set(quoteLines)].sort((a, b) => a - b), QUOTES_OF_6);
  });

  test('Hover on a quote header previews the quoted post', async () => {
    const hovers = await commandResult<vscode.Hover[]>(
      'a hover',
      'vscode.executeHoverProvider',
      doc.uri,
      posOf(doc, QUOTE_OF_6_IN_12, 'sellboy', 2),
    );
    const text = hoverText(hovers);
    assert.match(text, /sellboy/);
    assert.match(text, /#?6/);
    // The last line of floor 6, which the quote in floor 12 does not include:
    assert.ok(text.includes('混淆语料'), `the preview shows the quoted post's own text; got ${JSON.stringify(text)}`);
  });

  test('Hover on a post header says who quoted it', async () => {
    const hovers = await commandResult<vscode.Hover[]>(
      'a hover',
      'vscode.executeHoverProvider',
      doc.uri,
      posOf(doc, FLOOR6_AUTHOR_LINE, 'sellboy', 2),
    );
    const text = hoverText(hovers);
    assert.match(text, /Quoted by 2 posts/);
  });
});
