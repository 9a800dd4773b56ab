import { odata, type TableClient } from '@azure/data-tables';
import type { Vote } from '../domain/upgrade';
import type { VoteRecord, VoteStore } from '../usecases/ports';
import { isAlreadyExists } from './table-errors';
import { listRows, tableKey } from './table-rows';

/**
 * Votes: PartitionKey = upgrade id, RowKey = '<decision id>|<voter id>' (both key-encoded, so
 * neither contains '|'). One row per voter and decision makes a vote idempotent by
 * create-if-absent; one decision's votes are one range query in the upgrade's partition.
 */
interface VoteEntity {
  partitionKey: string;
  rowKey: string;
  upgradeId: string;
  decisionId: string;
  voterId: string;
  voterName: string;
  vote: string;
  at: string;
}

/** Go/No-Go votes over Azure Tables, recorded forever. */
export class TableVoteStore implements VoteStore {
  constructor(private readonly table: TableClient) {}

  async cast(vote: VoteRecord): Promise<boolean> {
    const entity: VoteEntity = {
      partitionKey: tableKey(vote.upgradeId),
      rowKey: `${tableKey(vote.decisionId)}|${tableKey(vote.voterId)}`,
      upgradeId: vote.upgradeId,
      decisionId: vote.decisionId,
      voterId: vote.voterId,
      voterName: vote.voterName,
      vote: vote.vote,
      at: vote.at,
    };
    try {
      await this.table.createEntity(entity);
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  async list(upgradeId: string, decisionId: string): Promise<VoteRecord[]> {
    const decision = tableKey(decisionId);
    // '}' follows '|' in ASCII: the range holds exactly this decision's rows.
    const filter = odata`PartitionKey eq ${tableKey(upgradeId)} and RowKey ge ${`${decision}|`} and RowKey lt ${`${decision}}`}`;
    const rows = await listRows<VoteEntity>(this.table, { filter });
    return rows.map((e) => ({
      upgradeId: e.upgradeId,
      decisionId: e.decisionId,
      voterId: e.voterId,
      voterName: e.voterName,
      vote: e.vote as Vote,
      at: e.at,
    }));
  }
}
