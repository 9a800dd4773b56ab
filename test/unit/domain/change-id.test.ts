import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatChangeId, parseChangeId } from '../../../bot/src/domain/change-id';

describe('change ids', () => {
  it('formats the year and a four-digit sequence', () => {
    assert.equal(formatChangeId(2026, 42), 'CHG-2026-0042');
    assert.equal(formatChangeId(2027, 1), 'CHG-2027-0001');
    assert.equal(formatChangeId(2026, 12345), 'CHG-2026-12345');
  });

  it('reads an id back, whatever its case and surrounding spaces', () => {
    assert.deepEqual(parseChangeId('CHG-2026-0042'), { ok: true, value: { id: 'CHG-2026-0042', year: 2026, sequence: 42 } });
    assert.deepEqual(parseChangeId('  chg-2026-0042 '), { ok: true, value: { id: 'CHG-2026-0042', year: 2026, sequence: 42 } });
  });

  for (const text of ['', 'CHG-26-0042', 'CHG-2026-42', 'CHG 2026 0042', 'INC-2026-0042', 'CHG-2026-0042x', 'CHG-2026--042']) {
    it(`refuses "${text}", showing what an id looks like`, () => {
      const result = parseChangeId(text);
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'change_id_invalid');
      assert.equal(result.error.userMessage, `"${text}" is not a change id; they look like CHG-2026-0042.`);
    });
  }

  it('reads back every id it formats', () => {
    fc.assert(fc.property(fc.integer({ min: 2000, max: 9999 }), fc.integer({ min: 0, max: 999_999 }), (year, sequence) => {
      const id = formatChangeId(year, sequence);
      assert.deepEqual(parseChangeId(id), { ok: true, value: { id, year, sequence } });
    }), { numRuns: 200 });
  });
});
