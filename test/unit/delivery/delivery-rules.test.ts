import assert from 'node:assert/strict';
import { incarnationGone, leasedByEarlierIncarnation, leaseOwnerName, leftByGoneIncarnation, liveEarlierIncarnations, needsWork, reclaimable } from '../../../bot/src/delivery/delivery-rules';
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

  it('an earlier incarnation of the same instance: its lease may be reclaimed (once it is gone)', () => {
    assert.equal(leasedByEarlierIncarnation('slot-a#first', me), true);
    assert.equal(leasedByEarlierIncarnation('host:3978#first', 'host:3978#second'), true);
  });

  it('this very incarnation, another instance, or an owner not named instance#incarnation: never', () => {
    assert.equal(leasedByEarlierIncarnation(me, me), false, 'its own lease');
    assert.equal(leasedByEarlierIncarnation('slot-b#first', me), false, 'another instance may be alive');
    assert.equal(leasedByEarlierIncarnation('slot-ab#first', me), false, 'a name that merely starts alike');
    assert.equal(leasedByEarlierIncarnation('slot#a#first', me), false);
    for (const other of [undefined, '', 'slot-a', 'worker-1234', '#first', 'slot-a#']) assert.equal(leasedByEarlierIncarnation(other, me), false, String(other));
    assert.equal(leasedByEarlierIncarnation('slot-a#first', 'worker-1234'), false, 'an owner named otherwise reclaims nothing');
  });
});

describe('delivery rules: whether an earlier incarnation is gone (its heartbeat)', () => {
  const me = leaseOwnerName('slot-a', 'second');
  const staleAfter = 15_000;
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('gone without a heartbeat (stopped cleanly, or never beat) or with one older than stale-after; alive with a fresh one', () => {
    assert.equal(incarnationGone(undefined, now, staleAfter), true, 'no heartbeat');
    assert.equal(incarnationGone({ beatAt: ago(15_001) }, now, staleAfter), true, 'stale: three beats missed');
    assert.equal(incarnationGone({ beatAt: ago(15_000) }, now, staleAfter), false, 'just not stale yet');
    assert.equal(incarnationGone({ beatAt: ago(4_000) }, now, staleAfter), false, 'fresh');
    assert.equal(incarnationGone({ beatAt: ago(-2_000) }, now, staleAfter), false, 'a beat from a clock slightly ahead');
    assert.equal(incarnationGone({ beatAt: 'garbage' }, now, staleAfter), true, 'a beat that cannot be read');
  });

  it('the live earlier incarnations: fresh beats of the instance, not counting its own', () => {
    const beats = [
      { incarnation: 'first', beatAt: ago(3_000) },
      { incarnation: 'zeroth', beatAt: ago(60_000) },
      { incarnation: 'second', beatAt: ago(1_000) },
    ];
    assert.deepEqual([...liveEarlierIncarnations(beats, me, now, staleAfter)], ['first']);
  });

  it('a lease is left by a gone incarnation only when it is an earlier one of this instance and not alive', () => {
    const live = new Set(['first']);
    assert.equal(leftByGoneIncarnation('slot-a#first', me, live), false, 'alive: its lease stands');
    assert.equal(leftByGoneIncarnation('slot-a#zeroth', me, live), true, 'stale or no beat');
    assert.equal(leftByGoneIncarnation('slot-b#zeroth', me, live), false, 'another instance: its leases run out');
    assert.equal(leftByGoneIncarnation(me, me, new Set()), false, 'its own');
  });

  it('a reclaim hands over rows with work and no live lease: none, over, or left by a gone incarnation', () => {
    const live = new Set(['first']);
    const leased = (owner: string) => row({ state: 'sending', leaseOwner: owner, leaseExpiresAt: inAMinute });
    assert.equal(reclaimable(leased('slot-a#zeroth'), 1, me, live, now), true, 'left leased by a gone earlier life');
    assert.equal(needsWork(leased('slot-a#zeroth'), 1, now), false, 'which no other worker would take before the lease ran out');
    assert.equal(reclaimable(leased('slot-a#first'), 1, me, live, now), false, 'leased by an earlier life still beating: it may be sending it');
    assert.equal(reclaimable(leased('slot-a#first'), 1, me, new Set(), now), true, 'the same once it stopped beating');
    assert.equal(reclaimable(leased('slot-b#first'), 1, me, live, now), false, 'leased by another instance');
    assert.equal(reclaimable(leased(me), 1, me, live, now), false, 'leased by itself (created leased by an enqueue here)');
    assert.equal(reclaimable(row({}), 1, me, live, now), true, 'pending, no lease: its pointer may be in a dead process\'s hands');
    assert.equal(reclaimable(row({ state: 'sending', leaseOwner: 'slot-b#first', leaseExpiresAt: now.toISOString() }), 1, me, live, now), true, 'lease over');
    assert.equal(reclaimable(row({ state: 'sent', activityId: 'a', sentVersion: 1 }), 2, me, live, now), true, 'an update due');
    assert.equal(reclaimable(row({ state: 'sent', activityId: 'a', sentVersion: 2 }), 2, me, live, now), false, 'done');
    assert.equal(reclaimable(row({ state: 'failed', leaseOwner: 'slot-a#zeroth' }), 1, me, live, now), false, 'failed for good');
  });
});
