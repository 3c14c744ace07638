// Property-based checks of the parser, the resolver and every feature, shared by
// tests/unit/properties.test.ts (a fixed seed and a budget that fits CI) and scripts/fuzz.mjs
// (a random seed and a million cases or more).
//   - arbitraries: generated dumps (posts, quotes in link / plain / app form pointing at earlier
//     posts, nested and unbalanced <blockquote>s, odd headers, hostile text), mutations of real
//     files (lines deleted, duplicated, swapped, truncated, random bytes spliced in), random text;
//   - checks: plain functions that throw on a violation, so a property is `fc.property(arb, check)`.
import fc from 'fast-check';
import { DumpDocument} from '../../server/src/model';
import { buildDump, dumpPlanArb, editArb, FRACTION, generatedDumpArb, mutatedFileArb, randomTextArb, type Edit, type RealFile } from './arbitraries';
import { checkFeatures, checkIncrementalDocument, checkIncrementalIndex, checkModel, checkNavigation, indexOf } from './invariants';

export { loadRealFiles } from './arbitraries';

// ---------------------------------------------------------------------------------------------
// The properties

export interface PropertyDef<T = any> {
  name: string;
  /** What the property says, for reports. */
  says: string;
  /** Cases per unit of budget in the fixed-seed test (they differ in cost). */
  weight: number;
  /** Share of a fuzz run's cases. */
  fuzzShare: number;
  /** The inputs, given the real files to mutate. */
  arb: (files: RealFile[]) => fc.Arbitrary<T>;
  /** Throws when the property does not hold for an input. */
  check: (input: T) => void;
}

/** The property as fast-check runs it. */
export function propertyOf<T>(p: PropertyDef<T>, files: RealFile[]): fc.IPropertyWithHooks<[T]> {
  return fc.property(p.arb(files), (v) => p.check(v));
}

/** A dump to test with: generated, a mutated real file, or random text. */
function sourceArb(files: RealFile[]): fc.Arbitrary<string> {
  const arbs: fc.WeightedArbitrary<string>[] = [
    { weight: 5, arbitrary: generatedDumpArb },
    { weight: 1, arbitrary: randomTextArb },
  ];
  if (files.length > 0) arbs.push({ weight: 3, arbitrary: mutatedFileArb(files).map((m) => m.text) });
  return fc.oneof(...arbs);
}

const fractionsArb = fc.array(FRACTION, { minLength: 1, maxLength: 4 });

export const PROPERTIES: PropertyDef[] = [
  {
    name: 'parse: random text',
    says: 'any UTF-16 text (lone surrogates, NUL, binary junk, CR) parses without throwing into a consistent model',
    weight: 4,
    fuzzShare: 0.4,
    arb: () => randomTextArb,
    check: (t: string) => checkModel(new DumpDocument(t)),
  },
  {
    name: 'parse: dumps',
    says: 'generated and mutated real dumps parse into a consistent model: lines, posts disjoint and in order, quotes inside their posts',
    weight: 3,
    fuzzShare: 0.2,
    arb: sourceArb,
    check: (t: string) => checkModel(new DumpDocument(t)),
  },
  {
    name: 'features: in bounds',
    says: 'every feature answers without throwing; every range is inside its document and ordered; hover Markdown is inert',
    weight: 2,
    fuzzShare: 0.08,
    arb: (files) => fc.tuple(fc.array(sourceArb(files), { minLength: 1, maxLength: 2 }), fractionsArb),
    check: ([texts, fr]: [string[], number[]]) => {
      const { index, uris } = indexOf(texts);
      checkFeatures(index, uris, fr);
    },
  },
  {
    name: 'navigation: definition/references',
    says: 'definitions land on post headers; references of a post are exactly the quotes that define it',
    weight: 2,
    fuzzShare: 0.12,
    arb: (files) => fc.array(sourceArb(files), { minLength: 1, maxLength: 2 }),
    check: (texts: string[]) => {
      const { index, uris } = indexOf(texts);
      checkNavigation(index, uris);
    },
  },
  {
    name: 'incremental: document',
    says: 'after any sequence of edits, DumpDocument.update equals a full parse of the edited text',
    weight: 2,
    fuzzShare: 0.12,
    arb: (files) => fc.tuple(sourceArb(files), fc.array(editArb, { minLength: 1, maxLength: 8 })),
    check: ([text, edits]: [string, Edit[]]) => checkIncrementalDocument(text, edits),
  },
  {
    name: 'incremental: resolution',
    says: 'after edits through WorkspaceIndex.update, every quote resolves as in a fresh index (two page files of a thread)',
    weight: 1,
    fuzzShare: 0.08,
    arb: (files) =>
      fc.tuple(
        fc.tuple(sourceArb(files), dumpPlanArb.map((p) => buildDump(p, 5000, 100))),
        fc.array(fc.record({ file: fc.constantFrom(0 as const, 1 as const), edit: editArb }), { minLength: 1, maxLength: 5 }),
      ),
    check: ([texts, edits]: [[string, string], { file: 0 | 1; edit: Edit }[]]) => checkIncrementalIndex(texts, edits),
  },
];

