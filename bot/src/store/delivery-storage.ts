import { TableClient, TableServiceClient } from '@azure/data-tables';
import { newPipeline, QueueClient, type StorageSharedKeyCredential } from '@azure/storage-queue';
import { ConversationReferenceStore } from './conversation-references';
import { IncarnationHeartbeatTable } from './incarnation-heartbeats';
import { OutboxDeliveryTable } from './outbox-delivery-table';
import { OutboxNoticeTable } from './outbox-notice-table';
import { OutboxPointerQueue } from './outbox-pointer-queue';
import { isAlreadyExists } from './table-errors';
import { TimerTable } from './timer-table';

export interface OpenDeliveryStorageOptions {
  /** An Azure Storage connection string, or Azurite's (http, or UseDevelopmentStorage=true). */
  connectionString: string;
  /** Put before every table and queue name, so several apps or test suites share one account. */
  tablePrefix?: string;
}

/** The tables and queue of delivery: the outbox, the timers, where the bot is installed, and the running processes' heartbeats. */
export interface DeliveryStorage {
  notices: OutboxNoticeTable;
  deliveries: OutboxDeliveryTable;
  pointers: OutboxPointerQueue;
  timers: TimerTable;
  references: ConversationReferenceStore;
  heartbeats: IncarnationHeartbeatTable;
}

/** Connects, creates the tables and the queue if missing, and returns the delivery stores. */
export async function openDeliveryStorage(options: OpenDeliveryStorageOptions): Promise<DeliveryStorage> {
  const prefix = options.tablePrefix ?? '';
  if (!/^([A-Za-z][A-Za-z0-9]*)?$/.test(prefix))
    throw new Error(`Table prefix "${prefix}" must start with a letter and hold only letters and digits.`);
  const endpoint = TableServiceClient.fromConnectionString(options.connectionString).url;
  const allowInsecureConnection = new URL(endpoint).protocol === 'http:';
  const table = (name: string) =>
    TableClient.fromConnectionString(options.connectionString, `${prefix}${name}`, { allowInsecureConnection });
  const tables = {
    notices: table('outboxnotices'),
    deliveries: table('outboxdeliveries'),
    timers: table('timers'),
    references: table('conversationrefs'),
    heartbeats: table('heartbeats'),
  };
  // Queue names are lower case letters, digits and hyphens; the queue SDK takes http as it is.
  const queue = queueClient(options.connectionString, `${prefix.toLowerCase()}outbox`);
  await Promise.all([...Object.values(tables).map(createTableIfMissing), createQueueIfMissing(queue)]);
  return {
    notices: new OutboxNoticeTable(tables.notices),
    deliveries: new OutboxDeliveryTable(tables.deliveries),
    pointers: new OutboxPointerQueue(queue),
    timers: new TimerTable(tables.timers),
    references: new ConversationReferenceStore(tables.references),
    heartbeats: new IncarnationHeartbeatTable(tables.heartbeats),
  };
}

/** The newest service version Azurite 3.35 accepts; @azure/storage-queue 12.30 sends 2026-04-06. */
const azuriteQueueVersion = '2025-11-05';

/**
 * A queue client; against Azurite (an http endpoint) it pins the service version Azurite knows,
 * which otherwise refuses every request ("The API version 2026-04-06 is not supported by Azurite",
 * or start it with --skipApiVersionCheck). The header is set before the request is signed.
 */
function queueClient(connectionString: string, name: string): QueueClient {
  const client = new QueueClient(connectionString, name);
  if (!client.url.startsWith('http:')) return client;
  const credential = (client as unknown as { credential: StorageSharedKeyCredential }).credential;
  const pipeline = newPipeline(credential);
  pipeline.factories.unshift({
    create: (next) => ({
      sendRequest: (request) => {
        request.headers.set('x-ms-version', azuriteQueueVersion);
        return next.sendRequest(request);
      },
    }),
  });
  return new QueueClient(client.url, pipeline);
}

async function createTableIfMissing(table: TableClient): Promise<void> {
  try {
    await table.createTable();
  } catch (err) {
    if (!isAlreadyExists(err)) throw err; // another process made it first
  }
}

async function createQueueIfMissing(queue: QueueClient): Promise<void> {
  await queue.createIfNotExists();
}
