import { odata, type TableClient } from '@azure/data-tables';
import { baseConversationId, type KnownTarget, type TargetDirectory } from '../delivery/outbox-ports';
import { withOptimisticRetry } from './optimistic-retry';
import { orUndefined } from './table-errors';
import { readEntity, type ReadEntity } from './table-requests';
import { compact } from './table-rows';
import type { ConversationSighting } from '../usecases/ports';

export type ConversationKind = ConversationSighting['kind'];

/** Where the bot is installed: one team channel, group chat or personal chat, and whether it still is. */
export interface ConversationReferenceRecord extends ConversationSighting {
  active: boolean;
  inactiveReason?: string;
  installedAt: string;
  updatedAt: string;
}

export type ConversationReferenceInput = Omit<ConversationReferenceRecord, 'active' | 'inactiveReason' | 'installedAt' | 'updatedAt'>;

/** A tenant as the bot knows it: its client, and the channel the client chose for notices. */
export interface TenantRecord {
  tenantId: string;
  clientId?: string;
  noticeConversationId?: string;
  updatedAt: string;
}

type Row = Record<string, string | number | boolean | undefined>;

/*
 * Keys: partition = tenant id, so everything about one tenant (its channels, chats, notice
 * channel, client) is one single-partition query, and tenants never share a partition.
 * Row key = "c:" + the URI-encoded conversation id (ids hold ":" "@" ";" and may hold "/");
 * the tenant's own row is "tenant", outside the "c:" range.
 */
const tenantRowKey = 'tenant';
/** How long a sighting is trusted before the next one writes again (a 404 seen by another process). */
const sightingTtlInMs = 5 * 60_000;
const conversationRowKey = (conversationId: string) => `c:${encodeURIComponent(conversationId)}`;

export class ConversationReferenceStore implements TargetDirectory {
  /** Conversations this process stored as active lately, with the service URL it stored. */
  private readonly sightings = new Map<string, { serviceUrl: string; until: number }>();

  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records an installation (or a fresh sight of one): the reference is active again. */
  async upsert(input: ConversationReferenceInput): Promise<void> {
    const at = this.now().toISOString();
    await withOptimisticRetry(
      async () => {
        const existing = await this.read(input.tenantId, input.conversationId);
        const installedAt = existing ? toRecord(existing).installedAt : at;
        const entity = toEntity({ ...input, active: true, installedAt, updatedAt: at });
        if (existing) await this.table.updateEntity(entity, 'Replace', { etag: existing.etag });
        else await this.table.createEntity(entity);
      },
      { what: 'this conversation reference' },
    );
  }

  /**
   * The bot heard from a conversation: stored as active unless this process did so lately with
   * the same service URL. A conversation marked inactive (a 404, an uninstall) is active again.
   */
  async sighted(input: ConversationReferenceInput): Promise<void> {
    const key = sightingKey(input.tenantId, input.conversationId);
    const known = this.sightings.get(key);
    const now = Date.now();
    if (known && known.serviceUrl === input.serviceUrl && known.until > now) return;
    await this.upsert(input);
    if (this.sightings.size >= 10_000) this.sightings.clear();
    this.sightings.set(key, { serviceUrl: input.serviceUrl, until: now + sightingTtlInMs });
  }

  async get(tenantId: string, conversationId: string): Promise<ConversationReferenceRecord | undefined> {
    const row = await this.read(tenantId, baseConversationId(conversationId));
    return row && toRecord(row);
  }

