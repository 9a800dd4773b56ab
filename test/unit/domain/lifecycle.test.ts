import assert from 'node:assert/strict';
import type { UpgradeEvent } from '../../../bot/src/domain/lifecycle';
import type { UpgradeState } from '../../../bot/src/domain/upgrade';
import {
  csa, ctx, fridayWindow, inProgressAfter, major, minor, newUpgrade, now, owner, refused, run, step, toReady, tuesdayWindow,
} from './support/upgrades';

const kinds = (notices: { kind: string }[]) => notices.map((n) => n.kind);
const propose: UpgradeEvent = { type: 'propose', windows: [fridayWindow, tuesdayWindow] };

describe('upgrade lifecycle: agreeing a window', () => {
  it('a proposal offers the windows to the owners', () => {
    const t = step(newUpgrade(), propose, ctx(minor));
    assert.equal(t.upgrade.state, 'proposed');
    assert.deepEqual(t.upgrade.proposedWindows, [fridayWindow, tuesdayWindow]);
    assert.deepEqual(kinds(t.notices), ['proposal']);
    assert.deepEqual(t.audit, [{
      at: now.toISOString(), actor: csa, source: 'chat', action: 'proposed',
      detail: `Proposed 2 windows: ${fridayWindow.startsAt}, ${tuesdayWindow.startsAt}`,
    }]);
    assert.equal(t.upgrade.updatedAt, now.toISOString());
  });

  it('a new proposal replaces the one before', () => {
    const u = run(newUpgrade(), [propose, { type: 'propose', windows: [tuesdayWindow] }], ctx(minor));
    assert.deepEqual(u.proposedWindows, [tuesdayWindow]);
  });

  for (const [what, windows, message] of [
    ['no window', [], 'Propose one to three windows.'],
    ['four windows', [1, 2, 3, 4].map((d) => ({ startsAt: `2026-12-0${d}T18:00:00Z`, endsAt: `2026-12-0${d}T23:00:00Z` })), 'Propose one to three windows.'],
    ['a window ending before it starts', [{ startsAt: fridayWindow.endsAt, endsAt: fridayWindow.startsAt }], 'Each window needs a start before its end.'],
    ['a window that is not a date', [{ startsAt: 'friday', endsAt: fridayWindow.endsAt }], 'Each window needs a start before its end.'],
    ['the same window twice', [fridayWindow, { ...fridayWindow }], 'The same window was proposed twice.'],
  ] as const) {
    it(`refuses a proposal with ${what}`, () => {
      const error = refused(newUpgrade(), { type: 'propose', windows: [...windows] }, ctx(minor));
      assert.equal(error.code, 'window_invalid');
      assert.equal(error.userMessage, message);
    });
  }

  it('an owner may decline a proposal, saying why; it stays proposed', () => {
    const proposed = run(newUpgrade(), [propose], ctx(minor));
    const t = step(proposed, { type: 'decline_proposal', comment: '  We have a board meeting  ' }, ctx(minor, owner));
    assert.equal(t.upgrade.state, 'proposed');
    assert.deepEqual(t.notices, [{ kind: 'proposal_declined', comment: 'We have a board meeting' }]);
    assert.equal(t.audit[0]?.actor, owner);
    assert.equal(refused(proposed, { type: 'decline_proposal', comment: ' ' }, ctx(minor, owner)).userMessage,
      'Say why none of the windows suit, so the CSA can offer better ones.');
  });

  it('accepting a proposed window books it, and a minor is ready at once', () => {
    const proposed = run(newUpgrade(), [propose], ctx(minor));
    const t = step(proposed, { type: 'accept', window: { startsAt: '2026-12-04T18:00:00Z', endsAt: '2026-12-05T00:00:00Z' } }, ctx(minor, owner));
    assert.equal(t.upgrade.state, 'ready');
    assert.deepEqual(t.upgrade.window, { startsAt: '2026-12-04T18:00:00Z', endsAt: '2026-12-05T00:00:00Z' });
    assert.deepEqual(t.upgrade.proposedWindows, []);
    assert.deepEqual(kinds(t.notices), ['booking_confirmed', 'ready']);
    assert.deepEqual(t.audit.map((a) => a.action), ['booked', 'ready']);
  });

  it('refuses a window that was not proposed', () => {
    const proposed = run(newUpgrade(), [propose], ctx(minor));
    const error = refused(proposed, { type: 'accept', window: { startsAt: '2026-12-11T18:00:00Z', endsAt: '2026-12-12T00:00:00Z' } }, ctx(minor, owner));
    assert.equal(error.code, 'window_invalid');
    assert.equal(error.userMessage, 'That window was not one of the proposed windows; pick one from the latest proposal.');
  });

  it('announces a content freeze at booking for a major, or when a minor advises it', () => {
    const bookedMajor = step(run(newUpgrade(), [propose], ctx(major)), { type: 'accept', window: fridayWindow }, ctx(major, owner));
    assert.deepEqual(kinds(bookedMajor.notices), ['booking_confirmed', 'content_freeze_announced']);
    const advised = { ...minor, contentFreezeAdvised: true };
    const bookedMinor = step(run(newUpgrade(), [propose], ctx(advised)), { type: 'accept', window: fridayWindow }, ctx(advised, owner));
    assert.deepEqual(kinds(bookedMinor.notices), ['booking_confirmed', 'content_freeze_announced', 'ready']);
  });
});

