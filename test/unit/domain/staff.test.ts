import assert from 'node:assert/strict';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../../bot/src/domain/client';
import { identify, staffServesClient, type Staff } from '../../../bot/src/domain/staff';

const vendorTenant = 'tenant-vendor';
const csaStaff: Staff = { aadObjectId: 'aad-csa', name: 'Casey Stone', roles: ['csa'] };
const lead: Staff = { aadObjectId: 'aad-lead', name: 'Lee Imp', roles: ['implementation_lead'] };
const engineer: Staff = { aadObjectId: 'aad-eng', name: 'Eli Moreno', roles: ['engineer'] };
const staff = [csaStaff, lead, engineer];

function client(id: string, tenantId: string, ownerIds: string[], more: Partial<Client> = {}): Client {
  return {
    id, name: id, tenantId, timeZone: 'Europe/London', phase: 'bau', csaId: 'aad-csa', ownerIds,
    windowPolicy: defaultWindowPolicy, decisionPolicy: defaultDecisionPolicy, currentVersion: '4.3', blackoutDates: [], ...more,
  };
}
const contoso = client('contoso', 'tenant-contoso', ['aad-olivia']);
const fabrikam = client('fabrikam', 'tenant-fabrikam', ['aad-frank'], { csaId: 'aad-other', phase: 'implementation', implementationLeadId: 'aad-lead' });
const clients = [contoso, fabrikam];

const who = (tenantId: string, aadObjectId: string) => identify({ tenantId, aadObjectId, name: 'Someone' }, vendorTenant, staff, clients);

describe('who is acting', () => {
  it('knows vendor staff in the vendor tenant', () => {
    assert.deepEqual(who(vendorTenant, 'aad-csa'), { kind: 'staff', staff: csaStaff });
    assert.deepEqual(who(vendorTenant, 'aad-eng'), { kind: 'staff', staff: engineer });
  });

  it('does not take a staff member id from another tenant as staff', () => {
    assert.deepEqual(who('tenant-contoso', 'aad-csa'), { kind: 'member', client: contoso, aadObjectId: 'aad-csa', name: 'Someone' });
    assert.equal(who('tenant-unknown', 'aad-csa').kind, 'unknown');
  });

  it('tells a client owner from another member of the client', () => {
    assert.deepEqual(who('tenant-contoso', 'aad-olivia'), { kind: 'owner', client: contoso, aadObjectId: 'aad-olivia', name: 'Someone' });
    assert.deepEqual(who('tenant-contoso', 'aad-mia'), { kind: 'member', client: contoso, aadObjectId: 'aad-mia', name: 'Someone' });
  });

  it('never makes one client owner an owner of another client', () => {
    const frankInContoso = who('tenant-contoso', 'aad-frank');
    assert.equal(frankInContoso.kind, 'member');
    assert.equal(frankInContoso.kind === 'member' && frankInContoso.client.id, 'contoso');
    const oliviaInFabrikam = who('tenant-fabrikam', 'aad-olivia');
    assert.ok(oliviaInFabrikam.kind === 'member' && oliviaInFabrikam.client.id === 'fabrikam');
  });

  it('calls anyone from a tenant it does not serve unknown', () => {
    assert.deepEqual(who('tenant-elsewhere', 'aad-olivia'), { kind: 'unknown', tenantId: 'tenant-elsewhere', aadObjectId: 'aad-olivia', name: 'Someone' });
    assert.equal(who(vendorTenant, 'aad-not-staff').kind, 'unknown');
  });
});

describe('which clients a vendor person serves', () => {
  it('a client is served by its CSA and its implementation lead', () => {
    assert.ok(staffServesClient(csaStaff, contoso));
    assert.ok(staffServesClient(lead, fabrikam));
    assert.ok(!staffServesClient(csaStaff, fabrikam));
    assert.ok(!staffServesClient(lead, contoso));
  });
});
