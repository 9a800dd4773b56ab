import assert from 'node:assert/strict';
import { defaultDecisionPolicy, defaultWindowPolicy, isOwner, upgradeContactId, type Client } from '../../../bot/src/domain/client';

const base: Client = {
  id: 'contoso', name: 'Contoso', tenantId: 't', timeZone: 'Europe/London', phase: 'bau', csaId: 'aad-csa', implementationLeadId: 'aad-lead',
  ownerIds: ['aad-olivia', 'aad-omar'], windowPolicy: defaultWindowPolicy, decisionPolicy: defaultDecisionPolicy, currentVersion: '4.3', blackoutDates: [],
};

describe('clients', () => {
  it('has the standard defaults: Tue/Fri 18:00 for 6 hours, 7 days ahead; Go by any owner within 30 minutes', () => {
    assert.deepEqual(defaultWindowPolicy, { days: [2, 5], startTime: '18:00', lengthInHours: 6, leadTimeInDays: 7 });
    assert.deepEqual(defaultDecisionPolicy, { goRule: 'any', deadlineInMinutes: 30 });
    assert.ok(Object.isFrozen(defaultWindowPolicy) && Object.isFrozen(defaultDecisionPolicy));
  });

  it('the CSA starts the upgrade talk in BAU, the implementation lead before', () => {
    assert.equal(upgradeContactId(base), 'aad-csa');
    assert.equal(upgradeContactId({ ...base, phase: 'implementation' }), 'aad-lead');
    assert.equal(upgradeContactId({ ...base, phase: 'implementation', implementationLeadId: undefined }), 'aad-csa');
  });

  it('knows its owners', () => {
    assert.ok(isOwner(base, 'aad-omar'));
    assert.ok(!isOwner(base, 'aad-csa'));
  });
});
