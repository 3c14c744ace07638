// Diagnostics: broken, ambiguous, mismatched and contradicting quotes; malformed headers;
// duplicate and backwards floors; unbalanced <blockquote>. One stable code per kind, a
// severity per kind from the settings (`forumDump.diagnostics.*`).
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import * as l10n from '@vscode/l10n';
import type { ProblemCode } from '../model';
import type { RequestView } from '../workspace';
import { cleanLabel, hoursText, postLabel, postLocation, quoteLocation, toRange } from './util';

export type DiagnosticCode =
  | 'broken-quote'
  | 'ambiguous-quote'
  | 'mismatched-quote'
  | 'pid-conflict'
  | 'quote-outside'
  | 'quote-offset'
  | 'invalid-quote-date'
  | ProblemCode;

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'ignore';

export const DIAGNOSTIC_CODES: { code: DiagnosticCode; setting: string; default: SeveritySetting }[] = [
  { code: 'broken-quote', setting: 'brokenQuote', default: 'warning' },
  { code: 'ambiguous-quote', setting: 'ambiguousQuote', default: 'warning' },
  { code: 'mismatched-quote', setting: 'mismatchedQuote', default: 'information' },
  { code: 'pid-conflict', setting: 'pidConflict', default: 'warning' },
  { code: 'quote-outside', setting: 'quoteOutside', default: 'information' },
  { code: 'quote-offset', setting: 'quoteOffset', default: 'hint' },
  { code: 'invalid-quote-date', setting: 'invalidQuoteDate', default: 'warning' },
  { code: 'malformed-header', setting: 'malformedHeader', default: 'error' },
  { code: 'duplicate-floor', setting: 'duplicateFloor', default: 'information' },
  { code: 'backwards-floor', setting: 'backwardsFloor', default: 'information' },
  { code: 'unclosed-blockquote', setting: 'unclosedBlockquote', default: 'warning' },
  { code: 'stray-blockquote-close', setting: 'strayBlockquoteClose', default: 'warning' },
];

export interface DiagnosticSettings {
  enabled: boolean;
  /** Severity per code; missing codes take their default. */
  severity: Partial<Record<DiagnosticCode, SeveritySetting>>;
}

export const defaultDiagnosticSettings: DiagnosticSettings = { enabled: true, severity: {} };

/** Reads the `forumDump.diagnostics` settings object (`{enabled, brokenQuote: 'warning', …}`). */
export function diagnosticSettingsFrom(raw: unknown): DiagnosticSettings {
  const out: DiagnosticSettings = { enabled: true, severity: {} };
  if (!raw || typeof raw !== 'object') return out;
  const o = raw as Record<string, unknown>;
  if (o.enabled === false) out.enabled = false;
  const allowed = new Set(['error', 'warning', 'information', 'hint', 'ignore']);
  for (const d of DIAGNOSTIC_CODES) {
    const v = o[d.setting];
    if (typeof v === 'string' && allowed.has(v)) out.severity[d.code] = v as SeveritySetting;
  }
  return out;
}

const SEVERITY: Record<Exclude<SeveritySetting, 'ignore'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function severityOf(settings: DiagnosticSettings, code: DiagnosticCode): DiagnosticSeverity | null {
  const s = settings.severity[code] ?? DIAGNOSTIC_CODES.find((d) => d.code === code)?.default ?? 'warning';
  return s === 'ignore' ? null : SEVERITY[s];
}

/**
 * Every diagnostic of one file of the index. Messages quote authors and dates from the dump:
 * `plain` makes them safe plain text (cleanLabel for an editor; the CLI passes them through and
 * escapes them visibly itself).
 */
