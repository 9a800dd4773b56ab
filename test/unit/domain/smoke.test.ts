import assert from 'node:assert/strict';
import { defaultWindowPolicy } from '../../../bot/src/domain/client';
import { nextAvailableWindows } from '../../../bot/src/domain/window';

describe('smoke', () => {
  it('offers Fri 2026-12-04 18:00 London first for a request on Wed 2026-11-25', () => {
    const [first] = nextAvailableWindows({
      now: new Date('2026-11-25T10:00:00Z'), timeZone: 'Europe/London', policy: defaultWindowPolicy,
      kind: 'major', booked: [], blackoutDates: [],
    });
    assert.equal(first?.startsAt, '2026-12-04T18:00:00.000Z');
  });
});
