import assert from 'node:assert/strict';
import { buildTicketCard } from '../../../bot/src/cards/ticket-card';
import type { AuditEntry } from '../../../bot/src/domain/audit';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../../bot/src/domain/client';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { describeAudit, nextStep, ticketView } from '../../../bot/src/usecases/upgrade-views';
import { assertValidCard } from '../../support/card-validation';
import { readable } from './support/card-walk';
import { major, window1, window2, zone } from './support/fixtures';

const client: Client = {
  id: 'fabrikam', name: 'Fabrikam', tenantId: 'tenant-fabrikam', timeZone: zone, phase: 'bau', csaId: 'alex',
  ownerIds: ['isaiah'], windowPolicy: defaultWindowPolicy, decisionPolicy: defaultDecisionPolicy, currentVersion: '4.3', blackoutDates: [],
};
const upgrade = (over: Partial<Upgrade> = {}): Upgrade => ({
  id: 'CHG-2026-0042', clientId: 'fabrikam', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'booked', window: window1,
  proposedWindows: [], prerequisitesDone: [], createdAt: '2026-11-20T09:00:00.000Z', updatedAt: '2026-11-20T09:00:00.000Z', ...over,
});
const cab: Upgrade['cabApproval'] = { approver: 'Pat CIO', reference: 'CAB-117', recordedAt: '2026-11-20T10:00:00.000Z', recordedBy: 'isaiah' };

/** The ticket card a person reads, checked against Adaptive Card 1.5. */
function ticketText(u: Upgrade, lastAudit?: AuditEntry): string {
  const card = buildTicketCard(ticketView({ value: u, etag: 'W/"1"' }, client, major, 'readonly', lastAudit));
  assertValidCard(card);
  return readable(card);
}

describe('what the ticket card says next and last', () => {
  it('a booked upgrade with every prerequisite done names only the CAB approval, not "0 prerequisite(s)"', () => {
    const t = ticketText(upgrade({ prerequisitesDone: major.prerequisites }));
    assert.match(t, /^Next step: Fabrikam's owners record the CAB approval\.$/m);
    assert.doesNotMatch(t, /\b0 prerequisite|\(s\)/);
  });

  it('counts the prerequisites still open, singular and plural', () => {
    assert.equal(nextStep(upgrade({ prerequisitesDone: major.prerequisites.slice(0, 2) }), major, client), "Fabrikam's owners complete 1 prerequisite and record the CAB approval.");
    assert.equal(nextStep(upgrade({ cabApproval: cab }), major, client), "Fabrikam's owners complete 3 prerequisites.");
  });

  it('counts proposed windows without "(s)"', () => {
    assert.equal(nextStep(upgrade({ state: 'proposed', window: undefined, proposedWindows: [window1] }), major, client), "Fabrikam's owners accept the proposed window, or ask for others.");
    assert.equal(nextStep(upgrade({ state: 'proposed', window: undefined, proposedWindows: [window1, window2] }), major, client), "Fabrikam's owners accept one of 2 proposed windows, or ask for others.");
  });

  it('says the next step once, not "Next step: Next: ..."', () => {
    const t = ticketText(upgrade({ state: 'in_progress', lastCommunication: 'instance_start' }));
    assert.match(t, /^Next step: Engineers post Instance upgrade complete or Instance upgrade failure\.$/m);
    assert.doesNotMatch(t, /Next step: Next/);
    assert.match(nextStep(upgrade({ state: 'in_progress', mode: 'self_service' }), major, client), /^The client's IT admin posts Upgrade start/);
  });

  it('shows an overrun\'s new ETA in the client\'s zone and in UTC, not as an ISO instant', () => {
    const overrun: AuditEntry = {
      at: '2026-12-04T23:40:00.000Z', actor: { id: 'eng', name: 'Megan Bowen', role: 'engineer' }, source: 'chat', action: 'overrun',
      detail: 'Index rebuild is slow (new ETA 2026-12-12T01:30:00.000Z)',
    };
    const t = ticketText(upgrade({ state: 'awaiting_decision' }), overrun);
    assert.match(t, /^Last event: Will overrun: Index rebuild is slow; new ETA Fri 11 Dec 2026 20:30 GMT-5 \(Sat 12 Dec 2026 01:30 UTC\) \(Megan Bowen\), /m);
    assert.doesNotMatch(t, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    assert.equal(describeAudit({ ...overrun, detail: 'The window has ended (no new ETA yet)' }, zone), 'Will overrun: The window has ended; no new ETA yet (Megan Bowen)');
  });
});
