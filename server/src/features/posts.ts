// The custom request `forumDump/posts`: every post of a file with what a picker or a status bar
// shows (floor, author, date, OP mark, first words, reply count).
import type { WorkspaceIndex } from '../workspace';
import { firstWords } from './callHierarchy';

export const POSTS_REQUEST = 'forumDump/posts';

export interface PostSummary {
  index: number;
  floor: number | null;
  author: string;
  date: string | null;
  op: boolean;
  /** 0-based lines: the author line, and the post's last line. */
  line: number;
  endLine: number;
  firstWords: string;
  replies: number;
}

export function postSummaries(index: WorkspaceIndex, uri: string): PostSummary[] {
  const file = index.get(uri);
  if (!file) return [];
  return file.doc.posts.map((post) => ({
    index: post.index,
    floor: post.floor,
    author: post.author,
    date: post.date?.text ?? null,
    op: post.op,
    line: post.line,
    endLine: file.doc.lineOf(post.span.end),
    firstWords: firstWords({ file, post }, 60),
    replies: index.repliesTo(uri, post.index).length,
  }));
}
