import { TableClient, TableServiceClient } from '@azure/data-tables';
import type { CalendarFeed, CalendarFeedStore } from '../usecases/ports';
import { isAlreadyExists, isNotFound, orUndefined } from './table-errors';
import { tableKey } from './table-rows';

/**
 * Calendar subscriptions: a row per person (PartitionKey 'user', RowKey `<tenant>|<object id>`)
 * and a row per feed (PartitionKey 'feed', RowKey = feed id) for the feed URL's point read. Only
 * the SHA-256 hash of a feed's token is stored, as for automation keys.
 */
interface FeedEntity extends CalendarFeed {
  partitionKey: string;
  rowKey: string;
}

const userKey = (tenantId: string, objectId: string) => tableKey(`${tenantId}|${objectId}`);

function toEntity(partitionKey: string, rowKey: string, feed: CalendarFeed): FeedEntity {
  return { partitionKey, rowKey, feedId: feed.feedId, tokenHash: feed.tokenHash, tenantId: feed.tenantId, objectId: feed.objectId, name: feed.name, createdAt: feed.createdAt };
}

function fromEntity(e: FeedEntity): CalendarFeed {
  return { feedId: e.feedId, tokenHash: e.tokenHash, tenantId: e.tenantId, objectId: e.objectId, name: e.name, createdAt: e.createdAt };
}

export class TableCalendarFeedStore implements CalendarFeedStore {
  constructor(private readonly table: TableClient) {}

  async forUser(tenantId: string, objectId: string): Promise<CalendarFeed | undefined> {
    const row = await orUndefined(this.table.getEntity<FeedEntity>('user', userKey(tenantId, objectId)));
    return row && fromEntity(row);
  }

  async get(feedId: string): Promise<CalendarFeed | undefined> {
    const row = await orUndefined(this.table.getEntity<FeedEntity>('feed', tableKey(feedId)));
    return row && fromEntity(row);
  }

  async create(feed: CalendarFeed): Promise<CalendarFeed> {
    try {
      await this.table.createEntity(toEntity('user', userKey(feed.tenantId, feed.objectId), feed));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await this.forUser(feed.tenantId, feed.objectId);
      if (existing) {
        // A crash between the two writes may have left the feed row missing: put it back.
        await this.table.upsertEntity(toEntity('feed', tableKey(existing.feedId), existing), 'Replace');
        return existing;
      }
      return this.create(feed);
    }
    await this.table.upsertEntity(toEntity('feed', tableKey(feed.feedId), feed), 'Replace');
    return feed;
  }

  async remove(tenantId: string, objectId: string): Promise<boolean> {
    const feed = await this.forUser(tenantId, objectId);
    if (!feed) return false;
    await ignoreMissing(this.table.deleteEntity('feed', tableKey(feed.feedId)));
    await ignoreMissing(this.table.deleteEntity('user', userKey(tenantId, objectId)));
    return true;
  }
}

async function ignoreMissing(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Opens (and creates if missing) the calendar feeds table. */
export async function openCalendarFeedStore(options: { connectionString: string; tablePrefix?: string }): Promise<TableCalendarFeedStore> {
  const endpoint = TableServiceClient.fromConnectionString(options.connectionString).url;
  const table = TableClient.fromConnectionString(options.connectionString, `${options.tablePrefix ?? ''}calendarfeeds`, {
    allowInsecureConnection: new URL(endpoint).protocol === 'http:',
  });
  try {
    await table.createTable();
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  return new TableCalendarFeedStore(table);
}
