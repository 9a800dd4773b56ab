import assert from 'node:assert/strict';
import { buildBookingConfirmationCard } from '../../../bot/src/cards/booking-confirmation-card';
import { buildBookingPickerCard } from '../../../bot/src/cards/booking-picker-card';
import { buildProposalCard, type ProposalView } from '../../../bot/src/cards/proposal-card';
import { buildReadinessCard, type ReadinessView } from '../../../bot/src/cards/readiness-card';
import { assertValidCard } from '../../support/card-validation';
import { executes, inputIdsOf, readable, showCards, titles } from './support/card-walk';
import { major, minor, offered, window1, window1Utc, window1Zone, zone } from './support/fixtures';

describe('booking picker card', () => {
  const base = { clientId: 'contoso', clientName: 'Contoso', timeZone: zone, version: '5.0', kind: 'major' as const, windows: offered };

  it('offers the next windows in zone and UTC with places left, as a multi-select, and sends a proposal', () => {
    const c = buildBookingPickerCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, new RegExp(`${window1Zone} · ${window1Utc} · 2 places left`));
    assert.match(t, /1 place left/);
    assert.match(t, /pick one to three/);
    const input = c.body.find((e) => e.type === 'Input.ChoiceSet');
    assert.ok(input && input.type === 'Input.ChoiceSet' && input.isMultiSelect && input.id === 'windows');
    assert.deepEqual(input.choices.map((ch) => ch.value), [offered[0]?.startsAt, offered[1]?.startsAt]);
    assert.deepEqual(executes(c)[0]?.data, { verb: 'proposal.send', clientId: 'contoso', version: '5.0' });
  });

  it('says so when nothing is free, with no button', () => {
    const c = buildBookingPickerCard({ ...base, windows: [], notice: 'The owners asked for a Friday.' });
    assertValidCard(c);
    assert.match(readable(c), /No window is free/);
    assert.match(readable(c), /asked for a Friday/);
    assert.equal(executes(c).length, 0);
  });
});

