// The custom request `forumDump/posts`: every post of a file with what a picker or a status bar
// shows (floor, author, date, OP mark, first words, reply count).
import type { PostSummary } from '../../../shared/protocol';
import { targetOf, type RequestView } from '../workspace';
import { cleanLabel, firstQuotePerPost, firstWordsOfPost } from './util';

export function postSummaries(view: RequestView): PostSummary[] {
  const { file } = view;
  return file.doc.posts.map((post) => ({
    index: post.index,
    floor: post.floor,
    author: cleanLabel(post.author),
    date: post.date?.text ?? null,
    op: post.op,
    line: post.line,
    endLine: file.doc.lineOf(post.span.end),
    firstWords: firstWordsOfPost({ file, post }, 60),
    // Replying posts: a post that quotes this one twice is one reply.
    replies: firstQuotePerPost(view.repliesTo(targetOf({ file, post }))).length,
  }));
}
