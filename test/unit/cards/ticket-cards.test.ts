import assert from 'node:assert/strict';
import { buildCommunicationCard, noGoClosedNote, type CommunicationView } from '../../../bot/src/cards/communication-card';
import type { OpenUrlAction } from '../../../bot/src/cards/adaptive-card';
import { buildReadOnlyTicketCard, buildTicketCard, type TicketView } from '../../../bot/src/cards/ticket-card';
import { scheduleLinkFor } from '../../../bot/src/teams/schedule-link';
import { assertValidCard } from '../../support/card-validation';
import { actionsOf, executes, inputIdsOf, readable, showCards, titles } from './support/card-walk';
import { userIds, window1, window1Utc, window1Zone, zone } from './support/fixtures';

const upgrade: TicketView['upgrade'] = { id: 'CHG-2026-0042', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'in_progress', window: window1, lastCommunication: 'instance_start' };
const ticket = (over: Partial<TicketView> = {}, u: Partial<TicketView['upgrade']> = {}): TicketView => ({
  upgrade: { ...upgrade, ...u }, v: 'W/"12"', clientName: 'Contoso', timeZone: zone, nextStep: 'Instance upgrade complete or failure',
  lastEvent: { text: 'Instance upgrade start', at: '2026-12-04T18:30:00.000Z' }, viewer: 'readonly', ...over,
});

