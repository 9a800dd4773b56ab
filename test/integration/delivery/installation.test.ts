import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { installationEvent, referenceFromActivity } from '../../../bot/src/delivery/installation';

const tenant = 'c0c0c0c0-0000-0000-0000-0000000000aa';
const base: Partial<Activity> = {
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  recipient: { id: '28:bot', name: 'Upgrade Desk' },
  from: { id: '29:patti', name: 'Patti', aadObjectId: 'patti-aad' },
};

describe('installation: references and events from Teams activities', () => {
  it('reads a team install into the General channel reference', () => {
    const activity: Partial<Activity> = {
      ...base,
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:bot', name: 'Upgrade Desk' }],
      conversation: { id: '19:team@thread.tacv2', conversationType: 'channel', tenantId: tenant, isGroup: true, name: '' },
      channelData: { tenant: { id: tenant }, team: { id: '19:team@thread.tacv2', name: 'Contoso IT' }, eventType: 'teamMemberAdded' },
    };
    assert.deepEqual(installationEvent(activity), { kind: 'installed' });
    const ref = referenceFromActivity(activity)!;
    assert.deepEqual([ref.kind, ref.conversationId, ref.isGeneral, ref.teamName, ref.channelName], ['channel', '19:team@thread.tacv2', true, 'Contoso IT', 'General']);
  });

  it('reads a channel message (in a thread) into its channel reference', () => {
    const ref = referenceFromActivity({
      ...base,
      type: 'message',
      conversation: { id: '19:other@thread.tacv2;messageid=1700', conversationType: 'channel', tenantId: tenant, isGroup: true, name: '' },
      channelData: { tenant: { id: tenant }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:other@thread.tacv2', name: 'Announcements' } },
    })!;
    assert.deepEqual([ref.conversationId, ref.isGeneral, ref.channelName], ['19:other@thread.tacv2', false, 'Announcements']);
  });

  it('reads a personal chat with its user, and refuses an activity without a tenant', () => {
    const ref = referenceFromActivity({ ...base, type: 'installationUpdate', action: 'add', conversation: { id: 'a:1xyz', conversationType: 'personal', tenantId: tenant, isGroup: false, name: '' } })!;
    assert.deepEqual([ref.kind, ref.userAadObjectId], ['personal', 'patti-aad']);
    assert.equal(referenceFromActivity({ ...base, conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' } }), undefined);
  });

  it('tells uninstalls and deleted channels', () => {
    const conversation = { id: '19:team@thread.tacv2', conversationType: 'channel', tenantId: tenant, isGroup: true, name: '' };
    const team = { id: '19:team@thread.tacv2' };
    assert.deepEqual(installationEvent({ ...base, type: 'installationUpdate', action: 'remove', conversation, channelData: { team } }), { kind: 'uninstalled', teamId: team.id });
    assert.deepEqual(installationEvent({ ...base, type: 'conversationUpdate', membersRemoved: [{ id: '28:bot', name: '' }], conversation, channelData: { team } }), { kind: 'uninstalled', teamId: team.id });
    assert.deepEqual(installationEvent({ ...base, type: 'conversationUpdate', conversation, channelData: { team, eventType: 'channelDeleted', channel: { id: '19:gone@thread.tacv2' } } }), { kind: 'channel_deleted', channelId: '19:gone@thread.tacv2' });
    assert.deepEqual(installationEvent({ ...base, type: 'message', conversation }), { kind: 'none' });
  });
});
