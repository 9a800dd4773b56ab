import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { OutgoingActivity } from '../delivery/conversation-gateway';
import type { NoticeRecord, NoticeSummary, NoticeTable, WriteOutcome } from '../delivery/outbox-ports';
import { UpgradeDeskError } from '../domain/errors';
import type { Versioned } from '../usecases/ports';
import { isAlreadyExists, isNotFound, isStaleEtag, orUndefined } from './table-errors';
import { tableKey } from './table-rows';

/** A string property holds at most 64 KiB (32 Ki UTF-16 units); stay under it. */
const partLength = 30_000;
/** An entity holds at most 1 MiB: room for the message in parts, and the rest. */
const maxParts = 15;
const rowKey = 'notice';

interface NoticeEntity {
  partitionKey: string;
  rowKey: string;
  noticeId: string;
  kind: string;
  clientId: string;
  version: number;
  buckets: number;
  open: boolean;
  targetCount: number;
  createdAt: string;
  updatedAt: string;
  activityParts: number;
  [part: `activity${number}`]: string;
}

const summaryColumns = ['noticeId', 'kind', 'clientId', 'version', 'buckets', 'open', 'targetCount', 'createdAt', 'updatedAt'];

/**
 * One row per notice (partition = notice id): the newest version of its message, as JSON split
 * over several properties, kept once per notice and not once per delivery.
 */
export class OutboxNoticeTable implements NoticeTable {
  constructor(private readonly table: TableClient) {}

  async create(notice: NoticeRecord): Promise<boolean> {
    try {
      await this.table.createEntity(toEntity(notice));
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Versioned<NoticeRecord> | undefined> {
    const row = await orUndefined(this.table.getEntity<NoticeEntity>(tableKey(id), rowKey));
    return row && { value: fromEntity(row), etag: row.etag };
  }

  async update(notice: NoticeRecord, etag: string): Promise<WriteOutcome> {
    try {
      const result = await this.table.updateEntity(toEntity(notice), 'Replace', { etag });
      return { ok: true, etag: result.etag ?? '' };
    } catch (err) {
      if (isStaleEtag(err) || isNotFound(err)) return { ok: false };
      throw err;
    }
  }

  async listOpen(): Promise<Versioned<NoticeSummary>[]> {
    const rows: Versioned<NoticeSummary>[] = [];
    const pages = this.table.listEntities<NoticeEntity>({ queryOptions: { filter: odata`open eq ${true}`, select: summaryColumns } });
    for await (const row of pages) rows.push({ value: summaryOf(row), etag: row.etag });
    return rows;
  }
}

function toEntity(notice: NoticeRecord): NoticeEntity {
  const json = JSON.stringify(notice.activity);
  const parts = splitText(json);
  if (parts.length > maxParts)
    throw new UpgradeDeskError('bad_input', `This message is too large to post (${Math.round(json.length / 1024)} KB); shorten it.`);
  const entity: NoticeEntity = {
    partitionKey: tableKey(notice.id),
    rowKey,
    noticeId: notice.id,
    kind: notice.kind,
    clientId: notice.clientId,
    version: notice.version,
    buckets: notice.buckets,
    open: notice.open,
    targetCount: notice.targetCount,
    createdAt: notice.createdAt,
    updatedAt: notice.updatedAt,
    activityParts: parts.length,
  };
  parts.forEach((part, i) => (entity[`activity${i}`] = part));
  return entity;
}

function summaryOf(row: TableEntityResult<NoticeEntity>): NoticeSummary {
  return {
    id: row.noticeId,
    kind: row.kind,
    clientId: row.clientId,
    version: row.version,
    buckets: row.buckets ?? 1,
    open: row.open,
    targetCount: row.targetCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function fromEntity(row: TableEntityResult<NoticeEntity>): NoticeRecord {
  let json = '';
  for (let i = 0; i < row.activityParts; i++) json += row[`activity${i}`] ?? '';
  return { ...summaryOf(row), activity: JSON.parse(json) as OutgoingActivity };
}

/** Splits text into parts, never between the two halves of a surrogate pair. */
function splitText(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + partLength);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts.length > 0 ? parts : [''];
}
