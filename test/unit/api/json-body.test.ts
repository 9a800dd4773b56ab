import assert from 'node:assert/strict';
import { deeperThan, maxJsonDepth, maxStoredChars, oversizedFields } from '../../../bot/src/api/json-body';

const nested = (levels: number) => JSON.parse(`${'['.repeat(levels)}1${']'.repeat(levels)}`) as unknown;

describe('untrusted JSON bodies', () => {
  it('finds where a body nests too deeply without recursing: a million levels', () => {
    assert.equal(deeperThan({ highlights: nested(1_000_000) }, maxJsonDepth), 'highlights[0][0][0][0][0]...');
    assert.equal(deeperThan(nested(1_000_000), maxJsonDepth), '[0][0][0][0][0][0]...');
  });

  it('accepts up to the limit, and wide bodies', () => {
    assert.equal(deeperThan(nested(maxJsonDepth), maxJsonDepth), undefined);
    assert.equal(deeperThan(nested(maxJsonDepth + 1), maxJsonDepth), '[0][0][0][0][0][0]...');
    assert.equal(deeperThan({ a: Array.from({ length: 100_000 }, (_, i) => ({ i })) }, maxJsonDepth), undefined);
    assert.equal(deeperThan('text', 0), undefined);
    assert.equal(deeperThan({ a: { b: [1] } }, 2), 'a.b');
  });

  it('measures a field as the JSON text stored: escapes count', () => {
    const controls = Array.from({ length: 30 }, () => '\u0001'.repeat(500));
    assert.ok(controls.join('').length < maxStoredChars, 'fits as characters');
    const [problem, ...more] = oversizedFields({ highlights: controls, roadmap: ['fine'] }, ['highlights', 'roadmap', 'absent']);
    assert.equal(more.length, 0);
    assert.equal(problem!.field, 'highlights');
    assert.match(problem!.message, /90,\d{3} characters once written as JSON, at most 32,000/);
    assert.deepEqual(oversizedFields({ note: '"'.repeat(4_000) }, ['note'], 8_000), [{ field: 'note', message: 'is too large to store: 8,002 characters once written as JSON, at most 8,000; shorten it' }]);
  });
});