  async list(tenantId: string, options: { activeOnly?: boolean } = {}): Promise<ConversationReferenceRecord[]> {
    const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${'c:'} and RowKey lt ${'c;'}`;
    const rows: ConversationReferenceRecord[] = [];
    for await (const row of this.table.listEntities<Row>({ queryOptions: { filter } })) rows.push(toRecord(row));
    return options.activeOnly ? rows.filter((r) => r.active) : rows;
  }

  /** Nothing is sent to this conversation (or to the threads in it) again, until it is installed again. */
  async markInactive(tenantId: string, conversationId: string, reason: string): Promise<void> {
    this.sightings.delete(sightingKey(tenantId, baseConversationId(conversationId)));
    await withOptimisticRetry(
      async () => {
        const row = await this.read(tenantId, baseConversationId(conversationId));
        if (!row || row.active === false) return;
        const updated = toEntity({ ...toRecord(row), active: false, inactiveReason: reason, updatedAt: this.now().toISOString() });
        await this.table.updateEntity(updated, 'Replace', { etag: row.etag });
      },
      { what: 'this conversation reference' },
    );
  }

  /** The bot was removed from a team: every channel of it is inactive. Returns how many were marked. */
  async markTeamInactive(tenantId: string, teamId: string, reason: string): Promise<number> {
    const channels = (await this.list(tenantId, { activeOnly: true })).filter((r) => r.teamId === teamId);
    for (const c of channels) await this.markInactive(tenantId, c.conversationId, reason);
    return channels.length;
  }

  /** The users' active personal chats with the bot, by AAD object id: one query for the tenant, however many users. */
  async personalChats(tenantId: string, userAadObjectIds: readonly string[]): Promise<Map<string, ConversationReferenceRecord>> {
    const wanted = new Set(userAadObjectIds);
    const chats = new Map<string, ConversationReferenceRecord>();
    if (wanted.size === 0) return chats;
    for (const r of await this.list(tenantId, { activeOnly: true }))
      if (r.kind === 'personal' && r.userAadObjectId && wanted.has(r.userAadObjectId)) chats.set(r.userAadObjectId, r);
    return chats;
  }

  async getTenant(tenantId: string): Promise<TenantRecord | undefined> {
    const row = await orUndefined(this.table.getEntity<Row>(tenantId, tenantRowKey));
    return row && { tenantId, clientId: str(row.clientId), noticeConversationId: str(row.noticeConversationId), updatedAt: String(row.updatedAt) };
  }

  /** Maps a tenant to the client it is. */
  async setTenantClient(tenantId: string, clientId: string): Promise<void> {
    await this.updateTenant(tenantId, { clientId });
  }

  /** The channel where the client's notices go from now on (`notices here`). */
  async setNoticeChannel(tenantId: string, conversationId: string): Promise<void> {
    await this.updateTenant(tenantId, { noticeConversationId: baseConversationId(conversationId) });
  }

  /** The chosen notice channel while it is active, else the General channel of the first team installed. */
  async noticeChannel(tenantId: string): Promise<ConversationReferenceRecord | undefined> {
    const [tenant, references] = await Promise.all([this.getTenant(tenantId), this.list(tenantId, { activeOnly: true })]);
    const chosen = references.find((r) => r.conversationId === tenant?.noticeConversationId);
    if (chosen) return chosen;
    return references.filter((r) => r.kind === 'channel' && r.isGeneral).sort((a, b) => a.installedAt.localeCompare(b.installedAt))[0];
  }

  async listTargets(tenantId: string): Promise<KnownTarget[]> {
    const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${'c:'} and RowKey lt ${'c;'}`;
    const select = ['tenantId', 'conversationId', 'kind', 'serviceUrl', 'channelId', 'botId', 'botName', 'active'];
    const rows: ConversationReferenceRecord[] = [];
    for await (const row of this.table.listEntities<Row>({ queryOptions: { filter, select } })) rows.push(toRecord(row));
    return rows.map((r) => ({
      active: r.active,
      target: {
        tenantId: r.tenantId,
        conversationId: r.conversationId,
        serviceUrl: r.serviceUrl,
        channelId: r.channelId,
        botId: r.botId,
        botName: r.botName,
        conversationType: r.kind,
      },
    }));
  }

  /** A point read: the outbox reads every delivery's reference, so it skips the SDK's generic mapping (table-requests.ts). */
  private read(tenantId: string, conversationId: string): Promise<ReadEntity | undefined> {
    return readEntity(this.table, tenantId, conversationRowKey(conversationId));
  }

  private async updateTenant(tenantId: string, change: Partial<Omit<TenantRecord, 'tenantId' | 'updatedAt'>>): Promise<void> {
    await withOptimisticRetry(
      async () => {
        const row = await orUndefined(this.table.getEntity<Row>(tenantId, tenantRowKey));
        const entity = {
          partitionKey: tenantId,
          rowKey: tenantRowKey,
          ...compact({ clientId: str(row?.clientId), noticeConversationId: str(row?.noticeConversationId), ...change }),
          updatedAt: this.now().toISOString(),
        };
        // A concurrent first write fails with 409; withOptimisticRetry reads it and tries again.
        if (row) await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.table.createEntity(entity);
      },
      { what: 'this tenant' },
    );
  }
}

function sightingKey(tenantId: string, conversationId: string): string {
  return `${tenantId}|${conversationId}`;
}

function toEntity(r: ConversationReferenceRecord) {
  return { partitionKey: r.tenantId, rowKey: conversationRowKey(r.conversationId), ...compact({ ...r }) };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toRecord(row: Row): ConversationReferenceRecord {
  return {
    tenantId: String(row.tenantId),
    conversationId: String(row.conversationId),
    kind: row.kind as ConversationKind,
    serviceUrl: String(row.serviceUrl),
    channelId: String(row.channelId),
    botId: str(row.botId),
    botName: str(row.botName),
    teamId: str(row.teamId),
    teamName: str(row.teamName),
    channelName: str(row.channelName),
    isGeneral: row.isGeneral === true,
    userAadObjectId: str(row.userAadObjectId),
    userId: str(row.userId),
    active: row.active === true,
    inactiveReason: str(row.inactiveReason),
    installedAt: String(row.installedAt),
    updatedAt: String(row.updatedAt),
  };
}
