import assert from 'node:assert/strict';
import { buildEnvironmentNoticeCard } from '../../../bot/src/cards/environment-notice-card';
import { buildFreezeCommsTemplateCard, defaultFreezeTemplate } from '../../../bot/src/cards/freeze-comms-template-card';
import { buildFreezeNoticeCard, freezeDays, type FreezeNoticeVariant, type FreezeNoticeView } from '../../../bot/src/cards/freeze-notice-card';
import { buildOutageNoticeCard, type OutageNoticeView } from '../../../bot/src/cards/outage-notice-card';
import { defaultOutages } from '../../../bot/src/domain/release';
import { assertValidCard } from '../../support/card-validation';
import { executes, inputIdsOf, readable, titles } from './support/card-walk';
import { window1, window1Utc, window1Zone, window2, zone } from './support/fixtures';

const freeze: FreezeNoticeView = { noticeId: 'N-freeze', variant: 'announced', clientName: 'Contoso', version: '5.0', timeZone: zone, window: window1, acknowledgements: 3 };

describe('freeze notice card', () => {
  const open: [FreezeNoticeVariant, RegExp][] = [
    ['announced', /^Content freeze on Fri 4 Dec 2026/],
    ['reminder_two_days', /^Reminder: content freeze in two days, on Fri 4 Dec 2026/],
    ['reminder_morning', /^Today: content freeze for the upgrade \(Fri 4 Dec 2026\)/],
  ];
  for (const [variant, heading] of open) {
    it(`${variant}: names the day and window in the client zone, says what a freeze means, and asks for an acknowledgement`, () => {
      const c = buildFreezeNoticeCard({ ...freeze, variant });
      assertValidCard(c);
      const t = readable(c);
      assert.match(t, heading);
      assert.match(t, new RegExp(window1Zone));
      assert.match(t, new RegExp(window1Utc));
      assert.match(t, /nobody uploads content or edits workspaces or pages on the day of the upgrade/);
      assert.match(t, /3 people acknowledged/);
      assert.deepEqual(executes(c, 'notice.acknowledge')[0]?.data, { verb: 'notice.acknowledge', noticeId: 'N-freeze' });
    });
  }

  it('thanks a viewer who acknowledged instead of asking again', () => {
    const c = buildFreezeNoticeCard({ ...freeze, acknowledgements: 1, acknowledgedByViewer: true });
    assertValidCard(c);
    assert.match(readable(c), /1 person acknowledged\nYou acknowledged this notice/);
    assert.deepEqual(titles(c), []);
  });

  it('is lifted with no button, keeping the count', () => {
    const c = buildFreezeNoticeCard({ ...freeze, variant: 'lifted' });
    assertValidCard(c);
    assert.match(readable(c), /Content freeze lifted[\s\S]*edit workspaces and pages again[\s\S]*3 people acknowledged/);
    assert.deepEqual(titles(c), []);
  });

  it('is corrected in place when rescheduled to a new date, or when there is no new date yet', () => {
    const moved = buildFreezeNoticeCard({ ...freeze, variant: 'rescheduled', newWindow: window2 });
    assertValidCard(moved);
    assert.match(readable(moved), /^Content freeze moved to Tue 8 Dec 2026/);
    assert.match(readable(moved), /freeze on Fri 4 Dec 2026 no longer applies/);
    assert.match(readable(moved), /Tue 8 Dec 2026 13:00-19:00 GMT-5/);
    assert.equal(executes(moved, 'notice.acknowledge').length, 1);
    const pending = buildFreezeNoticeCard({ ...freeze, variant: 'rescheduled' });
    assertValidCard(pending);
    assert.match(readable(pending), /no content freeze on Fri 4 Dec 2026\. The new date will be announced/);
    assert.deepEqual(titles(pending), []);
  });

  it('is corrected in place when cancelled', () => {
    const c = buildFreezeNoticeCard({ ...freeze, variant: 'cancelled' });
    assertValidCard(c);
    assert.match(readable(c), /^Content freeze cancelled[\s\S]*Fri 4 Dec 2026 was cancelled, so there is no content freeze/);
    assert.deepEqual(titles(c), []);
  });

  it('names both days when a window crosses midnight in the client zone', () => {
    assert.equal(freezeDays(window1, 'Europe/Berlin'), 'Fri 4 Dec 2026 and Sat 5 Dec 2026');
  });
});

describe('freeze comms template card', () => {
  const view = { clientName: 'Contoso', version: '5.0', timeZone: zone, window: window1, outages: defaultOutages };

  it('gives owners an editable message, prefilled with the day, window and outages', () => {
    const c = buildFreezeCommsTemplateCard(view);
    assertValidCard(c);
    assert.deepEqual(inputIdsOf(c), ['freezeTemplate']);
    const input = c.body.find((e) => e.type === 'Input.Text');
    assert.ok(input && input.type === 'Input.Text' && input.isMultiline);
    assert.equal(input.value, defaultFreezeTemplate(view));
    assert.match(input.value ?? '', /Content freeze on Fri 4 Dec 2026/);
    assert.match(input.value ?? '', new RegExp(window1Zone));
    assert.match(input.value ?? '', /ConneX and Add It may be offline for 10-20 minutes/);
    assert.match(readable(c), /copy it/);
  });

  it('keeps a template the owners edited', () => {
    const c = buildFreezeCommsTemplateCard({ ...view, template: 'Our own words' });
    assertValidCard(c);
    const input = c.body.find((e) => e.type === 'Input.Text');
    assert.ok(input && input.type === 'Input.Text' && input.value === 'Our own words');
  });
});