describe('upgrade lifecycle: a major gets ready', () => {
  const booked = () => run(newUpgrade(), [propose, { type: 'accept', window: fridayWindow }], ctx(major));

  it('stays booked, and cannot start, until every prerequisite and the CAB approval are in', () => {
    let u = booked();
    assert.equal(u.state, 'booked');
    assert.equal(refused(u, { type: 'communicate', communication: 'upgrade_start' }, ctx(major)).userMessage,
      'The upgrade cannot start: its prerequisites or CAB approval are still missing.');
    u = run(u, [{ type: 'tick_prerequisite', prerequisite: 'Backup taken' }, { type: 'record_cab', approver: 'Dana', reference: 'CAB-1' }], ctx(major, owner));
    assert.equal(u.state, 'booked');
    const t = step(u, { type: 'tick_prerequisite', prerequisite: 'SSO app registered' }, ctx(major, owner));
    assert.equal(t.upgrade.state, 'ready');
    assert.deepEqual(kinds(t.notices), ['ready']);
    assert.deepEqual(t.audit.map((a) => a.action), ['prerequisite_done', 'ready']);
  });

  it('becomes ready when the CAB approval is the last thing recorded', () => {
    const u = run(booked(), major.prerequisites.map((prerequisite) => ({ type: 'tick_prerequisite', prerequisite }) as const), ctx(major, owner));
    const t = step(u, { type: 'record_cab', approver: ' Dana CAB ', reference: ' CAB-881 ' }, ctx(major, owner));
    assert.equal(t.upgrade.state, 'ready');
    assert.deepEqual(t.upgrade.cabApproval, { approver: 'Dana CAB', reference: 'CAB-881', recordedBy: owner.id, recordedAt: now.toISOString() });
    assert.equal(t.audit[0]?.detail, 'Approved by Dana CAB, reference CAB-881');
  });

  it('records a prerequisite once however often it is ticked', () => {
    const once = run(booked(), [{ type: 'tick_prerequisite', prerequisite: 'Backup taken' }], ctx(major, owner));
    const twice = step(once, { type: 'tick_prerequisite', prerequisite: 'Backup taken' }, ctx(major, owner));
    assert.deepEqual(twice.upgrade.prerequisitesDone, ['Backup taken']);
    assert.deepEqual(twice.audit, []);
  });

  it('refuses a prerequisite the release does not have, and a CAB approval without approver or reference', () => {
    assert.equal(refused(booked(), { type: 'tick_prerequisite', prerequisite: 'Coffee' }, ctx(major, owner)).userMessage,
      '"Coffee" is not a prerequisite of this release.');
    assert.equal(refused(booked(), { type: 'record_cab', approver: 'Dana', reference: '  ' }, ctx(major, owner)).userMessage,
      'CAB approval needs the approver and the change reference.');
  });

  it('refuses prerequisites and CAB before booking', () => {
    const proposed = run(newUpgrade(), [propose], ctx(major));
    assert.equal(refused(proposed, { type: 'tick_prerequisite', prerequisite: 'Backup taken' }, ctx(major)).userMessage,
      'Prerequisites cannot be ticked: the upgrade is proposed.');
    assert.equal(refused(proposed, { type: 'record_cab', approver: 'D', reference: 'C' }, ctx(major)).code, 'invalid_transition');
  });
});

