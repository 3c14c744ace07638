// Content sniffing: is this text a forum dump? Looks at the first few KB only.

/** How much of the start of a file the sniffer reads. */
export const SNIFF_BYTES = 8192;

/**
 * True when the start of `text` holds the dump pattern: a `*****` line, then an author line
 * `#### NAME`, then a floor line `##### N# … 发表于 …`.
 */
export function looksLikeDump(text: string): boolean {
  const head = text.slice(0, SNIFF_BYTES);
  const lines = head.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i].replace(/^\ufeff/, '');
    if (a.startsWith('#### ') && /^##### +\d+#.*发表于/.test(lines[i + 1])) {
      // A separator among the non-blank lines before it (or the file's start).
      let j = i - 1;
      while (j >= 0 && lines[j].trim() === '') j--;
      if (j < 0 || /^\ufeff?\*{5}\s*$/.test(lines[j])) return true;
    }
  }
  return false;
}
