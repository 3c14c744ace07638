// Quick fixes for broken and ambiguous quotes: "Point this quote at #N (author, time)", best
// match first. The edit rewrites only the quote header (its date, its author, or its pid).
import * as l10n from '@vscode/l10n';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { decodeEntities, FINDPOST_PID, formatMinuteArchive, type DumpDocument, type Quote, type QuoteHeader } from '../model';
import { parseQuoteHeader } from '../model/html';
import { excerptScore, quoteAuthor, targetOf, type DumpFile, type PostRef, type RequestView, type ThreadResolution } from '../workspace';
import { cleanLabel, escapeHtmlText, floorRef, toRange } from './util';

export const MAX_FIXES = 3;
/** Quotes of one request that get fixes, at the most. */
export const MAX_FIX_QUOTES = 20;

interface Candidate {
  ref: PostRef;
  score: number;
  distance: number;
}

/** Posts a broken quote may mean: by its author at any time, or by anyone with its exact text. */
export function rankCandidates(view: RequestView, q: Quote): Candidate[] {
  const h = q.header;
  const { file, thread } = view;
  if (!h) return [];
  const quoted = file.doc.quotedNormalized(q);
  const author = quoteAuthor(h.author);
  const out: Candidate[] = [];
  for (const f of thread.files) {
    for (const post of f.doc.posts) {
      if (f === file && post.index === q.postIndex) continue;
      const sameAuthor = post.author === author;
      const score = quoted.length > 0 ? excerptScore(quoted, f.doc.postNormalized(post)) : 0;
      // Another author only when the quoted text is the start of their post.
      if (!sameAuthor && !(score === 3 && quoted.length >= 6)) continue;
      const distance = h.date && post.date ? Math.abs(post.date.minute - h.date.minute) : Number.MAX_SAFE_INTEGER;
      out.push({ ref: { file: f, post }, score: score + (sameAuthor ? 0.5 : 0), distance });
    }
  }
  out.sort((a, b) => b.score - a.score || a.distance - b.distance);
  return out;
}

function title(c: PostRef, from: DumpFile): string {
  return cleanLabel(l10n.t('Point this quote at {0} ({1}, {2})', floorRef(targetOf(c), from), c.post.author, c.post.date?.text ?? '?'));
}

/**
 * The edits that point a quote's header at `target` (its author, escaped as the archive writes
 * HTML text, and its minute), or null when the rewritten header would not read back as exactly
 * that author and minute, or the quote would still not resolve to `target` (another post by the
 * same author at that minute that the quoted text prefers): a fix offered always works.
 */
function pointAt(doc: DumpDocument, q: Quote, h: QuoteHeader, target: PostRef, thread: ThreadResolution): TextEdit[] | null {
  // Resolution compares the header's author, entities decoded, with the post's, decoded.
  const author = decodeEntities(target.post.author);
  const minute = target.post.date!.minute;
  const edits: { start: number; end: number; text: string }[] = [];
  if (author !== quoteAuthor(h.author)) edits.push({ start: h.authorSpan.start, end: h.authorSpan.end, text: escapeHtmlText(author) });
  edits.push({ start: h.dateSpan.start, end: h.dateSpan.end, text: formatMinuteArchive(minute) });
  // Read the header line back as it will be.
  let line = doc.slice(q.contentStart, q.headerLimit);
  for (const e of [...edits].sort((a, b) => b.start - a.start)) line = line.slice(0, e.start - q.contentStart) + e.text + line.slice(e.end - q.contentStart);
  const back = parseQuoteHeader(line, 0, line.length);
  if (!back?.date || back.date.minute !== minute || quoteAuthor(back.author) !== author) return null;
  const to = thread.resolveAs(q, author, minute);
  if (!to || to.post !== target.post || to.file !== target.file) return null;
  return edits.map((e) => ({ range: toRange(doc, e), newText: e.text }));
}

export function codeActions(view: RequestView, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
  const { file, uri } = view;
  const doc = file.doc;
  const out: CodeAction[] = [];
  const start = doc.offsetAt(range.start);
  const end = doc.offsetAt(range.end);
  let fixable = 0;
  for (const q of doc.quotes) {
    const h = q.header;
    if (!h || h.span.end < start || h.span.start > end) continue;
    const r = view.thread.of(q);
    if (!r || (r.status !== 'notfound' && r.status !== 'ambiguous')) continue;
    // A selection over thousands of broken quotes gets fixes for the first few: each costs a
    // pass over every post of the thread, and a menu of thousands of fixes helps no one.
    if (++fixable > MAX_FIX_QUOTES) break;
    const diag = diagnostics.filter((d) => d.code === (r.status === 'notfound' ? 'broken-quote' : 'ambiguous-quote'));
    if (r.status === 'notfound') {
      const fixes: { c: Candidate; edits: TextEdit[] }[] = [];
      for (const c of rankCandidates(view, q)) {
        if (fixes.length >= MAX_FIXES) break;
        if (!c.ref.post.date) continue;
        const edits = pointAt(doc, q, h, c.ref, view.thread);
        if (edits) fixes.push({ c, edits });
      }
      fixes.forEach(({ c, edits }, i) => {
        out.push({
          title: title(c.ref, file),
          kind: CodeActionKind.QuickFix,
          diagnostics: diag,
          isPreferred: i === 0 && c.score >= 2,
          edit: { changes: { [uri]: edits } },
        });
      });
    } else if (h.hrefSpan && FINDPOST_PID.test(doc.slice(h.hrefSpan.start, h.hrefSpan.end))) {
      // Ambiguous: author and minute are the same for every candidate; a known pid tells them apart.
      const pids = view.thread.pids;
      const quoted = doc.quotedNormalized(q);
      const ranked = r.candidates
        .map((c) => ({ c, pid: [...(pids ?? [])].find(([, ref]) => ref.file === c.file && ref.post === c.post)?.[0], score: excerptScore(quoted, c.file.doc.postNormalized(c.post)) }))
        .filter((x) => x.pid)
        .sort((a, b) => b.score - a.score);
      for (const x of ranked.slice(0, MAX_FIXES)) {
        const raw = doc.slice(h.hrefSpan.start, h.hrefSpan.end);
        const m = FINDPOST_PID.exec(raw)!;
        const at = h.hrefSpan.start + m.index + m[1].length;
        out.push({
          title: title(x.c, file),
          kind: CodeActionKind.QuickFix,
          diagnostics: diag,
          edit: { changes: { [uri]: [{ range: toRange(doc, { start: at, end: at + m[2].length }), newText: x.pid! }] } },
        });
      }
    }
  }
  return out;
}
