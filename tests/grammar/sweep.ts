// Whole-file checks: every instance of a construct, found by a plain JavaScript regex, must carry
// the grammar's scope for it. Used on the seeds and on the real corpus files.
import { hasScope, quoteMismatches, type Line, type Token } from './tokenize';

export interface SweepResult {
  /** construct → number of instances found by the regex */
  readonly counts: Record<string, number>;
  /** human-readable failures (capped) */
  readonly problems: string[];
}

const HS = '[ \\t\\u00a0\\u3000]';
const DATE = '\\d{4}-\\d{1,2}-\\d{1,2}(?:' + HS + '+\\d{1,2}(?::\\d{1,2}){1,2})?';
const SEPARATOR = /^\uFEFF?\*{5}\s*$/;
const AUTHOR = new RegExp('^####' + HS + '{2,}(\\S.*?)\\s*$');
const FLOOR = new RegExp('^#####' + HS + '+(\\d+)#.*?发表于' + HS + '+(' + DATE + ')');
const QUOTE_HEADER = new RegExp(
  '<blockquote>' + HS + '*(?:<a' + HS + '+href="[^"]*"[^>]*>' + HS + '*([^<]{1,60}?)' + HS + '*发表于' + HS + '*' + DATE + HS + '*</a>|([^<\\s][^<]{0,59}?)' + HS + '*发表于' + HS + '*' + DATE + ')',
  'g',
);
const APP_HEADER = new RegExp('引用第' + HS + '*\\d+' + HS + '*楼([^<]{0,60}?)于' + HS + '*' + DATE + HS + '*发表的', 'g');
const EDIT_NOTE = new RegExp('本帖最后由' + HS + '+\\S[^<]{0,60}?' + HS + '+于' + HS + '+' + DATE + HS + '*编辑', 'g');
const SIGNATURE = new RegExp('^' + HS + '*\\[?' + HS + '*(?:—{1,2}|-{2,4})' + HS + '*(?:傲娇地)?(?:来自|发送自|from' + HS + ')');
const IMG = /<img\b/g;
const SMILEY = /^<img\b[^<>]*?\bsrc="(?:https?:)?\/\/static\.(?:saraba1st|stage1st)\.com\/image\/smiley\//;
const LINK = /\]\((?:https?|ftp):\/\/\w|(?<![\w/])(?:https?|ftp):\/\/\w/g;

function tokenAt(line: Line, offset: number): Token | undefined {
  return line.tokens.find((t) => t.start <= offset && t.end > offset);
}

export function sweep(lines: readonly Line[], maxProblems = 25): SweepResult {
  const counts: Record<string, number> = {};
  const problems: string[] = [];
  const bump = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const fail = (i: number, what: string, line: Line): void => {
    if (problems.length < maxProblems) problems.push(`line ${i + 1}: ${what}: ${line.text.slice(0, 160)}`);
  };
  const checkAt = (i: number, line: Line, offset: number, scope: string, what: string): void => {
    const t = tokenAt(line, offset);
    if (!t || !hasScope(t, scope)) fail(i, `${what} lacks ${scope} (got ${t ? t.scopes.slice(1).join(' ') : 'no token'})`, line);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.text;
    let m: RegExpExecArray | null;

    if (SEPARATOR.test(text)) {
      bump('separator');
      checkAt(i, line, text.indexOf('*'), 'keyword.control.separator.post', 'separator');
    }
    if ((m = AUTHOR.exec(text))) {
      bump('author');
      const at = text.indexOf(m[1]!, 4);
      const t = tokenAt(line, at);
      if (!t || !hasScope(t, 'entity.name.type.author')) fail(i, 'author name not scoped', line);
      if (text.includes('该用户已被删除')) {
        bump('deleted user');
        checkAt(i, line, text.indexOf('该用户已被删除'), 'markup.deleted.deleted-user', 'deleted-user marker');
      }
      if (/^####\s+匿名\s*$/.test(text)) bump('anonymous');
    }
    if ((m = FLOOR.exec(text))) {
      bump('floor');
      checkAt(i, line, text.indexOf(m[1]!), 'constant.numeric.floor', 'floor number');
      checkAt(i, line, text.lastIndexOf(m[2]!), 'string.other.date', 'post date');
      const op = text.indexOf('楼主');
      if (op >= 0) {
        bump('OP mark');
        checkAt(i, line, op, 'keyword.other.op', 'OP mark');
      }
    }
    QUOTE_HEADER.lastIndex = 0;
    while ((m = QUOTE_HEADER.exec(text))) {
      bump('quote header');
      const name = (m[1] ?? m[2])!.trim();
      if (!name) continue;
      const at = text.indexOf(name, m.index + '<blockquote>'.length);
      const t = tokenAt(line, at);
      if (!t || !hasScope(t, 'meta.quote-header') || !hasScope(t, 'entity.name.type.author')) {
        fail(i, `quote header author "${name}" not scoped (got ${t ? t.scopes.slice(1).join(' ') : 'none'})`, line);
      }
      if (m[0].includes('findpost')) {
        bump('findpost link');
        checkAt(i, line, text.indexOf('http', m.index), 'markup.underline.link.findpost', 'findpost link');
      }
    }
    APP_HEADER.lastIndex = 0;
    while ((m = APP_HEADER.exec(text))) {
      bump('app quote header');
      checkAt(i, line, m.index, 'meta.quote-header.app', 'app quote header');
    }
    EDIT_NOTE.lastIndex = 0;
    while ((m = EDIT_NOTE.exec(text))) {
      bump('edit note');
      checkAt(i, line, m.index, 'comment.line.edit-note', 'edit note');
    }
    if (SIGNATURE.test(text)) {
      bump('signature');
      checkAt(i, line, text.search(/[—\-]/), 'comment.line.signature', 'signature');
    }
    IMG.lastIndex = 0;
    while ((m = IMG.exec(text))) {
      const smiley = SMILEY.test(text.slice(m.index));
      bump(smiley ? 'smiley' : 'image');
      checkAt(i, line, m.index, smiley ? 'comment.other.smiley' : 'meta.image', smiley ? 'smiley' : 'image');
    }
    LINK.lastIndex = 0;
    while ((m = LINK.exec(text))) {
      const at = m[0].startsWith(']') ? m.index + 2 : m.index;
      // not links: a smiley's source, a URL used as a link's title or as a quoted author's name, a URL
      // inside flattened code, a second src="…" inside one <img> tag
      const t = tokenAt(line, at);
      const notLinks = ['comment.other.smiley', 'string.other.link.title', 'entity.name.type.author', 'markup.inline.raw', 'meta.image'];
      if (t && notLinks.some((s) => hasScope(t, s))) continue;
      bump('link');
      checkAt(i, line, at, 'markup.underline.link', 'link');
    }
  }
  for (const mm of quoteMismatches(lines, maxProblems)) {
    if (problems.length >= maxProblems) break;
    problems.push(`line ${mm.line}: token ${JSON.stringify(mm.token.text.slice(0, 40))} should ${mm.expected ? '' : 'not '}be quoted`);
  }
  return { counts, problems };
}
