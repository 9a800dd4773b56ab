import { odata, type TableClient } from '@azure/data-tables';
import type { Role } from '../domain/audit';
import type { Staff } from '../domain/staff';
import type { StaffStore } from '../usecases/ports';
import { orUndefined } from './table-errors';
import { compact, listRows, tableKey } from './table-rows';

/**
 * Vendor staff: PartitionKey 'staff', RowKey = aadObjectId. Looked up one by one as people act
 * (point read) and listed whole to place a caller (one single-partition query).
 */
const partition = 'staff';

interface StaffEntity {
  partitionKey: string;
  rowKey: string;
  aadObjectId: string;
  name: string;
  email?: string;
  roles: string;
}

function toEntity(staff: Staff): StaffEntity {
  return compact({
    partitionKey: partition,
    rowKey: tableKey(staff.aadObjectId),
    aadObjectId: staff.aadObjectId,
    name: staff.name,
    email: staff.email,
    roles: JSON.stringify(staff.roles),
  });
}

function fromEntity(e: StaffEntity): Staff {
  const staff: Staff = { aadObjectId: e.aadObjectId, name: e.name, roles: JSON.parse(e.roles) as Role[] };
  if (e.email !== undefined) staff.email = e.email;
  return staff;
}

/** Vendor staff over Azure Tables. Upserts replace the whole row (set up by seeding and admins). */
export class TableStaffStore implements StaffStore {
  constructor(private readonly table: TableClient) {}

  async get(aadObjectId: string): Promise<Staff | undefined> {
    const row = await orUndefined(this.table.getEntity<StaffEntity>(partition, tableKey(aadObjectId)));
    return row && fromEntity(row);
  }

  async list(): Promise<Staff[]> {
    const rows = await listRows<StaffEntity>(this.table, { filter: odata`PartitionKey eq ${partition}` });
    return rows.map(fromEntity);
  }

  async upsert(staff: Staff): Promise<void> {
    await this.table.upsertEntity(toEntity(staff), 'Replace');
  }
}