describe('outage and environment notices', () => {
  const outage: OutageNoticeView = {
    noticeId: 'N-out', variant: 'started', clientName: 'Contoso', version: '5.0', timeZone: zone, at: '2026-12-04T18:00:00.000Z', outages: defaultOutages, acknowledgements: 0,
  };

  it('announces the outage from the release, with Acknowledge', () => {
    const c = buildOutageNoticeCard(outage);
    assertValidCard(c);
    assert.match(readable(c), /^ConneX and Add It may be offline for 10-20 minutes/);
    assert.match(readable(c), /started Fri 4 Dec 2026 13:00 GMT-5 \(Fri 4 Dec 2026 18:00 UTC\)/);
    assert.match(readable(c), /Nobody has acknowledged yet/);
    assert.deepEqual(executes(c, 'notice.acknowledge')[0]?.data, { verb: 'notice.acknowledge', noticeId: 'N-out' });
  });

  it('lists several outages', () => {
    const c = buildOutageNoticeCard({ ...outage, outages: [...defaultOutages, { features: ['Search'], minMinutes: 5, maxMinutes: 5 }] });
    assertValidCard(c);
    assert.match(readable(c), /• ConneX and Add It may be offline for 10-20 minutes\n• Search may be offline for 5 minutes/);
  });

  it('says back online at completion or after a rollback, keeping the count', () => {
    const c = buildOutageNoticeCard({ ...outage, variant: 'ended', at: '2026-12-04T22:00:00.000Z', acknowledgements: 2 });
    assertValidCard(c);
    assert.match(readable(c), /^ConneX and Add It are back online[\s\S]*completed Fri 4 Dec 2026 17:00 GMT-5[\s\S]*2 people acknowledged/);
    assert.deepEqual(titles(c), []);
    assert.match(readable(buildOutageNoticeCard({ ...outage, variant: 'ended', rolledBack: true })), /was rolled back/);
  });

  it('has no acknowledgement line where there is no button to acknowledge', () => {
    const c = buildOutageNoticeCard({ ...outage, variant: 'ended', at: '2026-12-04T22:00:00.000Z', acknowledgements: 0 });
    assertValidCard(c);
    assert.deepEqual(titles(c), []);
    assert.doesNotMatch(readable(c), /acknowledged/i);
    const lifted = buildFreezeNoticeCard({ ...freeze, variant: 'lifted', acknowledgements: 0 });
    assert.deepEqual(titles(lifted), []);
    assert.doesNotMatch(readable(lifted), /acknowledged/i);
  });

  it('tells end users the environment is offline at start and online at completion', () => {
    const base = { clientName: 'Contoso', version: '5.0', upgradeId: 'CHG-2026-0042', timeZone: zone, at: '2026-12-04T18:00:00.000Z' };
    const off = buildEnvironmentNoticeCard({ ...base, variant: 'offline' });
    const on = buildEnvironmentNoticeCard({ ...base, variant: 'online', at: '2026-12-04T22:00:00.000Z' });
    const back = buildEnvironmentNoticeCard({ ...base, variant: 'online', rolledBack: true });
    for (const c of [off, on, back]) assertValidCard(c);
    assert.match(readable(off), /^The environment is offline for its upgrade\nThe upgrade to 5\.0 started Fri 4 Dec 2026 13:00 GMT-5 \(Fri 4 Dec 2026 18:00 UTC\)/);
    assert.match(readable(on), /^The environment is back online\nThe upgrade to 5\.0 completed Fri 4 Dec 2026 17:00 GMT-5/);
    assert.match(readable(back), /was rolled back .*; it will be rescheduled/);
  });

  it('corrects the offline notice in place once the environment is back, no longer promising a post', () => {
    const base = { clientName: 'Contoso', version: '5.0', upgradeId: 'CHG-2026-0042', timeZone: zone, at: '2026-12-04T22:00:00.000Z', variant: 'offline' as const };
    const done = buildEnvironmentNoticeCard({ ...base, backOnlineAt: '2026-12-04T22:00:00.000Z' });
    const rolledBack = buildEnvironmentNoticeCard({ ...base, backOnlineAt: '2026-12-04T22:00:00.000Z', rolledBack: true });
    for (const c of [done, rolledBack]) {
      assertValidCard(c);
      assert.match(readable(c), /^The environment was offline for its upgrade\nIt was offline for the upgrade to 5\.0 until /);
      assert.match(readable(c), /until Fri 4 Dec 2026 17:00 GMT-5 \(Fri 4 Dec 2026 22:00 UTC\)/);
      assert.doesNotMatch(readable(c), /We will post here/);
      assert.doesNotMatch(readable(c), /is back online/, 'the back-online notice says it; the corrected one does not say it twice');
    }
    assert.match(readable(rolledBack), /\(rolled back\)/);
  });
});