describe('ticket card', () => {
  it('shows id, client, versions, mode, window in zone and UTC, state, last event and next step', () => {
    const c = buildTicketCard(ticket());
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /CHG-2026-0042: Contoso 4\.3 → 5\.0/);
    assert.match(t, /Mode: Managed by the vendor/);
    assert.match(t, new RegExp(window1Zone));
    assert.match(t, new RegExp(window1Utc));
    assert.match(t, /State: In progress/);
    assert.match(t, /Last event: Instance upgrade start, Fri 4 Dec 2026 13:30 GMT-5 \(Fri 4 Dec 2026 18:30 UTC\)/);
    assert.match(t, /Next step: Instance upgrade complete or failure/);
    assert.deepEqual(titles(c), []);
    assert.equal(c.refresh, undefined);
  });

  it('gives engineers only the valid next steps, with the ids and ETag, and "Will overrun"', () => {
    const c = buildTicketCard(ticket({ viewer: 'engineer' }));
    assertValidCard(c);
    const events = executes(c, 'upgrade.event');
    assert.deepEqual(events.map((e) => e.title), ['Instance upgrade complete', 'Instance upgrade failure']);
    assert.deepEqual(events[1]?.data, { verb: 'upgrade.event', upgradeId: 'CHG-2026-0042', communication: 'instance_failure', v: 'W/"12"' });
    const overrun = showCards(c).find((s) => s.title === 'Will overrun');
    assert.ok(overrun);
    assert.deepEqual(inputIdsOf(overrun.card), ['reason', 'etaDate', 'etaTime']);
    assert.match(readable(overrun.card), /New ETA: date \(America\/New_York\)/);
    assert.deepEqual(executes(overrun.card)[0]?.data, { verb: 'upgrade.overrun', upgradeId: 'CHG-2026-0042', v: 'W/"12"' });
  });

  it('gives engineers "Upgrade start" when ready, and no overrun before it runs', () => {
    const c = buildTicketCard(ticket({ viewer: 'engineer' }, { state: 'ready', lastCommunication: undefined }));
    assertValidCard(c);
    assert.deepEqual(titles(c), ['Upgrade start (environment offline)']);
  });

  it('gives owners the No-Go behind a confirmation while in progress, in answer to the last communication', () => {
    const c = buildTicketCard(ticket({ viewer: 'owner' }));
    assertValidCard(c);
    const noGo = showCards(c).find((s) => s.title === 'No-Go');
    assert.ok(noGo);
    assert.match(readable(noGo.card), /This rolls the environment back/);
    assert.deepEqual(executes(c, 'upgrade.nogo')[0]?.data, { verb: 'upgrade.nogo', upgradeId: 'CHG-2026-0042', inAnswerTo: 'instance_start' });
    assert.deepEqual(titles(buildTicketCard(ticket({ viewer: 'owner' }, { state: 'booked', lastCommunication: undefined }))), []);
  });

  it('gives the CSA a reschedule in booked and ready, and "Propose windows" when requested', () => {
    for (const state of ['booked', 'ready'] as const) {
      const c = buildTicketCard(ticket({ viewer: 'csa' }, { state, lastCommunication: undefined }));
      assertValidCard(c);
      assert.deepEqual(executes(c, 'upgrade.reschedule')[0]?.data, { verb: 'upgrade.reschedule', upgradeId: 'CHG-2026-0042', v: 'W/"12"' });
    }
    const requested = buildTicketCard(ticket({ viewer: 'csa' }, { state: 'requested', window: undefined }));
    assertValidCard(requested);
    assert.match(readable(requested), /Window: Not agreed yet/);
    assert.deepEqual(executes(requested, 'proposal.more')[0]?.data, { verb: 'proposal.more', upgradeId: 'CHG-2026-0042' });
    assert.deepEqual(titles(buildTicketCard(ticket({ viewer: 'csa' }))), []);
  });

  it('names the standby engineer of a self-service upgrade and shows the new ETA while deciding', () => {
    const c = buildTicketCard(ticket({ standbyEngineer: 'Sam Standby' }, { mode: 'self_service', state: 'awaiting_decision', eta: '2026-12-05T02:00:00.000Z' }));
    assertValidCard(c);
    assert.match(readable(c), /Standby engineer: Sam Standby/);
    assert.match(readable(c), /Self-service/);
    assert.match(readable(c), /New ETA: Fri 4 Dec 2026 21:00 GMT-5 \(Sat 5 Dec 2026 02:00 UTC\)/);
  });

  it('can open with what just happened and what to do now, above the ticket', () => {
    const c = buildTicketCard(ticket({ viewer: 'engineer', banner: { heading: 'Go/No-Go decided: Go', text: 'Carry on with the upgrade.', color: 'Good' } }));
    assertValidCard(c);
    assert.match(readable(c), /^Go\/No-Go decided: Go\nCarry on with the upgrade\.\nCHG-2026-0042: Contoso/);
    assert.deepEqual(executes(c, 'upgrade.event').map((e) => e.title), ['Instance upgrade complete', 'Instance upgrade failure']);
  });

  it('opens the upgrade in the schedule tab: a Teams deep link to the static tab with the change id as subEntityId, after the other buttons', () => {
    const appId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    const scheduleUrl = scheduleLinkFor({ teamsAppId: appId, baseUrl: () => 'https://desk.example.com' })('CHG-2026-0042');
    for (const viewer of ['readonly', 'engineer', 'owner', 'csa'] as const) {
      const c = buildTicketCard(ticket({ viewer, scheduleUrl }));
      assertValidCard(c);
      const links = actionsOf(c).filter((a): a is OpenUrlAction => a.type === 'Action.OpenUrl');
      assert.deepEqual(links.map((a) => [a.title, a.url]), [['Open in schedule', scheduleUrl]], viewer);
      assert.equal(c.actions?.at(-1)?.title, 'Open in schedule', viewer);
    }
    const url = new URL(scheduleUrl!);
    assert.equal(`${url.origin}${url.pathname}`, `https://teams.microsoft.com/l/entity/${appId}/schedule`);
    assert.deepEqual(JSON.parse(url.searchParams.get('context')!), { subEntityId: 'CHG-2026-0042' });
    assert.match(scheduleUrl!, /\?context=%7B%22subEntityId%22%3A%22CHG-2026-0042%22%7D$/);
    // Engineers keep their steps first.
    assert.deepEqual(titles(buildTicketCard(ticket({ viewer: 'engineer', scheduleUrl }))).slice(0, 2), ['Instance upgrade complete', 'Instance upgrade failure']);
  });

  it('shared in a conversation (a search result, an unfurled link): for any viewer, nothing that acts or refreshes; "Open in schedule" stays', () => {
    const scheduleUrl = 'https://desk.example.com/tab?upgrade=CHG-2026-0042';
    for (const viewer of ['engineer', 'owner', 'csa', 'readonly'] as const) {
      const own = buildTicketCard(ticket({ viewer, scheduleUrl, refreshUserIds: userIds(3) }));
      const banner = { heading: 'Go/No-Go decided: Go', text: 'Carry on with the upgrade.', color: 'Good' as const };
      const shared = buildReadOnlyTicketCard(ticket({ viewer, scheduleUrl, refreshUserIds: userIds(3), banner }));
      assertValidCard(shared);
      assert.ok(own.refresh, viewer);
      assert.equal(shared.refresh, undefined, viewer);
      assert.deepEqual(executes(shared), [], viewer);
      assert.deepEqual(inputIdsOf(shared), [], viewer);
      assert.deepEqual(titles(shared), ['Open in schedule'], viewer);
      assert.equal(readable(shared), readable(buildTicketCard(ticket({ scheduleUrl }))), viewer);
    }
  });

  it('without a Teams app id, links to the tab\'s own URL at the upgrade; no link, no button', () => {
    const local = scheduleLinkFor({ baseUrl: () => 'http://127.0.0.1:3978/' });
    assert.equal(local('CHG-2026-0042'), 'http://127.0.0.1:3978/tab?upgrade=CHG-2026-0042');
    const c = buildTicketCard(ticket({ scheduleUrl: local('CHG-2026-0042') }));
    assertValidCard(c);
    assert.deepEqual(titles(c), ['Open in schedule']);
    assert.equal(scheduleLinkFor({ baseUrl: () => undefined })('CHG-2026-0042'), undefined);
    assert.deepEqual(titles(buildTicketCard(ticket({ scheduleUrl: undefined }))), []);
  });

  it('asks for a refresh for at most 60 users when the view asks for it', () => {
    const c = buildTicketCard(ticket({ refreshUserIds: userIds(80) }));
    assertValidCard(c);
    assert.equal(c.refresh?.userIds?.length, 60);
    assert.deepEqual(c.refresh?.action.data, { verb: 'card.refresh', card: 'ticket', upgradeId: 'CHG-2026-0042' });
  });
});

