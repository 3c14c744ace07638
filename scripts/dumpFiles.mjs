// The .md/.txt files below a folder (hidden folders and node_modules skipped), for the measuring scripts.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && /\.(md|txt)$/i.test(e.name)) out.push(p);
  }
  return out;
}
