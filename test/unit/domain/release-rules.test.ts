import assert from 'node:assert/strict';
import { isUpgradeDeskError } from '../../../bot/src/domain/errors';
import { isCalendarDate, ReleaseInvalidError, releaseProblems, type ReleaseDraft } from '../../../bot/src/domain/release-rules';

const step = { title: 'Run the installer', runBy: 'Global Administrator', requiresGlobalAdmin: true, estimateInMinutes: 30 };

function aMajor(overrides: Partial<ReleaseDraft> = {}): ReleaseDraft {
  return {
    version: '6.0',
    kind: 'major',
    availableOn: '2027-11-01',
    highlights: ['New workspace engine'],
    roadmap: [],
    townhall: {},
    prerequisites: ['Grant the new Graph permission'],
    runbook: [step],
    ...overrides,
  };
}

describe('release rules', () => {
  it('accept a complete major and a minor without prerequisites or runbook', () => {
    assert.deepEqual(releaseProblems(aMajor()), []);
    assert.deepEqual(releaseProblems(aMajor({ kind: 'minor', prerequisites: [], runbook: [] })), []);
  });

  it('want a major to list its prerequisites and its runbook', () => {
    assert.deepEqual(
      releaseProblems(aMajor({ prerequisites: [], runbook: [] })).map((p) => p.field),
      ['prerequisites', 'runbook'],
    );
    assert.match(releaseProblems(aMajor({ runbook: [] }))[0]!.message, /major release/);
  });

  it('treat missing lists of a partial draft as empty and ignore what is not there', () => {
    assert.deepEqual(releaseProblems({ kind: 'major' }).map((p) => p.field), ['prerequisites', 'runbook']);
    assert.deepEqual(releaseProblems({}), []);
    assert.deepEqual(releaseProblems({ prerequisites: [] }), []);
  });

  it('want an outage span whose maximum is not below its minimum', () => {
    const outages = [
      { features: ['ConneX'], minMinutes: 10, maxMinutes: 20 },
      { features: ['Add It'], minMinutes: 15, maxMinutes: 15 },
      { features: ['Search'], minMinutes: 30, maxMinutes: 10 },
    ];
    assert.deepEqual(releaseProblems(aMajor({ outages })), [{ field: 'outages[2].maxMinutes', message: 'must be at least minMinutes (30)' }]);
  });

  it('refuse with one error that carries every problem', () => {
    const problems = releaseProblems(aMajor({ prerequisites: [], runbook: [] }));
    const err = new ReleaseInvalidError(problems);
    assert.ok(isUpgradeDeskError(err));
    assert.equal(err.code, 'release_invalid');
    assert.deepEqual(err.problems, problems);
    assert.match(err.userMessage, /prerequisites must list .*; runbook must list/);
  });

  it('know a calendar date written yyyy-MM-dd', () => {
    for (const good of ['2026-11-02', '2028-02-29', '2027-12-31']) assert.ok(isCalendarDate(good), good);
    for (const bad of ['2027-02-29', '2026-13-01', '2026-00-10', '2026-11-31', '2026-1-2', '02-11-2026', '2026-11-02T00:00:00Z', ''])
      assert.ok(!isCalendarDate(bad), bad);
  });
});
