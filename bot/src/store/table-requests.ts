import { randomUUID } from 'node:crypto';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError, type TableClient } from '@azure/data-tables';
import type { Scalar } from './table-rows';

/** A row as a transaction writes it: its keys and scalar properties (strings, booleans, 32-bit integers). */
export type BatchEntity = { partitionKey: string; rowKey: string } & { [property: string]: Scalar };

/** One action of an entity group transaction: create the row, or replace it if unchanged since `etag`. */
export type BatchAction = { create: BatchEntity } | { replace: BatchEntity; etag: string };

/** A row as a point read gives it: its properties as stored (strings, numbers, booleans) and its ETag. */
export type ReadEntity = { [property: string]: Scalar } & { etag: string };

const crlf = '\r\n';
/** The service version the SDK's generated client speaks. */
const serviceVersion = '2019-02-02';
let httpClient: HttpClient | undefined;

/*
 * Requests the outbox makes for every delivery, written here and sent through the TableClient's
 * own pipeline (its credential, headers and retries) as the SDK sends its own: the SDK's calls
 * spend most of their time and garbage on generic serialization, which these few fixed shapes
 * do not need.
 */

/** The table's URL and the account's SAS query, if its URL carries one (it authorizes each request). */
function addressOf(table: TableClient): { account: string; tableUrl: string; query: string } {
  const [url, sas] = table.url.split('?') as [string, string | undefined];
  const account = url.replace(/\/$/, '');
  return { account, tableUrl: `${account}/${table.tableName}`, query: sas ? `?${sas}` : '' };
}

function send(table: TableClient, request: PipelineRequest): Promise<PipelineResponse> {
  return table.pipeline.sendRequest((httpClient ??= createDefaultHttpClient()), request);
}

/**
 * One row by its keys, or undefined if there is none. Like `getEntity`, without its per-call
 * serializer and response mapping: some 0.1 ms less a read, on every delivery's reference.
 */
export async function readEntity(table: TableClient, partitionKey: string, rowKey: string): Promise<ReadEntity | undefined> {
  const { account, tableUrl, query } = addressOf(table);
  const response = await send(
    table,
    createPipelineRequest({
      url: `${tableUrl}${keyPath({ partitionKey, rowKey })}${query}`,
      method: 'GET',
      headers: createHttpHeaders({ accept: 'application/json;odata=nometadata', 'x-ms-version': serviceVersion, DataServiceVersion: '3.0;' }),
      allowInsecureConnection: account.startsWith('http:'),
    }),
  );
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new RestError(`The read was refused (${response.status}): ${(response.bodyAsText ?? '').slice(0, 500)}`, { statusCode: response.status, response });
  const etag = response.headers.get('etag');
  if (!etag) throw new RestError('The read answered without an ETag.', { statusCode: response.status, response });
  return { ...(JSON.parse(response.bodyAsText ?? '{}') as Record<string, Scalar>), etag };
}

/**
 * Submits one entity group transaction (`$batch`, every row in one partition, at most 100) and
 * resolves with each row's new ETag, in the actions' order; written in the documented format. A
 * refused transaction throws the RestError of the action that failed it (409: the row exists,
 * 412: it changed, 404: it is gone), as `submitTransaction` does.
 *
 * Why not `submitTransaction`: it makes a TableClient per transaction and runs every action through
 * a whole request pipeline only to write its few lines, some 35 KB of garbage and 50 µs of CPU a
 * row, which the outbox pays on every delivery (its creation and its outcome).
 */
export async function submitBatch(table: TableClient, actions: readonly BatchAction[]): Promise<string[]> {
  // A SAS in the account URL authorizes the $batch request; the actions inside carry none.
  const { account, tableUrl, query } = addressOf(table);
  const batch = `batch_${randomUUID()}`;
  const changeset = `changeset_${randomUUID()}`;
  const parts = [`--${batch}${crlf}Content-Type: multipart/mixed; boundary=${changeset}${crlf}`];
  for (const action of actions) {
    const head = `--${changeset}${crlf}Content-Type: application/http${crlf}Content-Transfer-Encoding: binary${crlf}${crlf}`;
    if ('create' in action)
      parts.push(
        `${head}POST ${tableUrl} HTTP/1.1${crlf}Content-Type: application/json;odata=nometadata${crlf}Accept: application/json;odata=minimalmetadata${crlf}` +
          `DataServiceVersion: 3.0${crlf}Prefer: return-no-content${crlf}${crlf}${body(action.create)}`,
      );
    else
      parts.push(
        `${head}PUT ${tableUrl}${keyPath(action.replace)} HTTP/1.1${crlf}Content-Type: application/json${crlf}Accept: application/json${crlf}` +
          `DataServiceVersion: 3.0${crlf}If-Match: ${action.etag}${crlf}${crlf}${body(action.replace)}`,
      );
  }
  parts.push(`--${changeset}--${crlf}--${batch}--${crlf}`);
  const request = createPipelineRequest({
    url: `${account}/$batch${query}`,
    method: 'POST',
    body: parts.join(crlf),
    headers: createHttpHeaders({
      accept: 'application/json',
      'x-ms-version': serviceVersion,
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=${batch}`,
    }),
    allowInsecureConnection: account.startsWith('http:'),
  });
  const response = await send(table, request);
  return etagsOf(response.status, response.bodyAsText ?? '', actions.length);
}

function body(entity: BatchEntity): string {
  const { partitionKey, rowKey, ...properties } = entity;
  return JSON.stringify({ PartitionKey: partitionKey, RowKey: rowKey, ...properties });
}

/** `(PartitionKey='…',RowKey='…')`, quotes doubled and the keys URL-encoded, as the SDK addresses a row. */
function keyPath(entity: { partitionKey: string; rowKey: string }): string {
  const key = (value: string) => encodeURIComponent(value.replace(/'/g, "''"));
  return `(PartitionKey='${key(entity.partitionKey)}',RowKey='${key(entity.rowKey)}')`;
}

/** The actions' ETags from the multipart answer, or the error of the action that failed the transaction. */
function etagsOf(status: number, text: string, count: number): string[] {
  if (status < 200 || status >= 300) throw new RestError(`The transaction was refused (${status}): ${text.slice(0, 500)}`, { statusCode: status });
  const statuses: number[] = [];
  const etags: string[] = [];
  for (const match of text.matchAll(/^HTTP\/1\.1 (\d{3})|^ETag: ([^\r\n]*)/gim)) {
    if (match[1]) statuses.push(Number(match[1]));
    // A copy: a slice of the answer would keep all of it in memory for as long as the row keeps its ETag.
    else if (match[2]) etags.push(Buffer.from(match[2], 'utf8').toString('utf8'));
  }
  const failed = statuses.find((s) => s >= 300);
  if (failed !== undefined) {
    let code: string | undefined;
    let message = `The transaction was refused (${failed})`;
    try {
      const error = JSON.parse(/\{.*\}/s.exec(text)?.[0] ?? '{}') as { 'odata.error'?: { code?: string; message?: { value?: string } } };
      code = error['odata.error']?.code;
      message = error['odata.error']?.message?.value ?? message;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new RestError(message, { statusCode: failed, code });
  }
  if (statuses.length !== count || etags.length !== count)
    throw new RestError(`The transaction answered ${statuses.length} actions and ${etags.length} ETags for ${count} sent.`, { statusCode: status });
  return etags;
}