describe('upgrade lifecycle: cancel and reschedule', () => {
  const states: Record<'requested' | 'proposed' | 'booked' | 'ready', () => ReturnType<typeof newUpgrade>> = {
    requested: () => newUpgrade(),
    proposed: () => run(newUpgrade(), [propose], ctx(major)),
    booked: () => run(newUpgrade(), toReady(major).slice(0, 2), ctx(major)),
    ready: () => run(newUpgrade(), toReady(major), ctx(major)),
  };

  for (const [state, make] of Object.entries(states)) {
    it(`cancels from ${state}, with the reason, lifting a freeze that was announced`, () => {
      const u = make();
      assert.equal(u.state, state);
      const t = step(u, { type: 'cancel', reason: ' Client merger ' }, ctx(major));
      assert.equal(t.upgrade.state, 'cancelled');
      assert.equal(t.upgrade.cancelReason, 'Client merger');
      const freezeAnnounced = state === 'booked' || state === 'ready';
      // A booked window is named, so its booking post in the thread is corrected; none before booking.
      const given = freezeAnnounced ? { window: u.window } : {};
      assert.deepEqual(t.notices, [{ kind: 'cancelled', reason: 'Client merger', ...given }, ...(freezeAnnounced ? [{ kind: 'content_freeze_lifted', window: u.window }] : [])]);
      assert.deepEqual(t.audit.map((a) => [a.action, a.detail]), [['cancelled', 'Client merger']]);
    });
  }

  it('needs a reason to cancel', () => {
    assert.equal(refused(newUpgrade(), { type: 'cancel', reason: '' }, ctx(minor)).userMessage, 'Give a reason for cancelling; it is recorded on the ticket.');
  });

  const running: [UpgradeState, () => ReturnType<typeof newUpgrade>, string][] = [
    ['in_progress', () => inProgressAfter('instance_start'), 'in progress'],
    ['awaiting_decision', () => run(inProgressAfter('instance_start'), [{ type: 'overrun', reason: 'Slow disk', newEta: '2026-11-25T12:00:00Z' }], ctx(minor)), 'awaiting decision'],
    ['rolling_back', () => run(inProgressAfter('instance_start'), [{ type: 'no_go', inAnswerTo: 'instance_start' }], ctx(minor, owner)), 'rolling back'],
    ['completed', () => inProgressAfter('upgrade_complete'), 'completed'],
    ['cancelled', () => run(newUpgrade(), [{ type: 'cancel', reason: 'No longer needed' }], ctx(minor)), 'cancelled'],
  ];
  for (const [state, make, words] of running) {
    it(`refuses to cancel or reschedule an upgrade that is ${words}`, () => {
      const u = make();
      assert.equal(u.state, state);
      const error = refused(u, { type: 'cancel', reason: 'Oops' }, ctx(minor));
      assert.equal(error.code, 'invalid_transition');
      assert.equal(error.userMessage, `The upgrade cannot be cancelled: the upgrade is ${words}.`);
      assert.equal(refused(u, { type: 'reschedule', reason: 'Oops', windows: [tuesdayWindow] }, ctx(minor)).userMessage, `The upgrade cannot be rescheduled: the upgrade is ${words}.`);
    });
  }

  for (const state of ['booked', 'ready'] as const) {
    it(`reschedules from ${state} only with new windows: the booked one is given up as they are proposed, freeze lifted`, () => {
      const u = states[state]();
      const t = step(u, { type: 'reschedule', reason: 'CAB postponed', windows: [tuesdayWindow] }, ctx(major));
      assert.equal(t.upgrade.state, 'proposed');
      assert.equal(t.upgrade.window, undefined);
      assert.deepEqual(t.upgrade.proposedWindows, [tuesdayWindow], 'never a proposal without windows');
      assert.deepEqual(kinds(t.notices), ['rescheduled', 'content_freeze_lifted', 'proposal']);
      assert.deepEqual(t.notices[1], { kind: 'content_freeze_lifted', window: u.window }, 'the freeze is corrected for the window it was announced for');
      assert.deepEqual(t.notices[0], { kind: 'rescheduled', window: u.window }, 'the booking post is corrected for the window given up');
      assert.deepEqual(t.audit.map((a) => [a.action, a.detail]), [
        ['proposed', `Proposed 1 window in place of ${fridayWindow.startsAt}: ${tuesdayWindow.startsAt}`],
        ['rescheduled', 'CAB postponed'],
      ]);
      const rebooked = run(t.upgrade, [{ type: 'accept', window: tuesdayWindow }], ctx(major));
      assert.equal(rebooked.state, state === 'ready' ? 'ready' : 'booked', 'what was ticked before still counts');
      assert.deepEqual(rebooked.window, tuesdayWindow);
    });
  }

  it('refuses to reschedule what is not booked yet', () => {
    assert.equal(refused(states.proposed(), { type: 'reschedule', reason: 'x', windows: [tuesdayWindow] }, ctx(major)).userMessage, 'The upgrade cannot be rescheduled: the upgrade is proposed.');
  });

  it('keeps the booking when no new window is given, or only the booked one again', () => {
    const u = states.booked();
    const none = refused(u, { type: 'reschedule', reason: 'Owner on leave', windows: [] }, ctx(major));
    assert.deepEqual([none.code, none.userMessage], ['window_invalid', 'Propose one to three windows.']);
    const same = refused(u, { type: 'reschedule', reason: 'Owner on leave', windows: [fridayWindow, tuesdayWindow] }, ctx(major));
    assert.deepEqual([same.code, same.userMessage], ['window_invalid', 'One of those windows is the one already booked; propose other windows, or keep the booking.']);
    assert.equal(u.state, 'booked');
    assert.deepEqual(u.window, fridayWindow);
  });
});

