import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../../bot/src/domain/client';
import type { UpgradeDeskError } from '../../../bot/src/domain/errors';
import type { UpgradeEvent } from '../../../bot/src/domain/lifecycle';
import { checkPermission, checkVoter, isClientContact, isClientOwner, schedulerPrincipal, type Principal } from '../../../bot/src/domain/permissions';
import type { Staff } from '../../../bot/src/domain/staff';
import type { UpgradeMode } from '../../../bot/src/domain/upgrade';
import { fridayWindow } from './support/upgrades';

function client(id: string, name: string, more: Partial<Client> = {}): Client {
  return {
    id, name, tenantId: `tenant-${id}`, timeZone: 'Europe/London', phase: 'bau', csaId: `aad-csa-${id}`, ownerIds: [`aad-owner-${id}`],
    windowPolicy: defaultWindowPolicy, decisionPolicy: defaultDecisionPolicy, currentVersion: '4.3', blackoutDates: [], ...more,
  };
}
const contoso = client('contoso', 'Contoso', { implementationLeadId: 'aad-lead-contoso', phase: 'implementation' });
const fabrikam = client('fabrikam', 'Fabrikam');

const staff = (aadObjectId: string, roles: Staff['roles']): Principal => ({ kind: 'staff', staff: { aadObjectId, name: aadObjectId, roles } });
const contosoCsa = staff('aad-csa-contoso', ['csa']);
const contosoLead = staff('aad-lead-contoso', ['implementation_lead']);
const fabrikamCsa = staff('aad-csa-fabrikam', ['csa']);
const engineer = staff('aad-eng', ['engineer']);
const releaseManager = staff('aad-rm', ['release_manager']);
const contosoOwner: Principal = { kind: 'owner', client: contoso, aadObjectId: 'aad-owner-contoso', name: 'Olivia Park' };
const fabrikamOwner: Principal = { kind: 'owner', client: fabrikam, aadObjectId: 'aad-owner-fabrikam', name: 'Frank Li' };
const contosoMember: Principal = { kind: 'member', client: contoso, aadObjectId: 'aad-mia', name: 'Mia Lane' };
const stranger: Principal = { kind: 'unknown', aadObjectId: 'aad-x', name: 'Xavier', tenantId: 'tenant-other' };
const contosoKey: Principal = { kind: 'automation', clientId: 'contoso', keyId: 'k-contoso' };
const fabrikamKey: Principal = { kind: 'automation', clientId: 'fabrikam', keyId: 'k-fabrikam' };

const everyone: Record<string, Principal> = {
  'Contoso\'s CSA': contosoCsa, 'Contoso\'s implementation lead': contosoLead, 'Fabrikam\'s CSA': fabrikamCsa, 'an engineer': engineer,
  'a release manager': releaseManager, 'a Contoso owner': contosoOwner, 'a Fabrikam owner': fabrikamOwner, 'a Contoso member': contosoMember,
  'an unknown user': stranger, 'Contoso\'s automation key': contosoKey, 'Fabrikam\'s automation key': fabrikamKey,
};

const events: { [K in UpgradeEvent['type']]: Extract<UpgradeEvent, { type: K }> } = {
  propose: { type: 'propose', windows: [fridayWindow] },
  decline_proposal: { type: 'decline_proposal', comment: 'Board meeting' },
  accept: { type: 'accept', window: fridayWindow },
  schedule_self_service: { type: 'schedule_self_service', window: fridayWindow },
  tick_prerequisite: { type: 'tick_prerequisite', prerequisite: 'Backup taken' },
  record_cab: { type: 'record_cab', approver: 'Dana', reference: 'CAB-1' },
  communicate: { type: 'communicate', communication: 'upgrade_start' },
  overrun: { type: 'overrun', reason: 'Index rebuild is slow' },
  cast_vote: { type: 'cast_vote', decisionId: 'D1', vote: 'go' },
  no_go: { type: 'no_go', inAnswerTo: 'instance_start' },
  reschedule: { type: 'reschedule', reason: 'Prerequisites late', windows: [fridayWindow] },
  cancel: { type: 'cancel', reason: 'Client leaving' },
  tick_runbook: { type: 'tick_runbook', step: 0 },
};
const eventTypes = Object.keys(events) as UpgradeEvent['type'][];
/** A vote is refused as not a voter's; everything else as forbidden. */
const refusalCodes: string[] = ['forbidden', 'not_a_voter'];

const allowed = (p: Principal, type: UpgradeEvent['type'], mode: UpgradeMode = 'managed', c: Client = contoso) =>
  checkPermission(p, c, { mode }, events[type]).ok;

