import assert from 'node:assert/strict';
import { withReleaseDefaults, type Release } from '../../../bot/src/domain/release';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { calendarEntryOf, calledOffFreezePostOf, freezePostOf, releaseArticleOf } from '../../../bot/src/usecases/views/intranet-views';
import { aClient } from '../../integration/store/fixtures';

const window = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
const major: Release = withReleaseDefaults({
  version: '5.0', kind: 'major', availableOn: '2026-11-20', highlights: ['Hubs'], roadmap: [], townhall: { recordingUrl: 'https://video.example.com/5' },
  prerequisites: ['Grant Sites.Selected'], runbook: [{ title: 'Run Upgrade.ps1', runBy: 'Global Administrator', requiresGlobalAdmin: true, estimateInMinutes: 20 }],
});
const minor: Release = { ...major, version: '4.4', kind: 'minor', contentFreezeAdvised: false };
const client = aClient({ name: 'Contoso Pharma', timeZone: 'Europe/London' });
const upgrade = (overrides: Partial<Upgrade>): Upgrade => ({
  id: 'CHG-2026-0007', clientId: client.id, fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'booked', proposedWindows: [], window,
  prerequisitesDone: [], createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...overrides,
});

describe('what Upgrade Desk publishes on the intranet', () => {
  it('a calendar row per change id, with the window, the state as people read it, and a cancelled one marked', () => {
    const row = calendarEntryOf(upgrade({}), client, 'https://example.com/tab?upgrade=CHG-2026-0007');
    assert.deepEqual(row, {
      changeId: 'CHG-2026-0007', title: 'Contoso Pharma: upgrade to 5.0', startsAt: window.startsAt, endsAt: window.endsAt, state: 'Booked',
      fromVersion: '4.3', toVersion: '5.0', cancelled: false, link: 'https://example.com/tab?upgrade=CHG-2026-0007',
    });
    assert.equal(calendarEntryOf(upgrade({ state: 'cancelled' }), client).cancelled, true);
    assert.equal(calendarEntryOf(upgrade({ state: 'proposed', window: undefined }), client).startsAt, undefined);
  });

  it('a freeze post while a major is booked, in the client\'s time, without the message\'s subject line', () => {
    const post = freezePostOf(upgrade({}), client, major)!;
    assert.equal(post.title, 'Content freeze on Tue 8 Dec 2026');
    assert.equal(post.lifted, false);
    assert.match(post.when ?? '', /Tue 8 Dec 2026 18:00-24:00 GMT/);
    assert.ok(post.paragraphs.some((p) => /do not upload content/.test(p)));
    assert.ok(!post.paragraphs.some((p) => p.startsWith('Subject:')));
    assert.deepEqual(post.outages, [], 'outages only while it runs');
  });

  it('the expected outage appears while the upgrade runs; the post is lifted when it completes or is cancelled', () => {
    assert.deepEqual(freezePostOf(upgrade({ state: 'in_progress' }), client, major)!.outages, ['ConneX and Add It may be offline for 10-20 minutes']);
    const done = freezePostOf(upgrade({ state: 'completed' }), client, major)!;
    assert.equal(done.lifted, true);
    assert.match(done.title, /lifted/);
    assert.match(freezePostOf(upgrade({ state: 'cancelled' }), client, major)!.paragraphs[0]!, /cancelled/);
  });

  it('no freeze post for a release that does not freeze content; a reschedule calls the earlier one off', () => {
    assert.equal(freezePostOf(upgrade({ toVersion: '4.4' }), client, minor), undefined);
    assert.equal(calledOffFreezePostOf(upgrade({ toVersion: '4.4', state: 'proposed', window: undefined }), minor), undefined);
    const off = calledOffFreezePostOf(upgrade({ state: 'proposed', window: undefined }), major)!;
    assert.equal(off.lifted, true);
    assert.match(off.title, /rescheduled/);
    assert.equal(off.startsAt, undefined);
  });

  it('a release article with its runbook summary, outages and the townhall recording', () => {
    const article = releaseArticleOf(major);
    assert.equal(article.title, 'Release 5.0');
    assert.equal(article.availability, 'Available from Fri 20 Nov 2026');
    assert.deepEqual(article.runbook, ['Run Upgrade.ps1 (Global Administrator, 20 min)']);
    assert.deepEqual(article.outages, ['ConneX and Add It may be offline for 10-20 minutes']);
    assert.equal(article.contentFreezeAdvised, true);
    assert.equal(article.recordingUrl, 'https://video.example.com/5');
  });
});
