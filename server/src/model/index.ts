export * from './types';
export * from './dates';
export { DumpDocument } from './document';
export type { Position, QuotedText, PostExtras, DocumentEdit } from './document';
export { normalizeForMatch, plainText, decodeEntities, FINDPOST_PID } from './html';
export { looksLikeDump } from '../../../shared/protocol';
