// forum-dump: the command-line reader.
//   forum-dump outline PATH... [--json]   posts (and quotes) per file
//   forum-dump check PATH... [--json]     problems as file:line:col: severity: message [code]
// A folder means every dump below it; all files given are resolved together as one workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../features/diagnostics';
import { floorLabel } from '../features/util';
import { readDumpFile, walkTextFiles } from '../workspace/disk';
import { WorkspaceIndex, type DumpFile } from '../workspace';
import { splitArgs } from './args';
import { jsonSafe, terminalSafe } from './terminal';

const USAGE = `usage: forum-dump <command> [--json] PATH...

commands:
  outline   list the posts of each dump (floor, author, date, OP mark, line) and its quotes
  check     report problems: file:line:col: severity: message [code]; exit 1 on any error

A PATH may be a file or a folder (every .md/.txt dump below it). All dumps given are read as
one workspace, so quotes resolve across the page files of a thread. A file that cannot be read,
or a dump that is not UTF-8, is reported (exit 1); other files in a folder are passed over.

options:
  --json    machine-readable output
  --help    this text
  --        end of options: what follows is a PATH even if it starts with --`;

const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface Loaded {
  index: WorkspaceIndex;
  files: { path: string; file: DumpFile }[];
  errors: string[];
}

function load(paths: string[], err: (line: string) => void): Loaded {
  const index = new WorkspaceIndex();
  const files: { path: string; file: DumpFile }[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const fail = (msg: string) => {
    errors.push(msg);
    err(`forum-dump: ${msg}`);
  };
  const add = (p: string, explicit: boolean) => {
    const abs = path.resolve(p);
    if (seen.has(abs)) return;
    seen.add(abs);
    const r = readDumpFile(abs);
    if (!r.ok) {
      if (explicit || r.problem) fail(`${p}: ${r.reason}`);
      return;
    }
    files.push({ path: p, file: index.set(pathToFileURL(abs).href, r.text) });
  };
  for (const p of paths) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      fail(`${p}: no such file or folder`);
      continue;
    }
    if (st.isDirectory()) {
      const before = { files: files.length, errors: errors.length };
      for (const f of walkTextFiles(p, undefined, (d, code) => fail(`${d}: cannot list this folder (${code})`))) add(f, false);
      if (files.length === before.files && errors.length === before.errors) fail(`${p}: no forum dumps in this folder`);
    } else add(p, true);
  }
  return { index, files, errors };
}

function outline(l: Loaded, json: boolean, out: (s: string) => void): void {
  const pathOf = new Map(l.files.map((f) => [f.file.uri, f.path]));
  if (json) {
    const files = l.files.map(({ path: p, file }) => {
      const view = l.index.view(file.uri)!;
      return {
        path: p,
        posts: file.doc.posts.map((post) => ({
          floor: post.floor,
          author: post.author,
          date: post.date?.text ?? null,
          op: post.op,
          line: post.line,
        })),
        quotes: file.doc.quotes
          .filter((q) => q.header)
          .map((q) => {
            const r = view.resolve(q);
            const t = r?.status === 'resolved' ? r.target : undefined;
            return {
              line: file.doc.lineOf(q.header!.span.start),
              author: q.header!.author,
              date: q.header!.date?.text ?? null,
              pid: q.header!.pid,
              status: r?.status ?? 'notfound',
              target: t ? { path: pathOf.get(t.uri) ?? t.uri, index: t.index, floor: t.floor } : null,
            };
          }),
      };
    });
    out(JSON.stringify({ files }, null, 2));
    return;
  }
  for (const { path: p, file } of l.files) {
    const view = l.index.view(file.uri)!;
    const nq = file.doc.quotes.filter((q) => q.header).length;
    out(`${p}  (${file.doc.posts.length} posts, ${nq} quotes${file.tid ? `, thread ${file.tid}${file.page !== null ? ` page ${file.page}` : ''}` : ''})`);
    for (const post of file.doc.posts) {
      const floor = floorLabel(post);
      const flags = [post.op ? 'OP' : '', post.anonymous ? 'anonymous' : '', post.deletedUser ? 'deleted user' : ''].filter(Boolean).join(', ');
      out(`  ${floor.padStart(6)}  ${post.author}  ${post.date?.text ?? '(no date)'}${flags ? `  [${flags}]` : ''}  line ${post.line + 1}`);
      for (const id of post.quotes) {
        const q = file.doc.quotes[id];
        if (!q.header) continue;
        const r = view.resolve(q);
        const t = r?.target;
        const where = t ? `→ ${t.uri === file.uri ? '' : `${pathOf.get(t.uri) ?? t.fileName} `}${floorLabel(t)} (${r?.how})` : `(${r?.status ?? 'notfound'})`;
        out(`          ↪ ${q.header.author} ${q.header.date?.text ?? q.header.dateText}  ${where}`);
      }
    }
  }
}

function check(l: Loaded, json: boolean, out: (s: string) => void): boolean {
  let anyError = false;
  const files = l.files.map(({ path: p, file }) => {
    const diags = computeDiagnostics(l.index.view(file.uri)!);
    if (diags.some((d) => d.severity === DiagnosticSeverity.Error)) anyError = true;
    return { path: p, diags };
  });
  if (json) {
    out(
      JSON.stringify(
        {
          files: files.map((f) => ({
            path: f.path,
            problems: f.diags.map((d) => ({
              line: d.range.start.line + 1,
              column: d.range.start.character + 1,
              severity: SEVERITY_NAME[d.severity ?? 1],
              code: d.code,
              message: d.message,
            })),
          })),
          errors: l.errors,
        },
        null,
        2,
      ),
    );
  } else {
    for (const f of files) {
      for (const d of f.diags) {
        out(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAME[d.severity ?? 1]}: ${d.message} [${d.code}]`);
      }
    }
  }
  return anyError;
}

export function main(argv: string[], write: (s: string) => void = console.log, writeErr: (s: string) => void = console.error): number {
  const { positional: args, flags } = splitArgs(argv);
  // Dump text reaches no terminal as control sequences, and JSON output stays valid JSON.
  const json = flags.has('--json');
  const out = (s: string) => write(json ? jsonSafe(s) : terminalSafe(s));
  const err = (s: string) => writeErr(terminalSafe(s));
  if (flags.has('--help') || args.length === 0) {
    (args.length === 0 && !flags.has('--help') ? err : out)(USAGE);
    return flags.has('--help') ? 0 : 2;
  }
  const unknown = [...flags].filter((f) => f !== '--json');
  if (unknown.length > 0) {
    err(`forum-dump: unknown option ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const [cmd, ...paths] = args;
  if (cmd !== 'outline' && cmd !== 'check') {
    err(`forum-dump: unknown command "${cmd}"\n${USAGE}`);
    return 2;
  }
  if (paths.length === 0) {
    err(`forum-dump: ${cmd} needs at least one PATH\n${USAGE}`);
    return 2;
  }
  const loaded = load(paths, err);
  if (cmd === 'outline') {
    outline(loaded, json, out);
    return loaded.errors.length > 0 ? 1 : 0;
  }
  const anyError = check(loaded, json, out);
  return anyError || loaded.errors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  // A closed pipe (`forum-dump outline … | head`) ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // process.exitCode (not process.exit) lets large outputs drain before the process ends.
  let code: number;
  try {
    code = main(
      process.argv.slice(2),
      (s) => process.stdout.write(s + '\n'),
      (s) => process.stderr.write(s + '\n'),
    );
  } catch (e) {
    process.stderr.write(`forum-dump: internal error: ${(e as Error).stack ?? e}\n`);
    code = 3;
  }
  process.exitCode = code;
}