describe('proposal card', () => {
  const base: ProposalView = {
    upgradeId: 'CHG-2026-0042', v: 'W/"7"', clientName: 'Contoso', timeZone: zone, version: '5.0', kind: 'major',
    windows: [window1, offered[1]!], viewer: 'owner', prerequisites: major.prerequisites, contact: { name: 'Casey Jones', role: 'CSA', email: 'casey@example.com' },
  };

  it('lets owners accept each window, carrying the window, the id and the ETag', () => {
    const c = buildProposalCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, new RegExp(window1Zone));
    assert.match(t, new RegExp(window1Utc));
    const accepts = executes(c, 'proposal.accept');
    assert.equal(accepts.length, 2);
    assert.deepEqual(accepts[0]?.data, { verb: 'proposal.accept', upgradeId: 'CHG-2026-0042', startsAt: window1.startsAt, v: 'W/"7"' });
    assert.ok(accepts.every((a) => a.title === 'Accept this window'));
  });

  it('lets owners say none suit, with a required comment', () => {
    const c = buildProposalCard(base);
    const none = showCards(c).find((s) => s.title === 'None of these suit');
    assert.ok(none);
    const comment = none.card.body.find((e) => e.type === 'Input.Text');
    assert.ok(comment && comment.type === 'Input.Text' && comment.isRequired && comment.id === 'comment');
    assert.deepEqual(executes(none.card)[0]?.data, { verb: 'proposal.decline', upgradeId: 'CHG-2026-0042', v: 'W/"7"' });
  });

  it('for a major, lists the prerequisites, says CAB approval will be needed and offers a walkthrough call', () => {
    const t = readable(buildProposalCard(base));
    for (const p of major.prerequisites) assert.match(t, new RegExp(p));
    assert.match(t, /CAB approval will be needed/);
    // The bot takes no requests typed in chat: the owner is told whom to ask, by name.
    assert.match(t, /Would a walkthrough call help\? Ask Casey Jones, your CSA \(casey@example\.com\), to organise a call/);
    assert.doesNotMatch(t, /in this chat/);
    const lead = readable(buildProposalCard({ ...base, contact: { name: 'Lee Lead', role: 'implementation lead' } }));
    assert.match(lead, /Ask Lee Lead, your implementation lead, to organise a call/);
    assert.match(readable(buildProposalCard({ ...base, contact: undefined })), /Ask your CSA to organise a call/);
  });

  it('offers the walkthrough call only on the owners\' copy, not the CSA\'s or anyone else\'s', () => {
    for (const viewer of ['csa', 'readonly', 'engineer'] as const) {
      const t = readable(buildProposalCard({ ...base, viewer }));
      assert.match(t, /CAB approval will be needed/, viewer);
      assert.doesNotMatch(t, /walkthrough/, viewer);
    }
    assert.doesNotMatch(readable(buildProposalCard({ ...base, viewer: 'csa', declined: { comment: 'Fridays are month-end.', by: 'Olivia Owner' } })), /walkthrough/);
  });

  it('for a minor, has no major notes', () => {
    const c = buildProposalCard({ ...base, kind: 'minor', prerequisites: [] });
    assertValidCard(c);
    assert.doesNotMatch(readable(c), /CAB|walkthrough/);
  });

  it('read-only viewers see the list and that the owners are to pick, with no buttons', () => {
    for (const viewer of ['readonly', 'engineer', 'csa'] as const) {
      const c = buildProposalCard({ ...base, viewer });
      assertValidCard(c);
      assert.match(readable(c), /Waiting for the client's owners/);
      assert.match(readable(c), new RegExp(window1Zone));
      assert.deepEqual(titles(c), []);
    }
  });

  it('shows that a window was just taken and the next ones', () => {
    const c = buildProposalCard({ ...base, notice: 'That window was just taken; here are the next ones.', windows: [offered[1]!] });
    assertValidCard(c);
    assert.match(readable(c), /just taken; here are the next ones/);
    assert.equal(executes(c, 'proposal.accept').length, 1);
  });

  it('gives the CSA the owners\' comment and a button to propose more', () => {
    const c = buildProposalCard({ ...base, viewer: 'csa', declined: { comment: 'Fridays are month-end.', by: 'Olivia Owner' } });
    assertValidCard(c);
    assert.match(readable(c), /None of these suit Olivia Owner/);
    assert.match(readable(c), /Fridays are month-end/);
    assert.deepEqual(executes(c, 'proposal.more')[0]?.data, { verb: 'proposal.more', upgradeId: 'CHG-2026-0042' });
  });
});

describe('booking confirmation card', () => {
  it('shows the window, what goes offline and that a content freeze applies for a major', () => {
    const c = buildBookingConfirmationCard({ upgradeId: 'CHG-2026-0042', clientName: 'Contoso', timeZone: zone, mode: 'managed', window: window1, release: major, bookedBy: 'Olivia Owner' });
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, new RegExp(window1Zone));
    assert.match(t, new RegExp(window1Utc));
    assert.match(t, /ConneX and Add It may be offline for 10-20 minutes/);
    assert.match(t, /A content freeze applies/);
    assert.match(t, /no(body|one)? uploads content or edits workspaces or pages on the day of the upgrade/i);
    assert.match(t, /accepted by Olivia Owner/);
    assert.match(t, /prerequisites and record the CAB approval/);
  });

  it('says no freeze is needed for a minor that does not advise one', () => {
    const c = buildBookingConfirmationCard({ upgradeId: 'CHG-2026-0043', clientName: 'Contoso', timeZone: zone, mode: 'self_service', window: window1, release: minor });
    assertValidCard(c);
    assert.match(readable(c), /No content freeze is needed/);
    assert.match(readable(c), /Your IT admin/);
    assert.doesNotMatch(readable(c), /CAB/);
  });
});

