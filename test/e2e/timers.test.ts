import assert from 'node:assert/strict';
import { alexTheCsa, meganTheEngineer, personalChatOf, startAppHarness, type AppHarness } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { cardText } from '../support/card-query';
import { addClient, addUpgrade } from '../support/fixtures';
import type { ReceivedActivity } from '../support/teams-standin';
import { arrives as arrivesAt, textOf } from '../support/arrivals';

describe('timed rules fired by the scheduler on the app\'s clock', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  const text = textOf;
  const arrives = (what: string, predicate: (r: ReceivedActivity) => boolean) => arrivesAt(app.teams, what, predicate);
  async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('the window\'s end while in progress asks the owners Go/No-Go; half-time reminds them; the deadline escalates and rolls nothing back', async () => {
    const { owners } = await addClient(app.stores, 'timberline', { owners: 2 });
    for (const person of [owners[0]!, owners[1]!, alexTheCsa, meganTheEngineer]) await app.say('help', person);
    const id = await addUpgrade(app.stores, 'timberline', { state: 'ready', window: { startsAt: '2026-11-25T09:00:00.000Z', endsAt: '2026-11-25T12:00:00.000Z' } });
    await app.say(`event ${id} start`, meganTheEngineer);

    app.setNow(new Date('2026-11-25T12:01:00Z'));
    const waiting = await until('the overrun', () => app.stores.upgrades.get(id), (u) => u!.value.state === 'awaiting_decision');
    assert.match(waiting!.value.decision!.reason, /The window ended at Wed 25 Nov 2026 12:00 GMT/);
    await arrives('the decision card for an owner', (r) => r.conversationId === personalChatOf(owners[0]!) && /Go\/No-Go|Go or No-Go/i.test(text(r)));

    const beforeHalfTime = Date.now();
    app.setNow(new Date('2026-11-25T12:17:00Z'));
    const reminder = await arrives('the half-time reminder', (r) => r.conversationId === personalChatOf(owners[1]!) && r.at >= beforeHalfTime);
    assert.match(text(reminder), /Deadline/i);

    app.setNow(new Date('2026-11-25T12:32:00Z'));
    const escalation = await arrives('the escalation to the CSA', (r) => r.conversationId === personalChatOf(alexTheCsa) && /escalat|deadline passed/i.test(text(r)));
    assert.ok(escalation);
    assert.match(text(escalation), /What to do now\n• CSA: reach Timberline's owners and ask them to vote Go or No-Go/);
    await arrives('the escalation to the engineer', (r) => r.conversationId === personalChatOf(meganTheEngineer) && /escalat|deadline passed/i.test(text(r)));
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'awaiting_decision', 'nothing rolls back without a human decision');
  });

  it('freeze reminders go to the channel two days before and on the morning of the window', async () => {
    const { owners } = await addClient(app.stores, 'coho', { owners: 1 });
    const channel = '19:coho-general@thread.tacv2';
    await app.installInTeam(owners[0]!.tenantId, channel, 'Coho');
    const slot = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
    app.setNow(new Date('2026-11-25T10:00:00Z'));
    const id = await addUpgrade(app.stores, 'coho', { fromVersion: '4.3', toVersion: '5.0', proposedWindows: [slot] });
    await app.act({ verb: 'proposal.accept', upgradeId: id, startsAt: slot.startsAt }, owners[0]!);
    await arrives('the freeze announcement', (r) => r.conversationId === channel && /^Content freeze on/.test(text(r)));
    app.setNow(new Date('2026-12-02T18:05:00Z'));
    await arrives('the T-2 days reminder', (r) => r.conversationId === channel && /in two days|2 days|reminder/i.test(text(r)));
    app.setNow(new Date('2026-12-04T08:05:00Z'));
    await arrives('the morning reminder', (r) => r.conversationId === channel && /today|this morning/i.test(text(r)));
  });
});
