import assert from 'node:assert/strict';
import { errorCatalogue, errorCodes, errorEntry, fail, isUpgradeDeskError, ok, UpgradeDeskError } from '../../../bot/src/domain/errors';

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

describe('the error catalogue', () => {
  it('gives every code one entry with a layer, an HTTP error status and a message', () => {
    assert.equal(new Set(errorCatalogue.map((e) => e.code)).size, errorCatalogue.length);
    for (const entry of errorCatalogue) {
      assert.ok(entry.status >= 400 && entry.status <= 599, `${entry.code}: ${entry.status}`);
      assert.match(entry.message, /^[A-Z].*\.$/, entry.code);
      assert.deepEqual(errorEntry(entry.code), entry);
    }
  });

  it('covers every layer: domain, HTTP, delivery, SharePoint publishing, configuration', () => {
    assert.deepEqual([...new Set(errorCatalogue.map((e) => e.layer))].sort(), ['config', 'delivery', 'domain', 'http', 'intranet']);
  });

  it('is what an error answers with: its status, and the catalogue message when it has none of its own', () => {
    const error = new UpgradeDeskError('window_unavailable');
    assert.equal(error.status, 409);
    assert.equal(error.userMessage, errorEntry('window_unavailable').message);
    assert.equal(new UpgradeDeskError('not_found', 'No upgrade CHG-2026-0042.').status, 404);
  });
});