export function computeDiagnostics(view: RequestView, settings: DiagnosticSettings = defaultDiagnosticSettings, plain: (s: string) => string = cleanLabel): Diagnostic[] {
  const { file } = view;
  if (!settings.enabled) return [];
  const doc = file.doc;
  const out: Diagnostic[] = [];
  const push = (code: DiagnosticCode, span: { start: number; end: number }, message: string, related?: DiagnosticRelatedInformation[]) => {
    const severity = severityOf(settings, code);
    if (severity === null) return;
    const d: Diagnostic = { range: toRange(doc, span), severity, code, source: 'forum-dump', message: plain(message) };
    if (related && related.length > 0) d.relatedInformation = related.map((r) => ({ location: r.location, message: plain(r.message) }));
    out.push(d);
  };

  for (const p of doc.problems) push(p.code, p.span, l10n.t(p.template, ...p.args));

  {
    const res = view.thread;
    // Only quotes that did not resolve cleanly can have something to say.
    for (const q of res.flaggedIn(file)) {
      const r = view.resolve(q);
      const h = q.header;
      if (!r || !h) continue;
      if (!h.date && r.status !== 'resolved') {
        push(
          'invalid-quote-date',
          h.dateSpan.end > h.dateSpan.start ? h.dateSpan : h.span,
          l10n.t('Quote header "{0}": "{1}" is not a valid date', `${h.author} 发表于 ${h.dateText}`, h.dateText),
        );
        continue;
      }
      if (!h.date) continue;
      // Most quotes resolve cleanly: nothing to report, nothing to format.
      if (r.status === 'resolved' && !r.mismatch && r.how !== 'offset' && !r.pidConflict) continue;
      const date = h.date.text;
      switch (r.status) {
        case 'notfound': {
          const near = r.candidates.slice(0, 3);
          push(
            'broken-quote',
            h.span,
            near.length > 0
              ? l10n.t('Broken quote: no post by {0} at {1} in this thread (posts by {0} at other hours: {2})', h.author, date, near.map((c) => postLabel(c, file)).join(', '))
              : l10n.t('Broken quote: no post by {0} at {1} in this thread', h.author, date),
            near.map((c) => ({ location: postLocation(c), message: `${postLabel(c, file)} ${c.date ?? '?'}` })),
          );
          break;
        }
        case 'ambiguous':
          push(
            'ambiguous-quote',
            h.span,
            l10n.t(
              'Ambiguous quote: {0} posts by {1} at {2} ({3}) and the quoted text does not decide',
              r.candidates.length,
              h.author,
              date,
              r.candidates
                .slice(0, 5)
                .map((c) => postLabel(c, file))
                .join(', '),
            ),
            r.candidates.slice(0, 10).map((c) => ({ location: postLocation(c), message: postLabel(c, file) })),
          );
          break;
        case 'outside':
          push(
            'quote-outside',
            h.span,
            r.outsideReason === 'other-thread'
              ? l10n.t('The quoted post is in another thread ({0}), not in this folder', h.ptid ?? '')
              : l10n.t('The quoted post ({0}, {1}) is not in this folder: it predates the page files present', h.author, date),
          );
          break;
        case 'resolved': {
          const t = r.target;
          if (!t) break;
          const related = [{ location: postLocation(t), message: postLabel(t, file) }];
          if (r.mismatch) {
            push('mismatched-quote', h.span, l10n.t('Quoted text is not from {0} ({1}): the post may have been edited', postLabel(t, file), t.date ?? ''), related);
          }
          if (r.how === 'offset') {
            push('quote-offset', h.span, l10n.t('Quote found {0} only at a {1} h time-zone offset', postLabel(t, file), hoursText(r.offsetHours!)), related);
          }
          if (r.pidConflict) {
            const other = r.pidConflictTarget;
            push(
              'pid-conflict',
              h.hrefSpan ?? h.span,
              l10n.t('findpost pid {0} lands on {1} here but on {2} in another quote', h.pid ?? '', postLabel(t, file), other ? postLabel(other, file) : '?'),
              [
                { location: quoteLocation(r.pidConflict), message: l10n.t('the other quote with this pid') },
              ],
            );
          }
          break;
        }
      }
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
