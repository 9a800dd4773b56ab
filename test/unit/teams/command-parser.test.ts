import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import type { AdaptiveCard } from '../../../bot/src/cards/adaptive-card';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../../bot/src/domain/client';
import type { Staff } from '../../../bot/src/domain/staff';
import type { Deps } from '../../../bot/src/usecases/context';
import { parseCommand } from '../../../bot/src/teams/command-parser';
import { UpgradeDeskBot } from '../../../bot/src/teams/upgrade-desk-bot';

describe('command parser', () => {
  it('strips the @mention Teams puts in a channel message, so "@Upgrade Desk notices here" is "notices here"', () => {
    assert.deepEqual(parseCommand('<at>Upgrade Desk</at> notices here'), { name: 'notices', args: ['here'], rest: 'here' });
    assert.deepEqual(parseCommand('<at>Upgrade Desk</at>&nbsp;show CHG-2026-0001\n'), { name: 'show', args: ['CHG-2026-0001'], rest: 'CHG-2026-0001' });
    assert.deepEqual(parseCommand('windows <at>Upgrade Desk</at> Contoso Ltd'), { name: 'windows', args: ['Contoso', 'Ltd'], rest: 'Contoso Ltd' });
    assert.deepEqual(parseCommand('sharepoint on <a href="https://contoso.sharepoint.com/sites/intranet">https://contoso.sharepoint.com/sites/intranet</a>'), {
      name: 'sharepoint', args: ['on', 'https://contoso.sharepoint.com/sites/intranet'], rest: 'on https://contoso.sharepoint.com/sites/intranet',
    });
  });

  it('takes the command word in any case, with or without a slash, and nothing as no command', () => {
    assert.equal(parseCommand('/HELP').name, 'help');
    assert.deepEqual(parseCommand(undefined), { name: '', args: [], rest: '' });
    assert.deepEqual(parseCommand('<at>Upgrade Desk</at>'), { name: '', args: [], rest: '' });
  });
});

describe('the bot in a channel', () => {
  const contoso: Client = {
    id: 'contoso', name: 'Contoso', tenantId: 'tenant-contoso', timeZone: 'Europe/London', phase: 'bau', csaId: 'alex',
    ownerIds: ['patti'], windowPolicy: defaultWindowPolicy, decisionPolicy: defaultDecisionPolicy, currentVersion: '4.3', blackoutDates: [],
  };
  const alex: Staff = { aadObjectId: 'alex', name: 'Alex Wilber', roles: ['csa', 'implementation_lead'] };
  const noticeChannels: string[] = [];
  const deps = {
    vendorTenantId: 'tenant-vendor',
    stores: { staff: { list: async () => [alex] }, clients: { list: async () => [contoso] } },
    conversations: {
      setTenantClient: async () => {},
      setNoticeChannel: async (_tenantId: string, conversationId: string) => void noticeChannels.push(conversationId),
      sighted: async () => {},
      upsert: async () => {},
    },
  } as unknown as Deps;

  /** What the bot answers to a message typed in Contoso's channel by this person, with the bot @mentioned as Teams sends it. */
  async function say(text: string, who: { tenantId: string; aadObjectId: string; name: string }): Promise<Partial<Activity>[]> {
    const adapter = new TestAdapter(async (context) => new UpgradeDeskBot(deps).run(context));
    await adapter.processActivity({
      type: 'message',
      text,
      channelId: 'msteams',
      from: { id: `29:${who.aadObjectId}`, aadObjectId: who.aadObjectId, name: who.name },
      conversation: { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: who.tenantId, isGroup: true, name: '' },
      channelData: { channel: { id: '19:general@thread.tacv2' }, tenant: { id: who.tenantId } },
      entities: [{ type: 'mention', text: '<at>Upgrade Desk</at>', mentioned: { id: '28:bot', name: 'Upgrade Desk' } }],
    } as Partial<Activity>);
    return adapter.activityBuffer;
  }
  const cardOf = (a: Partial<Activity>) => a.attachments?.[0]?.content as AdaptiveCard;
  const textOf = (c: AdaptiveCard) => JSON.stringify(c.body);
  const patti = { tenantId: 'tenant-contoso', aadObjectId: 'patti', name: 'Patti Fernandez' };

  it('"@Upgrade Desk notices here" from an owner makes the channel the notice channel', async () => {
    const [reply] = await say('<at>Upgrade Desk</at> notices here', patti);
    assert.match(reply?.text ?? '', /Contoso's upgrade notices will be posted in this channel/);
    assert.deepEqual(noticeChannels, ['19:general@thread.tacv2']);
  });

  it('an unknown command gets help for the person who typed it: an owner is not offered staff-only commands', async () => {
    const [reply] = await say('<at>Upgrade Desk</at> deploy everything', patti);
    const card = cardOf(reply!);
    assert.match(textOf(card), /I don't know \\"deploy\\"/);
    assert.match(textOf(card), /request upgrade \{version\}/);
    assert.doesNotMatch(textOf(card), /"book |"cancel |"reschedule |"deliveries |"publish /);
  });

  it('an unknown command gets the staff commands for vendor staff', async () => {
    const [reply] = await say('<at>Upgrade Desk</at> deploy', { tenantId: 'tenant-vendor', aadObjectId: 'alex', name: 'Alex Wilber' });
    assert.match(textOf(cardOf(reply!)), /"book \{client\} \{version\}"/);
  });
});
