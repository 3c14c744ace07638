// A deterministic generator of realistic dumps for benchmarks. Post bodies are real bodies from
// seeds/ (text, images, links, signatures); authors, floors, dates and quotes follow the archive's
// shapes (format.md): about one quote per three posts, 87% in the findpost-link form, half of the
// excerpts truncated with " ...", quoting mostly recent posts; 1,480 floors per page file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DumpDocument, formatMinuteArchive, plainText } from '../server/src/model';
import { prng } from '../tests/helpers/prng';


interface Body {
  raw: string;
  plain: string;
}

let bodies: Body[] | undefined;

/** Real post bodies (without their quotes) from the files in seeds/. */
export function sampleBodies(root = process.env.FORUM_DUMP_ROOT ?? path.resolve(__dirname, '../..')): Body[] {
  if (bodies) return bodies;
  const out: Body[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|txt)$/.test(e.name)) {
        const doc = new DumpDocument(fs.readFileSync(p, 'utf8').replace(/^\ufeff/, '').replace(/\r\n/g, '\n'));
        for (const post of doc.posts) {
          let raw = '';
          let at = post.body.start;
          for (const id of post.quotes) {
            const q = doc.quotes[id];
            if (q.depth > 0) continue;
            raw += doc.text.slice(at, q.span.start);
            at = q.span.end;
          }
          raw += doc.text.slice(at, post.body.end);
          raw = raw.replace(/^\s+/, '').replace(/<\/?blockquote>/g, '');
          if (raw.length === 0 || raw.includes('*****')) continue;
          out.push({ raw, plain: plainText(raw, [{ start: 0, end: raw.length }]).trim() });
        }
      }
    }
  };
  walk(path.join(root, 'seeds'));
  bodies = out;
  return out;
}

export interface GenOptions {
  /** Target size in bytes (UTF-8) of each file. */
  bytes: number;
  seed?: number;
  /** Thread id written into quote links and used for file names. */
  tid?: string;
  /** First floor number (page files continue a thread: 1, 1481, 2961, …). */
  firstFloor?: number;
  /** Minute of the first post. */
  startMinute?: number;
  authors?: number;
}

export interface Generated {
  text: string;
  posts: number;
  quotes: number;
  /** Where the next page file would continue. */
  nextFloor: number;
  nextMinute: number;
}

const START = Date.UTC(2025, 0, 20, 8, 0) / 60000;

export function generateDump(o: GenOptions): Generated {
  const rand = prng(o.seed ?? 1);
  const pool = sampleBodies();
  const tid = o.tid ?? '2999999';
  const nAuthors = o.authors ?? 400;
  const authors = Array.from({ length: nAuthors }, (_, i) => `user${(i * 7919) % 100000}`);
  // A few people write most posts (Zipf-like).
  const pickAuthor = () => authors[Math.floor(nAuthors * Math.pow(rand(), 2.2))];
  const posts: { author: string; minute: number; floor: number; plain: string }[] = [];
  const parts: string[] = ['\n'];
  let bytes = 1;
  let floor = o.firstFloor ?? 1;
  let minute = o.startMinute ?? START;
  let quotes = 0;
  let pid = 60000000 + (o.seed ?? 1) * 1000000;
  while (bytes < o.bytes) {
    const author = posts.length === 0 && floor === 1 ? 'starter' : pickAuthor();
    minute += Math.floor(rand() * rand() * 6);
    const body = pool[Math.floor(rand() * pool.length)];
    let quote = '';
    if (posts.length > 0 && rand() < 0.34) {
      // Mostly recent posts: distance drawn from a geometric-like spread.
      const back = Math.min(posts.length, 1 + Math.floor(-Math.log(1 - rand()) * 25));
      const t = posts[posts.length - back];
      const flat = t.plain.replace(/\n+/g, '\n');
      const cut = rand() < 0.51 && flat.length > 40;
      const excerpt = cut ? flat.slice(0, 40) + ' ...' : flat;
      const date = formatMinuteArchive(t.minute);
      quote =
        rand() < 0.87
          ? `<blockquote><a href="httphttps://bbs.saraba1st.com/2b/forum.php?mod=redirect&amp;goto=findpost&amp;pid=${pid++}&amp;ptid=${tid}" target="_blank">${t.author} 发表于 ${date}</a>\n${excerpt}</blockquote>\n`
          : `<blockquote>${t.author} 发表于 ${date}\n${excerpt}</blockquote>\n`;
      quotes++;
    }
    const marks = floor === 1 ? '       楼主       ' : '       ';
    const block = `*****\n\n####  ${author}  \n##### ${floor}#${marks}发表于 ${formatMinuteArchive(minute)}\n\n${quote}${body.raw}\n\n`;
    parts.push(block);
    bytes += Buffer.byteLength(block);
    posts.push({ author, minute, floor, plain: body.plain });
    floor++;
  }
  return { text: parts.join(''), posts: posts.length, quotes, nextFloor: floor, nextMinute: minute + 1 };
}

/** A thread folder's page files: `<tid>-NN[bench].md`, `perFile` bytes each. */
export function generateThread(files: number, perFile: number, tid = '2999999'): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  let floor = 1;
  let minute = START;
  for (let i = 1; i <= files; i++) {
    const g = generateDump({ bytes: perFile, seed: i, tid, firstFloor: floor, startMinute: minute });
    out.push({ name: `${tid}-${String(i).padStart(2, '0')}[bench].md`, text: g.text });
    floor = g.nextFloor;
    minute = g.nextMinute;
  }
  return out;
}