function refusal(p: Principal, type: UpgradeEvent['type'], mode: UpgradeMode = 'managed', c: Client = contoso): UpgradeDeskError {
  const result = checkPermission(p, c, { mode }, events[type]);
  if (result.ok) return assert.fail(`${type} was allowed`);
  assert.equal(result.error.code, 'forbidden');
  return result.error;
}

/** Who, of everyone, may do this to a Contoso upgrade. */
const whoMay = (type: UpgradeEvent['type'], mode: UpgradeMode = 'managed') =>
  Object.entries(everyone).filter(([, p]) => allowed(p, type, mode)).map(([name]) => name);

describe('permissions: who may do what to an upgrade', () => {
  it('knows the client\'s contacts and owners', () => {
    assert.ok(isClientContact(contosoCsa, contoso) && isClientContact(contosoLead, contoso));
    assert.ok(!isClientContact(fabrikamCsa, contoso) && !isClientContact(contosoOwner, contoso) && !isClientContact(engineer, contoso));
    assert.ok(isClientOwner(contosoOwner, contoso));
    assert.ok(!isClientOwner(fabrikamOwner, contoso) && !isClientOwner(contosoMember, contoso) && !isClientOwner(contosoCsa, contoso));
  });

  for (const type of ['propose', 'reschedule', 'cancel'] as const) {
    it(`only the client's CSA or implementation lead may ${type}`, () => {
      assert.deepEqual(whoMay(type), ['Contoso\'s CSA', 'Contoso\'s implementation lead']);
      assert.deepEqual(whoMay(type, 'self_service'), ['Contoso\'s CSA', 'Contoso\'s implementation lead']);
    });
  }

  it('tells others who may propose, reschedule or cancel', () => {
    assert.equal(refusal(fabrikamCsa, 'propose').userMessage, 'Only Contoso\'s CSA or implementation lead can propose windows for this upgrade.');
    assert.equal(refusal(contosoOwner, 'reschedule').userMessage, 'Only Contoso\'s CSA or implementation lead can reschedule this upgrade.');
    assert.equal(refusal(engineer, 'cancel').userMessage, 'Only Contoso\'s CSA or implementation lead can cancel this upgrade.');
  });

  for (const type of ['accept', 'decline_proposal', 'tick_prerequisite', 'record_cab', 'no_go'] as const) {
    it(`only an owner of the client may ${type}`, () => {
      assert.deepEqual(whoMay(type), ['a Contoso owner']);
      assert.deepEqual(whoMay(type, 'self_service'), ['a Contoso owner']);
    });
  }

  it('tells others that only the client\'s owners may agree dates, approve and say No-Go', () => {
    assert.equal(refusal(fabrikamOwner, 'accept').userMessage, 'Only Contoso\'s owners can agree a window.');
    assert.equal(refusal(contosoMember, 'decline_proposal').userMessage, 'Only Contoso\'s owners can decline a proposal.');
    assert.equal(refusal(contosoCsa, 'tick_prerequisite').userMessage, 'Only Contoso\'s owners can tick prerequisites.');
    assert.equal(refusal(contosoCsa, 'record_cab').userMessage, 'Only Contoso\'s owners can record CAB approval.');
    assert.equal(refusal(engineer, 'no_go').userMessage, 'Only Contoso\'s owners can say No-Go.');
  });

  it('the owners or the CSA pick the time of a self-service upgrade', () => {
    assert.deepEqual(whoMay('schedule_self_service', 'self_service'), ['Contoso\'s CSA', 'Contoso\'s implementation lead', 'a Contoso owner']);
    assert.equal(refusal(fabrikamOwner, 'schedule_self_service', 'self_service').userMessage,
      'Only Contoso\'s owners or CSA can pick the time of a self-service upgrade.');
  });

  for (const type of ['communicate', 'overrun'] as const) {
    it(`engineers and the client's own automation key may ${type} on a managed upgrade`, () => {
      assert.deepEqual(whoMay(type), ['an engineer', 'Contoso\'s automation key']);
    });

    it(`on a self-service upgrade the client's owners may ${type} too`, () => {
      assert.deepEqual(whoMay(type, 'self_service'), ['an engineer', 'a Contoso owner', 'Contoso\'s automation key']);
    });
  }

  it('an engineer posts progress for any client', () => {
    for (const c of [contoso, fabrikam]) {
      assert.ok(allowed(engineer, 'communicate', 'managed', c));
      assert.ok(allowed(engineer, 'overrun', 'managed', c));
    }
  });

  it('a client\'s automation key posts only for its client; another client\'s key is refused by name', () => {
    assert.ok(allowed(fabrikamKey, 'communicate', 'managed', fabrikam));
    for (const type of ['communicate', 'overrun'] as const) {
      for (const mode of ['managed', 'self_service'] as const) {
        assert.equal(refusal(fabrikamKey, type, mode).userMessage, 'This automation key is not Contoso\'s; it cannot post to this upgrade.');
      }
    }
  });

  it('the vendor\'s own automation key may post progress for any client', () => {
    const vendorKey: Principal = { kind: 'automation', clientId: 'vendor', keyId: 'k-vendor' };
    for (const mode of ['managed', 'self_service'] as const)
      assert.equal(checkPermission(vendorKey, contoso, { mode }, { type: 'communicate', communication: 'instance_start' }).ok, true);
    assert.equal(checkPermission(vendorKey, contoso, { mode: 'managed' }, { type: 'accept', window: { startsAt: '2026-12-04T18:00:00Z', endsAt: '2026-12-05T00:00:00Z' } }).ok, false);
  });

  it('Upgrade Desk by itself (timers, follow-ups) may only call an overrun and offer windows; it never books, approves, votes or cancels', () => {
    for (const type of eventTypes) assert.equal(allowed(schedulerPrincipal, type), type === 'overrun' || type === 'propose', type);
    assert.equal(refusal(schedulerPrincipal, 'cancel').userMessage, 'Upgrade Desk does not cancel an upgrade by itself; a person does.');
  });

  it('an automation key cannot book, approve or decide', () => {
    for (const type of eventTypes.filter((t) => t !== 'communicate' && t !== 'overrun')) assert.ok(!allowed(contosoKey, type, 'self_service'), type);
  });

  it('owners may not post progress on a managed upgrade, and are told who may', () => {
    assert.equal(refusal(contosoOwner, 'communicate').userMessage,
      'Only the vendor\'s engineers (or, for a self-service upgrade, the client\'s owners and deployment scripts) can post upgrade progress.');
    assert.equal(refusal(fabrikamOwner, 'overrun', 'self_service').userMessage,
      'Only the vendor\'s engineers (or, for a self-service upgrade, the client\'s owners and deployment scripts) can post upgrade progress.');
  });

  it('only an owner of the client may vote, and the refusal says the vote was not recorded', () => {
    assert.deepEqual(whoMay('cast_vote'), ['a Contoso owner']);
    assert.deepEqual(whoMay('cast_vote', 'self_service'), ['a Contoso owner']);
    const result = checkPermission(engineer, contoso, { mode: 'managed' }, events.cast_vote);
    assert.ok(!result.ok);
    assert.equal(result.error.userMessage, 'Only Contoso\'s owners can vote Go/No-Go; your vote was not recorded.');
  });

  it('a member of the client, an unknown user and a release manager may do nothing', () => {
    for (const p of [contosoMember, stranger, releaseManager]) {
      for (const type of eventTypes) {
        for (const mode of ['managed', 'self_service'] as const) assert.ok(!allowed(p, type, mode), type);
      }
    }
  });

  it('nobody of another client may do anything to this client\'s upgrade', () => {
    fc.assert(fc.property(
      fc.constantFrom(fabrikamCsa, fabrikamOwner, fabrikamKey, { kind: 'member', client: fabrikam, aadObjectId: 'aad-m', name: 'M' } as Principal),
      fc.constantFrom(...eventTypes),
      fc.constantFrom<UpgradeMode>('managed', 'self_service'),
      (p, type, mode) => {
        const result = checkPermission(p, contoso, { mode }, events[type]);
        return !result.ok && refusalCodes.includes(result.error.code);
      },
    ));
  });

  it('every refusal is a forbidden (or not-a-voter) error with a sentence to act on', () => {
    fc.assert(fc.property(
      fc.constantFrom(...Object.values(everyone)),
      fc.constantFrom(...eventTypes),
      fc.constantFrom<UpgradeMode>('managed', 'self_service'),
      (p, type, mode) => {
        const result = checkPermission(p, contoso, { mode }, events[type]);
        return result.ok || (refusalCodes.includes(result.error.code) && /^[A-Z].*\.$/.test(result.error.userMessage));
      },
    ));
  });
});

describe('permissions: who may vote Go/No-Go', () => {
  it('the client\'s owners vote', () => {
    assert.deepEqual(checkVoter(contosoOwner, contoso), { ok: true, value: true });
  });

  it('refuses another client\'s owner, naming both clients', () => {
    const result = checkVoter(fabrikamOwner, contoso);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'not_a_voter');
    assert.equal(result.error.userMessage, 'You are an owner of Fabrikam, not of Contoso; your vote was not recorded.');
  });

  it('refuses staff, members and keys: only the owners vote', () => {
    for (const p of [contosoCsa, contosoLead, engineer, contosoMember, stranger, contosoKey]) {
      const result = checkVoter(p, contoso);
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'not_a_voter');
      assert.equal(result.error.userMessage, 'Only Contoso\'s owners can vote Go/No-Go; your vote was not recorded.');
    }
  });
});
