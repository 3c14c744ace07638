// What the features answer on unusual input (issue 13).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanLabel, cleanText } from '../../server/src/features/util';

describe('plain-text labels', () => {
  it('cleanText and cleanLabel drop controls, bidi overrides, lone surrogates; labels are one line', () => {
    const hostile = 'a\u0000b\u0007c\u001b[2Jd\u009be\u202ef\u2066g\u2028h\ud800i\udc00j\u{1f600}';
    assert.equal(cleanText(hostile), 'abc[2Jdefg\nh\ufffdi\ufffdj\u{1f600}');
    assert.equal(cleanLabel(hostile + '\tk\r\nl'), 'abc[2Jdefg h\ufffdi\ufffdj\u{1f600} k l');
  });
});
