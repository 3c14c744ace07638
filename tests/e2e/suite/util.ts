// Helpers for the e2e suite: find the copied workspace's files, open them as a user does, and
// poll (never sleep blindly) until the editor or the language server has caught up.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'forum-dump.forum-dump';
export const LANGUAGE_ID = 'forum-dump';

export const SEED = '000_30f14379e19f2ff5.txt';
export const THREAD_DIR = '2243718[DEEPSEEK-R1完全可以说是全球第一LLM了]';
export const PAGE_01 = `${THREAD_DIR}/2243718-01[DEEPSEEK-R1完全可以说是全球第一LLM了].md`;
export const PAGE_02 = `${THREAD_DIR}/2243718-02[DEEPSEEK-R1完全可以说是全球第一LLM了].md`;

let seedLines: string[] | undefined;

/**
 * The 0-based line of the first line of the sample dump (at or after `from`) that includes
 * `needle`: tests find places by their text, never by a line number written down.
 */
export function seedLine(needle: string, from = 0): number {
  seedLines ??= fs.readFileSync(wsUri(SEED).fsPath, 'utf8').replace(/^\ufeff/, '').split('\n');
  for (let i = from; i < seedLines.length; i++) if (seedLines[i].includes(needle)) return i;
  throw new Error(`no line of ${SEED} includes ${JSON.stringify(needle)}`);
}

/** The root of the workspace the runner opened: a throw-away copy of seeds/. */
export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the e2e runner opens a copy of seeds/ as the workspace folder');
  return f.uri;
}

export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

import { waitFor } from './wait';

export { waitFor };

/** The open document for `uri`, as VS Code has it now (a language switch replaces the object). */
export function openDoc(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** Opens a file the way a user does (no language forced) and shows it in an editor. */
export async function openAsUser(rel: string): Promise<vscode.TextDocument> {
  const uri = wsUri(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Opens a dump as a user does and waits until the extension has switched it to forum-dump. */
export async function openDump(rel: string): Promise<vscode.TextDocument> {
  const first = await openAsUser(rel);
  const doc = await waitFor(`${rel} to switch to the ${LANGUAGE_ID} language (it opened as ${first.languageId})`, () => openDoc(first.uri), (d) => d?.languageId === LANGUAGE_ID);
  await vscode.window.showTextDocument(doc!, { preview: false });
  return doc!;
}

/** Polls a VS Code command until it gives a non-empty answer (the language server may still be starting). */
export function commandResult<T>(what: string, command: string, ...args: unknown[]): Promise<T> {
  return waitFor(
    what,
    () => vscode.commands.executeCommand<T>(command, ...args),
    (v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)),
  );
}

/** A definition answer as plain uri + range of the target (Location or LocationLink). */
export function targetOf(d: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in d ? { uri: d.targetUri, range: d.targetSelectionRange ?? d.targetRange } : { uri: d.uri, range: d.range };
}

/** The text of a hover's contents, whatever their form, with Markdown's backslash escapes removed. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

/** A position inside `needle` on line `line` of `doc` (its first character + `into`). */
export function posOf(doc: vscode.TextDocument, line: number, needle: string, into = 1): vscode.Position {
  const text = doc.lineAt(line).text;
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `line ${line} should contain ${JSON.stringify(needle)}; it is ${JSON.stringify(text)}`);
  return new vscode.Position(line, at + into);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * Pids of this window's language servers: `node …/dist/server.js` processes that are children of
 * this extension host (the client forks them), so a server of another VS Code on the machine
 * never counts.
 */
export function serverPids(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const pids: number[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, pid, ppid, args] = m;
    if (Number(ppid) === process.pid && /[\\/]dist[\\/]server\.js\b/.test(args)) pids.push(Number(pid));
  }
  return pids;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
