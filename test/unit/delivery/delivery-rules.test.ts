import assert from 'node:assert/strict';
import { leasedByEarlierIncarnation, leaseOwnerName, needsWork, reclaimableAtStart } from '../../../bot/src/delivery/delivery-rules';
import type { DeliveryRecord } from '../../../bot/src/delivery/outbox-ports';

const now = new Date('2026-11-25T10:00:00.000Z');
const inAMinute = '2026-11-25T10:01:00.000Z';
const row = (change: Partial<DeliveryRecord>): DeliveryRecord => ({
  noticeId: 'townhall:5.0', key: 'k', bucket: 0, tenantId: 't', conversationId: 'c', state: 'pending', attempts: 0, statusCodes: [], updatedAt: now.toISOString(), ...change,
});

describe('delivery rules: leases of an earlier life of this process', () => {
  const me = leaseOwnerName('slot-a', 'second');

  it('names a lease owner by instance and incarnation', () => {
    assert.equal(me, 'slot-a#second');
  });

  it('an earlier incarnation of the same instance: reclaimable, it is dead', () => {
    assert.equal(leasedByEarlierIncarnation('slot-a#first', me), true);
    assert.equal(leasedByEarlierIncarnation('host:3978#first', 'host:3978#second'), true);
  });

  it('this very incarnation, another instance, or an owner not named instance#incarnation: not reclaimable', () => {
    assert.equal(leasedByEarlierIncarnation(me, me), false, 'its own lease');
    assert.equal(leasedByEarlierIncarnation('slot-b#first', me), false, 'another instance may be alive');
    assert.equal(leasedByEarlierIncarnation('slot-ab#first', me), false, 'a name that merely starts alike');
    assert.equal(leasedByEarlierIncarnation('slot#a#first', me), false);
    for (const other of [undefined, '', 'slot-a', 'worker-1234', '#first', 'slot-a#']) assert.equal(leasedByEarlierIncarnation(other, me), false, String(other));
    assert.equal(leasedByEarlierIncarnation('slot-a#first', 'worker-1234'), false, 'an owner named otherwise reclaims nothing');
  });

  it('at start, hands over every row with work that no live worker may hold', () => {
    const leased = (owner: string) => row({ state: 'sending', leaseOwner: owner, leaseExpiresAt: inAMinute });
    assert.equal(reclaimableAtStart(leased('slot-a#first'), 1, me, now), true, 'left leased by an earlier life');
    assert.equal(needsWork(leased('slot-a#first'), 1, now), false, 'which no other worker would take before the lease ran out');
    assert.equal(reclaimableAtStart(leased('slot-b#first'), 1, me, now), false, 'leased by another instance');
    assert.equal(reclaimableAtStart(leased(me), 1, me, now), false, 'leased by itself (created leased by an enqueue here)');
    assert.equal(reclaimableAtStart(row({}), 1, me, now), true, 'pending: its pointer may be in the dead process\'s hands');
    assert.equal(reclaimableAtStart(row({ state: 'sending', leaseOwner: 'slot-b#first', leaseExpiresAt: now.toISOString() }), 1, me, now), true, 'lease over');
    assert.equal(reclaimableAtStart(row({ state: 'sent', activityId: 'a', sentVersion: 1 }), 2, me, now), true, 'an update due');
    assert.equal(reclaimableAtStart(row({ state: 'sent', activityId: 'a', sentVersion: 2 }), 2, me, now), false, 'done');
    assert.equal(reclaimableAtStart(row({ state: 'failed', leaseOwner: 'slot-a#first' }), 1, me, now), false, 'failed for good');
  });
});