describe('upgrade lifecycle: self-service', () => {
  const selfService = () => newUpgrade({ mode: 'self_service' });
  const picked = { startsAt: '2026-12-06T07:00:00.000Z', endsAt: '2026-12-06T11:00:00.000Z' };

  it('books the time the client picked, without a proposal', () => {
    const t = step(selfService(), { type: 'schedule_self_service', window: picked }, ctx(minor, owner));
    assert.equal(t.upgrade.state, 'ready');
    assert.deepEqual(t.upgrade.window, picked);
    assert.deepEqual(kinds(t.notices), ['booking_confirmed', 'ready']);
  });

  it('still needs prerequisites and CAB approval for a major', () => {
    const u = run(selfService(), [{ type: 'schedule_self_service', window: picked }], ctx(major, owner));
    assert.equal(u.state, 'booked');
    const ready = run(u, toReady(major).slice(2), ctx(major, owner));
    assert.equal(ready.state, 'ready');
  });

  it('runs through the same formal communications', () => {
    const u = run(selfService(), [{ type: 'schedule_self_service', window: picked }, ...['upgrade_start', 'instance_start', 'instance_complete', 'validation_start', 'validation_complete', 'upgrade_complete']
      .map((communication) => ({ type: 'communicate', communication }) as UpgradeEvent)], ctx(minor, owner));
    assert.equal(u.state, 'completed');
  });

  it('refuses a picked time for a managed upgrade', () => {
    const error = refused(newUpgrade(), { type: 'schedule_self_service', window: picked }, ctx(minor, owner));
    assert.equal(error.userMessage, 'Only a self-service upgrade can be scheduled at a time the client picks.');
  });

  it('refuses a picked window that ends before it starts', () => {
    const error = refused(selfService(), { type: 'schedule_self_service', window: { startsAt: picked.endsAt, endsAt: picked.startsAt } }, ctx(minor, owner));
    assert.equal(error.code, 'window_invalid');
  });

  it('refuses to pick a time once booked', () => {
    const u = run(selfService(), [{ type: 'schedule_self_service', window: picked }], ctx(minor, owner));
    assert.equal(refused(u, { type: 'schedule_self_service', window: picked }, ctx(minor, owner)).userMessage, 'A window cannot be agreed: the upgrade is ready.');
  });
});
