import assert from 'node:assert/strict';
import fc from 'fast-check';
import { communicationNames, parseCommunication, shortName } from '../../../bot/src/domain/event-names';
import { communicationTitles, type Communication } from '../../../bot/src/domain/upgrade';

const everyCommunication = Object.keys(communicationTitles) as Communication[];

const expected: [string, Communication][] = [
  ['start', 'upgrade_start'],
  ['instance-start', 'instance_start'],
  ['instance-complete', 'instance_complete'],
  ['instance-failure', 'instance_failure'],
  ['instance-retry', 'instance_retry_start'],
  ['validation-start', 'validation_start'],
  ['validation-complete', 'validation_complete'],
  ['validation-failure', 'validation_failure'],
  ['validation-retry', 'validation_retry_start'],
  ['complete', 'upgrade_complete'],
  ['rollback-start', 'rollback_start'],
  ['rollback-complete', 'rollback_complete'],
];

const listed = 'Events: start, instance-start, instance-complete, instance-failure, instance-retry, validation-start, validation-complete, '
  + 'validation-failure, validation-retry, complete, rollback-start, rollback-complete, overrun.';

function refusal(name: string) {
  const result = parseCommunication(name);
  if (result.ok) return assert.fail(`"${name}" was read as ${result.value}`);
  assert.equal(result.error.code, 'bad_input');
  return result.error.userMessage;
}

describe('event names', () => {
  it('has one short name for every formal communication', () => {
    assert.deepEqual(Object.entries(communicationNames), expected);
    assert.deepEqual([...new Set(Object.values(communicationNames))].sort(), [...everyCommunication].sort());
  });

  for (const [short, communication] of expected) {
    it(`"${short}" is ${communication}, and back`, () => {
      assert.deepEqual(parseCommunication(short), { ok: true, value: communication });
      assert.equal(shortName(communication), short);
    });
  }

  it('reads every short name back to the communication it names', () => {
    for (const c of everyCommunication) assert.deepEqual(parseCommunication(shortName(c)), { ok: true, value: c });
  });

  it('accepts a communication\'s own name, also with hyphens', () => {
    for (const c of everyCommunication) {
      assert.deepEqual(parseCommunication(c), { ok: true, value: c });
      assert.deepEqual(parseCommunication(c.replace(/_/g, '-')), { ok: true, value: c });
    }
  });

  it('ignores case and surrounding spaces, as typed in chat', () => {
    assert.deepEqual(parseCommunication('  Instance-Start '), { ok: true, value: 'instance_start' });
    assert.deepEqual(parseCommunication('UPGRADE_COMPLETE'), { ok: true, value: 'upgrade_complete' });
    assert.deepEqual(parseCommunication('\tcomplete\n'), { ok: true, value: 'upgrade_complete' });
  });

  it('refuses an unknown name, quoting it and listing the events', () => {
    assert.equal(refusal('instance-finish'), `"instance-finish" is not an upgrade event. ${listed}`);
    assert.equal(refusal(''), `"" is not an upgrade event. ${listed}`);
    assert.equal(refusal('upgrade start'), `"upgrade start" is not an upgrade event. ${listed}`);
  });

  it('does not take a name that only looks like a property of every object for an event', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      assert.equal(refusal(name), `"${name}" is not an upgrade event. ${listed}`);
    }
  });

  it('reads any text either as one of the communications or as a refusal listing the events', () => {
    fc.assert(fc.property(fc.string(), (name) => {
      const result = parseCommunication(name);
      if (result.ok) return everyCommunication.includes(result.value);
      return result.error.code === 'bad_input' && result.error.userMessage.endsWith(listed);
    }));
  });
});
