import assert from 'node:assert/strict';
import type { ConversationReferenceInput } from '../../../bot/src/store/conversation-references';
import { openDeliveryHarness, type DeliveryHarness } from './harness';

const tenant = 'c0c0c0c0-0000-0000-0000-0000000000aa';
const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const team = '19:general-contoso@thread.tacv2';
const general: ConversationReferenceInput = { tenantId: tenant, conversationId: team, kind: 'channel', serviceUrl, channelId: 'msteams', teamId: team, teamName: 'Contoso IT', channelName: 'General', isGeneral: true };
const announcements: ConversationReferenceInput = { ...general, conversationId: '19:announce/ments#1?x@thread.tacv2', channelName: 'Announcements', isGeneral: false };
const personal: ConversationReferenceInput = { tenantId: tenant, conversationId: 'a:1personal-chat', kind: 'personal', serviceUrl, channelId: 'msteams', isGeneral: false, userAadObjectId: 'owner-1' };

describe('conversation references: where the bot is installed, by tenant', function () {
  let h: DeliveryHarness;
  beforeEach(async () => {
    h = await openDeliveryHarness();
  });
  afterEach(() => h.close());

  it('stores channels and chats and keeps their first installation time', async () => {
    const refs = h.storage.references;
    await refs.upsert(general);
    await refs.upsert(announcements);
    await refs.upsert(personal);
    const first = (await refs.get(tenant, team))!;
    await refs.upsert({ ...general, teamName: 'Contoso IT (renamed)' });
    const again = (await refs.get(tenant, team))!;
    assert.equal(again.installedAt, first.installedAt);
    assert.equal(again.teamName, 'Contoso IT (renamed)');
    assert.equal((await refs.get(tenant, announcements.conversationId))!.channelName, 'Announcements', 'odd characters in ids are fine');
    assert.equal((await refs.get(tenant, `${team};messageid=1700000000000`))!.conversationId, team, 'a thread resolves to its channel');
    assert.equal((await refs.list(tenant)).length, 3);
    assert.deepEqual(await refs.list('another-tenant'), []);
    const chats = await refs.personalChats(tenant, ['owner-1', 'owner-without-a-chat']);
    assert.deepEqual([...chats.keys()], ['owner-1']);
    assert.equal(chats.get('owner-1')!.conversationId, personal.conversationId);
  });

  it('sends notices to the General channel until the client picks one, and back to General when that one goes', async () => {
    const refs = h.storage.references;
    assert.equal(await refs.noticeChannel(tenant), undefined);
    await refs.upsert(general);
    await refs.upsert(announcements);
    assert.equal((await refs.noticeChannel(tenant))!.conversationId, team);
    await refs.setNoticeChannel(tenant, `${announcements.conversationId};messageid=42`);
    assert.equal((await refs.noticeChannel(tenant))!.conversationId, announcements.conversationId);
    await refs.markInactive(tenant, announcements.conversationId, 'Teams answered 403');
    assert.equal((await refs.noticeChannel(tenant))!.conversationId, team);
    assert.equal((await refs.getTenant(tenant))!.noticeConversationId, announcements.conversationId);
  });

  it('maps a tenant to its client', async () => {
    const refs = h.storage.references;
    assert.equal(await refs.getTenant(tenant), undefined);
    await refs.setTenantClient(tenant, 'contoso');
    await refs.setNoticeChannel(tenant, team);
    const record = (await refs.getTenant(tenant))!;
    assert.deepEqual([record.clientId, record.noticeConversationId], ['contoso', team]);
  });

  it('an uninstall from a team marks every channel of it inactive, and the targets say so', async () => {
    const refs = h.storage.references;
    await refs.upsert(general);
    await refs.upsert(announcements);
    await refs.upsert(personal);
    assert.equal(await refs.markTeamInactive(tenant, team, 'uninstalled'), 2);
    const targets = await refs.listTargets(tenant);
    assert.deepEqual(targets.map((t) => [t.target.conversationId, t.active]).sort(), [
      [announcements.conversationId, false],
      [personal.conversationId, true],
      [team, false],
    ].sort());
    assert.equal(await refs.noticeChannel(tenant), undefined);
  });

  it('a conversation marked inactive after a 404 is active again when the bot hears from it', async () => {
    const refs = h.storage.references;
    await refs.sighted(general);
    await refs.markInactive(tenant, team, 'Teams answered 404');
    assert.equal((await refs.get(tenant, team))!.active, false);
    await refs.sighted(general);
    const again = (await refs.get(tenant, team))!;
    assert.equal(again.active, true);
    assert.equal((await refs.noticeChannel(tenant))!.conversationId, team);
  });

  it('a sighting from another service URL (the service moved) is stored at once', async () => {
    const refs = h.storage.references;
    await refs.sighted(general);
    await refs.sighted({ ...general, serviceUrl: 'https://smba.trafficmanager.net/amer/' });
    assert.equal((await refs.get(tenant, team))!.serviceUrl, 'https://smba.trafficmanager.net/amer/');
  });
});
