// Messages between the extension and the thread view's webview, and their validation: the view
// is untrusted (it renders archive content), so every message from it is checked before use.
import type { RenderedPost, ThreadMetaWire } from '../../../shared/protocol';

/** Strings the view shows, translated by the extension (the view has no l10n of its own). */
export interface ViewStrings {
  [key: string]: string;
}

export type ToView =
  | { type: 'init'; meta: ThreadMetaWire; strings: ViewStrings; start: number; posts: RenderedPost[]; continueAt: number | null; lastSeenDate: string | null; remoteImages: boolean }
  | { type: 'meta'; meta: ThreadMetaWire }
  | { type: 'posts'; generation: string; posts: RenderedPost[] }
  | { type: 'reveal'; id: number; highlight?: boolean }
  | { type: 'probe'; seq: number; action: ProbeAction };

export type ProbeAction =
  | { op: 'state' }
  | { op: 'click'; selector: string; index?: number; double?: boolean }
  | { op: 'key'; key: string }
  | { op: 'goto'; floor: string }
  | { op: 'scrollTo'; id: number }
  | { op: 'postText'; id: number };

export type FromView =
  | { type: 'ready' }
  | { type: 'fetch'; from: number; to: number }
  | { type: 'scrolled'; id: number }
  | { type: 'open'; id: number }
  | { type: 'openExternal'; url: string }
  | { type: 'progress'; id: number }
  | { type: 'probeResult'; seq: number; result: unknown };

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000_000;

/** The message if it is one the view may send (shape and bounds), else undefined. */
export function validateFromView(m: unknown): FromView | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return { type: 'ready' };
    case 'fetch':
      return isId(o.from) && isId(o.to) && o.to >= o.from ? { type: 'fetch', from: o.from, to: o.to } : undefined;
    case 'scrolled':
    case 'open':
    case 'progress':
      return isId(o.id) ? { type: o.type, id: o.id } : undefined;
    case 'openExternal':
      return typeof o.url === 'string' && o.url.length < 4096 && safeExternalUrl(o.url) ? { type: 'openExternal', url: o.url } : undefined;
    case 'probeResult':
      return isId(o.seq) ? { type: 'probeResult', seq: o.seq, result: o.result } : undefined;
    default:
      return undefined;
  }
}

/** Only http(s) URLs with a host leave the view (to the browser, through the extension). */
export function safeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !/[\s<>"'`]/.test(url);
  } catch {
    return false;
  }
}
