import assert from 'node:assert/strict';
import { compareVersions, describeOutage, versionPattern, withReleaseDefaults } from '../../../bot/src/domain/release';

const base = { version: '5.0', availableOn: '2026-11-02', highlights: [], roadmap: [], townhall: {}, prerequisites: [], runbook: [] };

describe('releases', () => {
  it('expects ConneX and Add It offline for 10-20 minutes unless told otherwise', () => {
    const release = withReleaseDefaults({ ...base, kind: 'minor' });
    assert.deepEqual(release.outages, [{ features: ['ConneX', 'Add It'], minMinutes: 10, maxMinutes: 20 }]);
    assert.equal(describeOutage(release.outages[0]!), 'ConneX and Add It may be offline for 10-20 minutes');
  });

  it('advises a content freeze for a major by default, not for a minor, and keeps what it is told', () => {
    assert.equal(withReleaseDefaults({ ...base, kind: 'major' }).contentFreezeAdvised, true);
    assert.equal(withReleaseDefaults({ ...base, kind: 'minor' }).contentFreezeAdvised, false);
    assert.equal(withReleaseDefaults({ ...base, kind: 'major', contentFreezeAdvised: false }).contentFreezeAdvised, false);
    assert.equal(withReleaseDefaults({ ...base, kind: 'minor', contentFreezeAdvised: true }).contentFreezeAdvised, true);
  });

  it('gives each release its own copy of the default outages', () => {
    const a = withReleaseDefaults({ ...base, kind: 'minor' });
    a.outages[0]!.features.push('Reports');
    assert.deepEqual(withReleaseDefaults({ ...base, kind: 'minor' }).outages[0]!.features, ['ConneX', 'Add It']);
  });

  it('describes outages in plain words', () => {
    assert.equal(describeOutage({ features: ['Search'], minMinutes: 5, maxMinutes: 5 }), 'Search may be offline for 5 minutes');
    assert.equal(describeOutage({ features: ['A', 'B', 'C'], minMinutes: 1, maxMinutes: 3 }), 'A, B and C may be offline for 1-3 minutes');
    assert.equal(describeOutage({ features: [], minMinutes: 1, maxMinutes: 3 }), 'Some features may be offline for 1-3 minutes');
  });

  it('orders versions part by part, as numbers', () => {
    assert.ok(compareVersions('5.10', '5.9') > 0);
    assert.ok(compareVersions('5.0.2', '5.1') < 0);
    assert.equal(compareVersions('5.0', '5.0.0'), 0);
    assert.deepEqual(['5.1', '4.3', '5.0.2', '5.0'].sort(compareVersions), ['4.3', '5.0', '5.0.2', '5.1']);
  });

  it('recognises version numbers', () => {
    for (const v of ['5.0', '5.1.2', '10.20']) assert.match(v, versionPattern);
    for (const v of ['5', 'v5.0', '5.0.1.2', '5.x']) assert.doesNotMatch(v, versionPattern);
  });
});
