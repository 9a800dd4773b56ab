import assert from 'node:assert/strict';
import { HttpProblem, toHttpAnswer } from '../../../bot/src/api/http-errors';
import { errorCatalogue, UpgradeDeskError } from '../../../bot/src/domain/errors';
import { ReleaseInvalidError } from '../../../bot/src/domain/release-rules';

describe('errors over HTTP', () => {
  it('answer every code of the catalogue with its status, its code and the correlation id', () => {
    for (const entry of errorCatalogue) {
      const answer = toHttpAnswer(new UpgradeDeskError(entry.code), 'cid-1');
      assert.equal(answer.status, entry.status, entry.code);
      assert.deepEqual(answer.body, { error: entry.code, message: entry.message, correlationId: 'cid-1' });
    }
  });

  it('add an HTTP problem\'s headers and details, never its cause', () => {
    const problem = new HttpProblem('unauthorized', undefined, { headers: { 'WWW-Authenticate': 'Bearer' }, details: { hint: 'x' }, cause: new Error('request to https://login.example failed') });
    const answer = toHttpAnswer(problem, 'cid-2');
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.headers, { 'WWW-Authenticate': 'Bearer' });
    assert.deepEqual(answer.body, { error: 'unauthorized', message: 'The Bot Framework token was not accepted.', hint: 'x', correlationId: 'cid-2' });
  });

  it('list a broken release\'s fields', () => {
    const answer = toHttpAnswer(new ReleaseInvalidError([{ field: 'highlights', message: 'is required' }]), 'cid-3');
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'release_invalid');
    assert.deepEqual(answer.body.fields, [{ field: 'highlights', message: 'is required' }]);
  });

  it('answer anything unexpected with 500 quoting the correlation id, and nothing of the error', () => {
    const answer = toHttpAnswer(new TypeError('endpoint.toLowerCase is not a function'), 'cid-4');
    assert.equal(answer.status, 500);
    assert.equal(answer.body.error, 'internal');
    assert.match(answer.body.message, /cid-4/);
    assert.doesNotMatch(JSON.stringify(answer), /toLowerCase/);
  });
});
