export * from './types';
export * from './dates';
export { DumpDocument } from './document';
export type { Position, QuotedText, PostExtras, DocumentEdit } from './document';
export { scanDump } from './scanner';
export { normalizeForMatch, plainText, decodeEntities } from './html';
export { looksLikeDump } from './sniff';
