import { UpgradeDeskError } from '../../domain/errors';
import type { CommandSpec } from './reply';

/** `notices here`, typed in a channel: the client's notices go to that channel from now on. */
export const noticesHereCommand: CommandSpec = {
  name: 'notices',
  usage: 'notices here',
  description: 'In a channel: send this client\'s freeze, outage and upgrade notices here (client owners).',
  audience: { owners: true },
  async run(deps, caller, command, context) {
    if (command.args[0]?.toLowerCase() !== 'here') throw new UpgradeDeskError('bad_input', 'Type "notices here" in the channel that should receive the notices.');
    const identity = caller.identity;
    if (identity.kind !== 'owner') throw new UpgradeDeskError('forbidden', 'Only a client\'s owners can choose where its notices go.');
    if (!context || context.conversationKind !== 'channel')
      throw new UpgradeDeskError('bad_input', 'Type "notices here" in a team channel (after adding Upgrade Desk to the team), not in a chat.');
    if (!deps.conversations) throw new Error('No conversation directory is configured');
    await deps.conversations.setTenantClient(identity.client.tenantId, identity.client.id);
    await deps.conversations.setNoticeChannel(identity.client.tenantId, context.conversationId);
    return { text: `Done: ${identity.client.name}'s upgrade notices will be posted in this channel from now on.` };
  },
};
