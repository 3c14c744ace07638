// The CLI's command line: `--name` options anywhere, everything else positional, and `--` ending
// the options (what follows is a path even when it starts with `--`), as POSIX utilities do.

export interface Args {
  /** The command and the paths, in order. */
  positional: string[];
  /** The options given (`--json`, `--help`, and any unknown one, for the caller to reject). */
  flags: Set<string>;
}

export function splitArgs(argv: string[]): Args {
  const end = argv.indexOf('--');
  const opts = end < 0 ? argv : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end + 1);
  return {
    positional: [...opts.filter((a) => !a.startsWith('--')), ...rest],
    flags: new Set(opts.filter((a) => a.startsWith('--'))),
  };
}