describe('booking confirmation card, corrected in place', () => {
  const booked = { upgradeId: 'CHG-2026-0042', clientName: 'Contoso', timeZone: zone, mode: 'managed' as const, window: window1, release: major };
  const cases: [NonNullable<Parameters<typeof buildBookingConfirmationCard>[0]['superseded']>, RegExp][] = [
    ['rescheduled', /^Upgrade rescheduled: CHG-2026-0042\n[\s\S]*Rescheduled: the window below no longer applies\. See the ticket for the new windows\./],
    ['cancelled', /^Upgrade cancelled: CHG-2026-0042\n[\s\S]*Cancelled: the window below no longer applies/],
    ['rolled_back', /^Upgrade rolled back: CHG-2026-0042\n[\s\S]*Rolled back: the upgrade in the window below was rolled back, and new windows will be proposed/],
  ];
  for (const [superseded, says] of cases)
    it(`says the window no longer applies when ${superseded.replace('_', ' ')}, naming it, with nothing to act on`, () => {
      const c = buildBookingConfirmationCard({ ...booked, superseded });
      assertValidCard(c);
      const t = readable(c);
      assert.match(t, says);
      assert.match(t, new RegExp(`Was booked \\(${zone}\\): ${window1Zone}`));
      assert.doesNotMatch(t, /Upgrade booked|A content freeze applies|What will be offline/);
      assert.deepEqual(titles(c), []);
    });
});

describe('readiness card', () => {
  const base: ReadinessView = {
    upgradeId: 'CHG-2026-0042', v: 'W/"9"', clientName: 'Contoso', version: '5.0', timeZone: zone, window: window1,
    prerequisites: major.prerequisites, done: [major.prerequisites[1]!], viewer: 'owner',
  };

  it('gives owners toggles for open prerequisites, shows done ones as done, and records CAB approval', () => {
    const c = buildReadinessCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /1 of 3 prerequisites done · CAB approval missing/);
    assert.match(t, /^Done: Upgrade the search connector$/m);
    assert.doesNotMatch(t, /[✅⬜⚠]/u);
    assert.deepEqual(inputIdsOf(c), ['prereq-0', 'prereq-2', 'approver', 'reference']);
    assert.deepEqual(executes(c, 'prerequisites.save')[0]?.data, { verb: 'prerequisites.save', upgradeId: 'CHG-2026-0042', v: 'W/"9"' });
    const cab = showCards(c).find((s) => s.title === 'Record CAB approval');
    assert.ok(cab);
    assert.deepEqual(executes(cab.card)[0]?.data, { verb: 'cab.record', upgradeId: 'CHG-2026-0042', v: 'W/"9"' });
  });

  it('shows read-only viewers the progress and no inputs', () => {
    const c = buildReadinessCard({ ...base, viewer: 'readonly', done: major.prerequisites.slice(0, 2) });
    assertValidCard(c);
    assert.match(readable(c), /2 of 3 prerequisites done · CAB approval missing/);
    assert.match(readable(c), /^Done: Grant Sites\.Selected$/m);
    assert.match(readable(c), /^To do: Back up templates$/m);
    assert.doesNotMatch(readable(c), /[✅⬜⚠]/u);
    assert.deepEqual(inputIdsOf(c), []);
    assert.deepEqual(titles(c), []);
  });

  it('shows a recorded approval and readiness when everything is done', () => {
    const cab = { approver: 'Pat CIO', reference: 'CAB-117', recordedAt: '2026-11-20T10:00:00.000Z', recordedByName: 'Olivia Owner' };
    const c = buildReadinessCard({ ...base, done: major.prerequisites, cab });
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /3 of 3 prerequisites done · CAB approval recorded/);
    assert.match(t, /ready to start/);
    assert.match(t, /Reference: CAB-117/);
    assert.match(t, /Fri 20 Nov 2026 05:00 GMT-5 \(Fri 20 Nov 2026 10:00 UTC\) by Olivia Owner/);
    assert.deepEqual(titles(c), []);
  });

  it('gives the CSA a one-click reschedule when flagged unready at T-24 h', () => {
    const c = buildReadinessCard({ ...base, viewer: 'csa', flaggedUnready: true });
    assertValidCard(c);
    assert.match(readable(c), /within 24 hours and this upgrade is not ready/);
    assert.deepEqual(executes(c, 'upgrade.reschedule')[0]?.data, { verb: 'upgrade.reschedule', upgradeId: 'CHG-2026-0042', v: 'W/"9"' });
  });
});
