import assert from 'node:assert/strict';
import { errorCodes, fail, isUpgradeDeskError, ok, UpgradeDeskError } from '../../../bot/src/domain/errors';

describe('errors', () => {
  it('never repeats a code', () => {
    assert.equal(new Set(errorCodes).size, errorCodes.length);
  });

  it('uses snake_case codes', () => {
    for (const code of errorCodes) assert.match(code, /^[a-z]+(_[a-z]+)*$/);
  });

  it('carries its code, the message a person reads and the cause', () => {
    const cause = new Error('412 Precondition Failed');
    const error = new UpgradeDeskError('conflict', 'Someone else changed this upgrade just now.', { cause });
    assert.equal(error.code, 'conflict');
    assert.equal(error.userMessage, 'Someone else changed this upgrade just now.');
    assert.equal(error.message, error.userMessage);
    assert.equal(error.cause, cause);
    assert.equal(error.name, 'UpgradeDeskError');
    assert.ok(error instanceof Error);
    assert.ok(isUpgradeDeskError(error));
    assert.ok(!isUpgradeDeskError(cause));
    assert.ok(!isUpgradeDeskError({ code: 'conflict', userMessage: 'x' }));
  });

  it('builds results', () => {
    assert.deepEqual(ok(3), { ok: true, value: 3 });
    const refused = fail('not_found', 'No upgrade CHG-2026-0042.');
    assert.ok(!refused.ok && refused.error.code === 'not_found' && refused.error.userMessage === 'No upgrade CHG-2026-0042.');
  });
});
