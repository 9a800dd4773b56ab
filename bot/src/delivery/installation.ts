import type { Activity } from 'botbuilder';
import type { ConversationKind, ConversationReferenceInput } from '../store/conversation-references';
import { baseConversationId } from './outbox-ports';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  eventType?: string;
}

/** The reference to keep for the conversation an activity comes from; undefined when it names no tenant or service URL. */
export function referenceFromActivity(activity: Partial<Activity>): ConversationReferenceInput | undefined {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const tenantId = activity.conversation?.tenantId ?? data.tenant?.id;
  const conversationId = activity.conversation?.id;
  if (!tenantId || !conversationId || !activity.serviceUrl) return undefined;
  const type = activity.conversation?.conversationType;
  const kind: ConversationKind = type === 'channel' || data.team ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  // A message in a channel names its thread (`;messageid=`); the reference is the channel's.
  const id = kind === 'channel' ? (data.channel?.id ?? baseConversationId(conversationId)) : conversationId;
  return {
    tenantId,
    conversationId: id,
    kind,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? 'msteams',
    botId: activity.recipient?.id,
    botName: activity.recipient?.name,
    teamId: data.team?.id,
    teamName: data.team?.name,
    channelName: data.channel?.name ?? (data.team?.id === id ? 'General' : undefined),
    // The General channel's id is the team's id.
    isGeneral: kind === 'channel' && data.team?.id === id,
    userAadObjectId: kind === 'personal' ? activity.from?.aadObjectId : undefined,
    userId: kind === 'personal' ? activity.from?.id : undefined,
  };
}

export type InstallationEvent =
  | { kind: 'installed' }
  | { kind: 'uninstalled'; teamId?: string }
  | { kind: 'channel_deleted'; channelId: string }
  | { kind: 'none' };

/**
 * What an activity says about the bot's installation: installationUpdate add/remove, the bot
 * added to or removed from a conversation (conversationUpdate), a channel deleted.
 */
export function installationEvent(activity: Partial<Activity>): InstallationEvent {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const botId = activity.recipient?.id;
  if (activity.type === 'installationUpdate') {
    const action = String(activity.action ?? '');
    if (action.startsWith('remove')) return { kind: 'uninstalled', teamId: data.team?.id };
    if (action.startsWith('add')) return { kind: 'installed' };
    return { kind: 'none' };
  }
  if (activity.type !== 'conversationUpdate') return { kind: 'none' };
  if (data.eventType === 'channelDeleted' && data.channel?.id) return { kind: 'channel_deleted', channelId: data.channel.id };
  if (activity.membersRemoved?.some((m) => m.id === botId)) return { kind: 'uninstalled', teamId: data.team?.id };
  if (activity.membersAdded?.some((m) => m.id === botId)) return { kind: 'installed' };
  return { kind: 'none' };
}
