// Recognising a dump by its content when a .md or .txt file is opened.
import * as vscode from 'vscode';
import { LANGUAGE_ID, looksLikeDump, SNIFF_BYTES } from '../../shared/protocol';

export { LANGUAGE_ID };

/** A glob of `files.associations` as a regular expression (`*`, `**`, `?`, `{a,b}`). */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when the user's `files.associations` names a language for this file. */
export function associatedByUser(uri: vscode.Uri): boolean {
  // files.associations is window-scoped: read it without a resource.
  const assoc = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations') ?? {};
  const p = uri.path;
  const base = p.slice(p.lastIndexOf('/') + 1);
  for (const glob of Object.keys(assoc)) {
    try {
      const re = globToRegExp(glob);
      if (glob.includes('/') ? re.test(p) || re.test(p.replace(/^\//, '')) : re.test(base)) return true;
    } catch {
      /* a glob we cannot read: ignore it */
    }
  }
  return false;
}

/** Should this document become a forum dump? */
export function shouldSwitch(doc: vscode.TextDocument): boolean {
  if (doc.languageId === LANGUAGE_ID) return false;
  if (doc.languageId !== 'markdown' && doc.languageId !== 'plaintext') return false;
  if (!/\.(md|txt)$/i.test(doc.uri.path) && doc.uri.scheme !== 'untitled') return false;
  if (!vscode.workspace.getConfiguration('forumDump', doc.uri).get<boolean>('detectByContent', true)) return false;
  if (associatedByUser(doc.uri)) return false;
  const end = doc.positionAt(SNIFF_BYTES);
  return looksLikeDump(doc.getText(new vscode.Range(new vscode.Position(0, 0), end)));
}
