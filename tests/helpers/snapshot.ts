// A plain-data picture of a parsed document, to compare an incrementally updated document with
// a full parse of the same text.
import type { DumpDocument } from '../../server/src/model';

export function snapshot(doc: DumpDocument): unknown {
  return {
    lineStarts: [...doc.lineStarts],
    posts: doc.posts.map((p) => ({ ...p, quotes: [...p.quotes], problems: p.problems.map((x) => ({ ...x })) })),
    quotes: doc.quotes.map((q) => ({
      id: q.id,
      postIndex: q.postIndex,
      span: q.span,
      contentStart: q.contentStart,
      contentEnd: q.contentEnd,
      closed: q.closed,
      depth: q.depth,
      parent: q.parent,
      children: q.children,
      headerLimit: q.headerLimit,
      header: q.header,
      quoted: doc.quotedText(q),
    })),
    problems: doc.problems,
    texts: doc.posts.map((p) => doc.postText(p)),
    extras: doc.posts.map((p) => doc.extras(p)),
  };
}
