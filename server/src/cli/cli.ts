// forum-dump: the command-line reader.
//   forum-dump outline PATH... [--json]   posts (and quotes) per file
//   forum-dump check PATH... [--json]     problems as file:line:col: severity: message [code]
// A folder means every dump below it; the files of a thread are resolved together. The work is
// streamed thread by thread on worker threads (stream.ts, worker.ts); --json writes JSON Lines.
import { isMainThread } from 'node:worker_threads';
import { splitArgs } from './args';
import { stream } from './stream';
import { jsonSafe, terminalSafe } from './terminal';

const USAGE = `usage: forum-dump <command> [--json] PATH...

commands:
  outline   list the posts of each dump (floor, author, date, OP mark, line) and its quotes
  check     report problems: file:line:col: severity: message [code]; exit 1 on any error

A PATH may be a file or a folder (every .md/.txt dump below it). Files are grouped into threads
by their names (tid-NN[title].md), so quotes resolve across the page files of a thread. A file
that cannot be read, or a dump that is not UTF-8, is reported (exit 1); other files in a folder
are passed over.

Output is streamed thread by thread (worker threads: one per core, or FORUM_DUMP_JOBS).

options:
  --json    machine-readable output: JSON Lines, one object per file (see README)
  --help    this text
  --        end of options: what follows is a PATH even if it starts with --`;

/**
 * Runs the CLI. `out` receives output as is (chunks carrying their own line ends: the output is
 * streamed, thread by thread, never built as one string), `err` one line at a time.
 */
export async function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s), writeErr: (s: string) => void = console.error): Promise<number> {
  const { positional: args, flags } = splitArgs(argv);
  // Dump text reaches no terminal as control sequences, and JSON output stays valid JSON. (Chunks
  // are whole lines or whole JSON pieces: a surrogate pair is never split between two.)
  const json = flags.has('--json');
  const out = (s: string) => write(json ? jsonSafe(s) : terminalSafe(s));
  const err = (s: string) => writeErr(terminalSafe(s));
  if (flags.has('--help') || args.length === 0) {
    if (flags.has('--help')) out(USAGE + '\n');
    else err(USAGE);
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
  return stream(paths, { cmd, json, write: out, err });
}

if (require.main === module && isMainThread) {
  // A closed pipe (`forum-dump outline … | head`) ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // process.exitCode (not process.exit) lets large outputs drain before the process ends.
  main(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s + '\n'),
  ).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`forum-dump: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 3;
    },
  );
}