describe('communication card', () => {
  const base: CommunicationView = {
    kind: 'communication', communication: 'instance_start', upgradeId: 'CHG-2026-0042', timeZone: zone,
    at: '2026-12-04T18:30:00.000Z', state: 'in_progress', viewer: 'owner', nextStep: 'Instance upgrade complete', note: 'Node 2 of 3',
  };

  it('titles the reply from the communication and shows the time in zone and UTC, the note and the next step', () => {
    const c = buildCommunicationCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /^Instance upgrade start/);
    assert.match(t, /Ticket: CHG-2026-0042/);
    assert.match(t, /When: Fri 4 Dec 2026 13:30 GMT-5 \(Fri 4 Dec 2026 18:30 UTC\)/);
    assert.match(t, /Note: Node 2 of 3/);
    assert.match(t, /Next step: Instance upgrade complete/);
  });

  it('shows owners the No-Go with its confirmation while the upgrade runs, and nobody else', () => {
    const c = buildCommunicationCard(base);
    assert.match(readable(c), /This rolls the environment back/);
    // `at` names the post, so a click answered later can rebuild this very post.
    assert.deepEqual(executes(c, 'upgrade.nogo')[0]?.data, { verb: 'upgrade.nogo', upgradeId: 'CHG-2026-0042', inAnswerTo: 'instance_start', at: '2026-12-04T18:30:00.000Z' });
    assert.deepEqual(titles(buildCommunicationCard({ ...base, viewer: 'readonly' })), []);
    assert.deepEqual(titles(buildCommunicationCard({ ...base, viewer: 'engineer' })), []);
    assert.deepEqual(titles(buildCommunicationCard({ ...base, communication: 'upgrade_complete', state: 'completed' })), []);
  });

  it('offers no No-Go once the upgrade is past it, and can say why in a line under the heading', () => {
    for (const state of ['completed', 'cancelled', 'rolling_back', 'proposed'] as const) {
      const c = buildCommunicationCard({ ...base, communication: 'validation_complete', state, notice: noGoClosedNote(state) });
      assertValidCard(c);
      assert.deepEqual(titles(c), [], state);
      assert.match(readable(c), /^Validation testing complete\nNo-Go no longer applies: /, state);
    }
    assert.match(noGoClosedNote('completed'), /the upgrade is completed/);
    assert.match(noGoClosedNote('cancelled'), /the upgrade was cancelled/);
  });

  it('serves overrun, decisions, rollback, reschedule and cancel', () => {
    const cases: [Partial<CommunicationView>, RegExp][] = [
      [{ kind: 'overrun', newEta: '2026-12-05T02:00:00.000Z', note: 'Index rebuild is slow' }, /will overrun[\s\S]*New ETA: Fri 4 Dec 2026 21:00 GMT-5 \(Sat 5 Dec 2026 02:00 UTC\)[\s\S]*Reason: Index rebuild/],
      [{ kind: 'decision', outcome: 'go', by: 'Olivia Owner' }, /Decision: Go\. The upgrade continues[\s\S]*By: Olivia Owner/],
      [{ kind: 'decision', outcome: 'no_go', note: 'Too late' }, /Decision: No-Go\. The environment will be rolled back[\s\S]*Comment: Too late/],
      [{ kind: 'rollback', communication: 'rollback_complete', state: 'proposed' }, /^Rollback complete/],
      [{ kind: 'reschedule', note: 'Owner on leave', state: 'proposed' }, /^Upgrade rescheduled[\s\S]*Reason: Owner on leave/],
      [{ kind: 'cancel', note: 'Contract ended', state: 'cancelled' }, /^Upgrade cancelled[\s\S]*Reason: Contract ended/],
    ];
    for (const [over, expected] of cases) {
      const c = buildCommunicationCard({ ...base, communication: undefined, note: undefined, nextStep: undefined, ...over });
      assertValidCard(c);
      assert.match(readable(c), expected);
      assert.equal(executes(c, 'upgrade.nogo').length, 0, over.kind);
    }
  });

  it('refreshes for the listed owners, at most 60, naming the communication', () => {
    const c = buildCommunicationCard({ ...base, viewer: 'readonly', refreshUserIds: userIds(61) });
    assertValidCard(c);
    assert.equal(c.refresh?.userIds?.length, 60);
    assert.deepEqual(c.refresh?.action.data, { verb: 'card.refresh', card: 'communication', upgradeId: 'CHG-2026-0042', communication: 'instance_start', at: '2026-12-04T18:30:00.000Z' });
  });
});
