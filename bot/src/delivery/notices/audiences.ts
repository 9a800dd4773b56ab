import type { Client } from '../../domain/client';
import type { Recipient } from '../../usecases/context';
import type { ClientStore, StaffStore } from '../../usecases/ports';
import type { NoticeTarget, Outbox } from '../outbox';
import { ticketNoticeId, type Audience } from './notice-plan';

/** Where the bot can post for a tenant: the notice channel and people's personal chats. */
export interface NoticeDirectory {
  noticeChannel(tenantId: string): Promise<{ conversationId: string } | undefined>;
  /** The active personal chats of these users, by AAD object id (one look-up per tenant). */
  personalChats(tenantId: string, userAadObjectIds: readonly string[]): Promise<ReadonlyMap<string, { conversationId: string; userId?: string }>>;
}

export type OwnerChats = ReadonlyMap<string, { conversationId: string; userId?: string }>;

export interface AudienceResolverDeps {
  directory: NoticeDirectory;
  staff: Pick<StaffStore, 'list'>;
  clients: Pick<ClientStore, 'list'>;
  outbox: Pick<Outbox, 'report'>;
  vendorTenantId: string;
}

/**
 * The one place that turns who a notice is for (a client's channel or the ticket's thread, its
 * owners, its CSA, the vendor's engineers, a person, every client) into the conversations the
 * outbox sends to. People without a chat with the bot, and clients without a channel, are skipped.
 */
export class AudienceResolver {
  constructor(private readonly deps: AudienceResolverDeps) {}

  /** The chats of these people in one tenant. */
  async people(tenantId: string, aadObjectIds: readonly string[]): Promise<NoticeTarget[]> {
    if (aadObjectIds.length === 0) return [];
    const found = await this.deps.directory.personalChats(tenantId, [...new Set(aadObjectIds)]);
    return [...found.values()].map((r) => ({ tenantId, conversationId: r.conversationId }));
  }

  /** Each client's notice channel. */
  async everyClientChannel(): Promise<NoticeTarget[]> {
    const targets: NoticeTarget[] = [];
    for (const client of await this.deps.clients.list()) {
      const channel = await this.deps.directory.noticeChannel(client.tenantId);
      if (channel) targets.push({ tenantId: client.tenantId, conversationId: channel.conversationId });
    }
    return targets;
  }

  /** A direct message's recipients. */
  async recipients(recipients: readonly Recipient[]): Promise<NoticeTarget[]> {
    const targets: NoticeTarget[] = [];
    for (const r of recipients) targets.push(...(r.kind === 'person' ? await this.people(r.tenantId, [r.aadObjectId]) : await this.everyClientChannel()));
    return targets;
  }

  /** An upgrade notice's audience; `except` leaves people out (one who saw it in place already). */
  async upgradeAudience(
    audience: Audience,
    context: { client: Client; channelId?: string; noticeId: string; ownerChats: OwnerChats; except?: ReadonlySet<string> },
  ): Promise<NoticeTarget[]> {
    const { client, channelId, noticeId, ownerChats } = context;
    const except = context.except ?? new Set<string>();
    switch (audience) {
      case 'channel':
        return channelId ? [{ tenantId: client.tenantId, conversationId: channelId }] : [];
      case 'thread': {
        if (!channelId) return [];
        const upgradeId = noticeId.split(':')[0]!;
        const root = (await this.deps.outbox.report(ticketNoticeId(upgradeId)))?.deliveries.find((d) => d.activityId);
        // Until the root card is posted the reply goes to the channel itself rather than waiting.
        const conversationId = root ? `${channelId};messageid=${root.activityId}` : channelId;
        return [{ tenantId: client.tenantId, conversationId }];
      }
      case 'owners':
        return [...ownerChats].filter(([id]) => !except.has(id)).map(([, r]) => ({ tenantId: client.tenantId, conversationId: r.conversationId }));
      case 'contact':
        return this.people(this.deps.vendorTenantId, [client.csaId, client.implementationLeadId].filter((x): x is string => !!x && !except.has(x)));
      case 'engineers': {
        const engineers = (await this.deps.staff.list()).filter((s) => s.roles.includes('engineer')).map((s) => s.aadObjectId);
        return this.people(this.deps.vendorTenantId, engineers.filter((id) => !except.has(id)));
      }
    }
  }
}
