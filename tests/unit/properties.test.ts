// Property-based tests (fast-check) of the parser, the resolver and every feature, with a fixed
// seed and a budget that fits CI. The properties and the input generators live in
// tests/helpers/properties.ts; `npm run fuzz` runs the same ones with a random seed and ≥1M cases.
//   - generated dumps: posts, quotes (link / plain / app form) of earlier posts, nested and
//     unbalanced <blockquote>s, odd headers and dates, hostile text, CRLF / mixed / lone CR, BOM;
//   - mutations of real files: seeds/ here (the same on every machine), ../shared/corpus below
//     when present; random text.
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadRealFiles, PROPERTIES, propertyOf } from '../helpers/properties';
import { SKIP_CORPUS } from '../helpers/paths';

/** The fixed seed: a failure here reproduces anywhere with the same seed and path. */
const SEED = 20261128;

/** Cases per unit of a property's weight (about 20 s on this kind of machine for the whole file). */
const BUDGET = Number(process.env.FORUM_DUMP_PROPERTY_RUNS ?? 1000);

describe('properties (fixed seed, seeds/ files)', () => {
  const files = loadRealFiles(false);
  PROPERTIES.forEach((p, i) => {
    const numRuns = Math.max(1, Math.round(BUDGET * p.weight));
    it(`${p.name}: ${p.says} (${numRuns} cases)`, () => {
      fc.assert(propertyOf(p, files), { seed: SEED + i, numRuns });
    });
  });
});

describe('properties on mutations of ../shared/corpus', { skip: SKIP_CORPUS }, () => {
  PROPERTIES.filter((p) => p.name !== 'parse: random text').forEach((p, i) => {
    const numRuns = Math.max(1, Math.round((BUDGET / 5) * p.weight));
    it(`${p.name} (${numRuns} cases)`, () => {
      fc.assert(propertyOf(p, loadRealFiles(true)), { seed: SEED + 100 + i, numRuns });
    });
  });
});
