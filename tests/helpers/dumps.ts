// Building small hand-made dumps for tests, in the archive's exact layout.

export interface PostSpec {
  author: string;
  floor: number;
  date: string; // archive form: 2025-1-31 09:28
  op?: boolean;
  body: string;
}

/** One post block: separator, blank line, author line, floor line, blank line, body. */
export function post(p: PostSpec): string {
  const marks = p.op ? '       楼主       ' : '       ';
  return `*****\n\n####  ${p.author}  \n##### ${p.floor}#${marks}发表于 ${p.date}\n\n${p.body}\n\n`;
}

/** A whole dump: a leading blank line, then the posts. */
export function dump(...posts: PostSpec[]): string {
  return '\n' + posts.map(post).join('');
}

/** A link-form quote as the archive writes it. */
export function linkQuote(author: string, date: string, text: string, pid = '100', ptid = '2244747'): string {
  return `<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=${pid}&amp;ptid=${ptid}" target="_blank">${author} 发表于 ${date}</a>\n${text}</blockquote>`;
}

/** A plain-form quote. */
export function plainQuote(author: string, date: string, text: string): string {
  return `<blockquote>${author} 发表于 ${date}\n${text}</blockquote>`;
}
