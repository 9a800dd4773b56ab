import assert from 'node:assert/strict';
import { demoClients, demoReleases } from '../../../bot/dev/demo-data';
import { freezeNoticeId, planNotices } from '../../../bot/src/delivery/notices/notice-plan';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { assertValidCard } from '../../support/card-validation';
import { cardText } from '../../support/card-query';

const window = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
const rescheduled: Upgrade = {
  id: 'CHG-2026-0001', clientId: 'contoso', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'proposed',
  proposedWindows: [], prerequisitesDone: [], createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-26T10:00:00.000Z',
};

describe('notice plan', () => {
  it('corrects the freeze notice in place when the upgrade is rescheduled, naming the window it was for', () => {
    const plan = planNotices({
      change: {
        upgrade: rescheduled, client: demoClients[0]!, release: demoReleases[0]!,
        actor: { id: 'a', name: 'Alex Wilber', role: 'csa' },
        notices: [{ kind: 'rescheduled' }, { kind: 'content_freeze_lifted', window }],
        audit: [{ at: '2026-11-26T10:00:00.000Z', actor: { id: 'a', name: 'Alex Wilber', role: 'csa' }, source: 'chat', action: 'rescheduled', detail: 'CAB postponed' }],
      },
      etag: 'e', acknowledgements: () => 3,
    });
    const freeze = plan.find((m) => m.noticeId === freezeNoticeId(rescheduled.id));
    assert.ok(freeze, 'the freeze notice is part of the plan');
    assert.equal(freeze.mode, 'update');
    assertValidCard(freeze.card);
    assert.match(cardText(freeze.card), /Fri 4 Dec 2026/);
    assert.match(cardText(freeze.card), /resched/i);
    assert.match(cardText(freeze.card), /3 people acknowledged/);
  });

  describe('a booking', () => {
    const owner = { id: 'c0c0c0c0-0000-0000-0000-000000000001', name: 'Patti Fernandez', role: 'owner' as const };
    const booked: Upgrade = { ...rescheduled, state: 'booked', window };
    const plan = (upgrade: Upgrade, confirmedToActor?: boolean) => planNotices({
      change: {
        upgrade, client: demoClients[0]!, release: demoReleases[0]!, actor: owner, notices: [{ kind: 'booking_confirmed' }],
        audit: [{ at: '2026-11-26T10:00:00.000Z', actor: owner, source: 'chat', action: 'booked', detail: 'Booked' }], confirmedToActor,
      },
      etag: 'e', acknowledgements: () => 0,
    });

    it('leaves the owner who accepted out of the owners\' confirmation when the click was answered with it', () => {
      const toOwners = (p: ReturnType<typeof plan>) => p.find((m) => m.kind === 'booking_confirmed' && m.audience === 'owners')!;
      assert.deepEqual(toOwners(plan(booked, true)).exceptUserIds, [owner.id]);
      assert.equal(toOwners(plan(booked)).exceptUserIds, undefined, 'booked some other way, everyone gets it');
      assert.equal(plan(booked, true).find((m) => m.kind === 'booking_confirmed' && m.audience === 'thread')!.exceptUserIds, undefined);
    });

    it('sends the owners the readiness card of a major that is not ready, with the confirmation', () => {
      const readiness = plan(booked, true).filter((m) => m.kind === 'readiness');
      assert.deepEqual(readiness.map((m) => [m.audience, m.mode, m.exceptUserIds]), [['owners', 'post', undefined]]);
      assertValidCard(readiness[0]!.card);
      assert.equal(plan({ ...booked, state: 'ready' }, true).filter((m) => m.kind === 'readiness').length, 0, 'nothing to do when ready');
    });
  });
});
