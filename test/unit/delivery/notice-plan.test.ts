import assert from 'node:assert/strict';
import { demoClients, demoReleases } from '../../../bot/dev/demo-data';
import {
  acknowledgedNoticeIds, bookingNoticeId, environmentOfflineNoticeId, freezeNoticeId, outageNoticeId, planNotices, type PlanContext,
} from '../../../bot/src/delivery/notices/notice-plan';
import type { Actor, AuditEntry } from '../../../bot/src/domain/audit';
import type { NoticeIntent } from '../../../bot/src/domain/notice';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { assertValidCard } from '../../support/card-validation';
import { actionsWithVerb, cardText } from '../../support/card-query';

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

  describe('what people see as an upgrade moves on', () => {
    const contoso = demoClients[0]!;
    const major = demoReleases[0]!;
    const engineer: Actor = { id: 'eng', name: 'Megan Bowen', role: 'engineer' };
    const patti: Actor = { id: contoso.ownerIds[0]!, name: 'Patti Fernandez', role: 'owner' };
    const csa: Actor = { id: 'alex', name: 'Alex Wilber', role: 'csa' };
    const at = '2026-12-04T23:30:00.000Z';
    const running: Upgrade = { ...rescheduled, state: 'in_progress', window, lastCommunication: 'validation_start' };
    const plan = (upgrade: Upgrade, notices: NoticeIntent[], actor: Actor, audit: Partial<AuditEntry> = {}, extra: Partial<PlanContext> = {}) =>
      planNotices({
        change: { upgrade, client: contoso, release: major, actor, notices, audit: [{ at, actor, source: 'chat', action: 'x', detail: 'x', ...audit }] },
        etag: 'W/"9"', acknowledgements: () => 0, ...extra,
      });
    const text = (m: { card: unknown }) => cardText(m.card);

    it('posts each formal communication with No-Go for owners while it runs, naming its time, refreshing for the owners', () => {
      const [post] = plan(running, [{ kind: 'communication', communication: 'validation_complete' }], engineer,
        { action: 'validation_complete', detail: 'Validation testing complete: all green' }, { ownerUserIds: ['29:patti'] }).filter((m) => m.kind === 'communication');
      assert.ok(post);
      assertValidCard(post.card);
      assert.match(text(post), /^Validation testing complete[\s\S]*By: Megan Bowen\nNote: all green/);
      assert.deepEqual(actionsWithVerb(post.card, 'upgrade.nogo')[0]!.data, { verb: 'upgrade.nogo', upgradeId: running.id, inAnswerTo: 'validation_complete', at });
      assert.deepEqual(post.card.refresh?.action.data, { verb: 'card.refresh', card: 'communication', upgradeId: running.id, communication: 'validation_complete', at });
      const done = plan({ ...running, state: 'completed', lastCommunication: 'upgrade_complete' }, [{ kind: 'communication', communication: 'upgrade_complete' }], engineer, { action: 'upgrade_complete', detail: 'Upgrade complete (environment online)' });
      assert.equal(actionsWithVerb(done.find((m) => m.kind === 'communication')!.card, 'upgrade.nogo').length, 0, 'posted once completed: no No-Go');
    });

    it('at completion posts "back online" without an acknowledgement line, and corrects the run\'s offline notices in place', () => {
      const started = plan({ ...running, lastCommunication: 'upgrade_start' }, [{ kind: 'environment_offline' }, { kind: 'outage_started' }], engineer);
      assert.deepEqual(started.filter((m) => m.audience === 'channel' && m.kind !== 'ticket').map((m) => [m.noticeId, m.mode]), [
        [environmentOfflineNoticeId(running.id, window), 'post'], [outageNoticeId(running.id, window), 'post'],
      ]);
      assert.match(text(started.find((m) => m.kind === 'environment_offline')!), /We will post here when it is back online/);

      const completed: Upgrade = { ...running, state: 'completed', lastCommunication: 'upgrade_complete' };
      const notices: NoticeIntent[] = [{ kind: 'environment_online', window }, { kind: 'outage_ended', window }];
      assert.deepEqual(acknowledgedNoticeIds({ upgrade: completed, notices }), [outageNoticeId(running.id, window)]);
      const ended = plan(completed, notices, engineer, {}, { acknowledgements: (id) => (id === outageNoticeId(running.id, window) ? 4 : 0) });
      for (const m of ended) assertValidCard(m.card);
      const posted = ended.filter((m) => m.mode === 'post');
      const online = posted.find((m) => m.kind === 'environment_online')!;
      assert.match(text(online), /^The environment is back online/);
      const backOnline = posted.find((m) => m.kind === 'outage_ended')!;
      assert.match(text(backOnline), /^ConneX and Add It are back online/);
      assert.doesNotMatch(text(backOnline), /acknowledged/i, 'no button, so no acknowledgement line');
      assert.equal(actionsWithVerb(backOnline.card, 'notice.acknowledge').length, 0);

      const offline = ended.find((m) => m.noticeId === environmentOfflineNoticeId(running.id, window))!;
      assert.equal(offline.mode, 'update');
      assert.match(text(offline), /^The environment was offline for its upgrade\nIt was offline for the upgrade to 5\.0 until .*: see the back-online notice below\./);
      assert.doesNotMatch(text(offline), /We will post here/);
      const outage = ended.find((m) => m.noticeId === outageNoticeId(running.id, window))!;
      assert.equal(outage.mode, 'update');
      assert.match(text(outage), /^ConneX and Add It were offline for a while during the upgrade[\s\S]*4 people acknowledged/);
      assert.equal(actionsWithVerb(outage.card, 'notice.acknowledge').length, 0);
    });

    it('posts the booking in the thread under its window, and corrects that post when the window is given up', () => {
      const booked = plan({ ...rescheduled, state: 'booked', window }, [{ kind: 'booking_confirmed' }], patti).find((m) => m.kind === 'booking_confirmed' && m.audience === 'thread')!;
      assert.deepEqual([booked.noticeId, booked.mode], [bookingNoticeId(rescheduled.id, window), 'upsert']);
      assert.match(text(booked), /^Upgrade booked: CHG-2026-0001/);

      const cases: [NoticeIntent[], Upgrade['state'], RegExp][] = [
        [[{ kind: 'rescheduled', window }, { kind: 'proposal' }], 'proposed', /^Upgrade rescheduled: CHG-2026-0001\n[\s\S]*Rescheduled: the window below no longer applies\. See the ticket/],
        [[{ kind: 'cancelled', reason: 'Merger', window }], 'cancelled', /^Upgrade cancelled: CHG-2026-0001\n[\s\S]*Cancelled: the window below no longer applies/],
        [[{ kind: 'environment_online', window }, { kind: 'outage_ended', window }, { kind: 'rescheduled', window }], 'proposed', /^Upgrade rolled back: CHG-2026-0001\n[\s\S]*Rolled back/],
      ];
      for (const [notices, state, says] of cases) {
        const correction = plan({ ...rescheduled, state }, notices, csa).filter((m) => m.noticeId === booked.noticeId);
        assert.equal(correction.length, 1, notices.map((n) => n.kind).join());
        assert.equal(correction[0]!.mode, 'update');
        assertValidCard(correction[0]!.card);
        assert.match(text(correction[0]!), says);
        assert.match(text(correction[0]!), /Was booked \(Europe\/London\): Fri 4 Dec 2026 18:00-24:00 GMT/);
      }
      assert.equal(plan({ ...rescheduled, state: 'cancelled' }, [{ kind: 'cancelled', reason: 'Never booked' }], csa).filter((m) => m.kind === 'booking_confirmed').length, 0, 'nothing to correct when nothing was booked');
    });

    it('tells the engineers and the CSA in their chats when the owners say Go, with the next steps for the engineers', () => {
      const decision = { id: 'D1', reason: 'Slow index', openedAt: at, deadline: at, outcome: 'go' as const, decidedAt: at, votes: [{ voterId: patti.id, voterName: patti.name, vote: 'go' as const, at }] };
      const settled = plan({ ...running, decision }, [{ kind: 'decision_settled' }], patti, { action: 'decision', detail: 'Go: the upgrade continues' });
      const toEngineers = settled.find((m) => m.kind === 'decision_settled' && m.audience === 'engineers')!;
      const toCsa = settled.find((m) => m.kind === 'decision_settled' && m.audience === 'contact')!;
      assert.ok(toEngineers && toCsa);
      for (const m of [toEngineers, toCsa]) {
        assertValidCard(m.card);
        assert.equal(m.mode, 'post');
        assert.match(text(m), /^Go\/No-Go decided: Go\nContoso's owners said Go/);
      }
      assert.match(text(toEngineers), /carry on with the upgrade and post the next step below/);
      assert.deepEqual(actionsWithVerb(toEngineers.card, 'upgrade.event').map((a) => a.data.communication), ['validation_complete', 'validation_failure']);
      assert.equal(actionsWithVerb(toEngineers.card, 'upgrade.event')[0]!.data.v, 'W/"9"');
      assert.match(text(toCsa), /Nothing is needed from you/);
      assert.equal(actionsWithVerb(toCsa.card, 'upgrade.event').length, 0);
    });

    it('tells the engineers to post rollback start when the owners say No-Go', () => {
      const decision = { id: 'D2', reason: 'Payroll tonight', inAnswerTo: 'validation_start' as const, openedAt: at, deadline: at, outcome: 'no_go' as const, decidedAt: at };
      const settled = plan({ ...running, state: 'rolling_back', lastCommunication: undefined, decision }, [{ kind: 'decision_settled' }], patti, { action: 'decision', detail: 'No-Go' });
      const toEngineers = settled.find((m) => m.kind === 'decision_settled' && m.audience === 'engineers')!;
      assertValidCard(toEngineers.card);
      assert.match(text(toEngineers), /^Go\/No-Go decided: No-Go\nContoso's owners said No-Go: roll the environment back now\. Post Rollback start below/);
      assert.deepEqual(actionsWithVerb(toEngineers.card, 'upgrade.event').map((a) => a.data.communication), ['rollback_start']);
      const toCsa = settled.find((m) => m.kind === 'decision_settled' && m.audience === 'contact')!;
      assert.match(text(toCsa), /type "show CHG-2026-0001" then to propose new ones/);
    });

    it('names the CSA on the owners\' proposal as the one to ask for a walkthrough call', () => {
      const proposal = plan({ ...rescheduled, proposedWindows: [window] }, [{ kind: 'proposal' }], csa, {}, { contact: { name: 'Alex Wilber', role: 'CSA', email: 'alexw@example.com' } })
        .find((m) => m.kind === 'proposal')!;
      assertValidCard(proposal.card);
      assert.match(text(proposal), /Would a walkthrough call help\? Ask Alex Wilber, your CSA \(alexw@example\.com\), to organise a call/);
    });
  });
});
