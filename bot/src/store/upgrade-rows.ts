import type { Actor, AuditEntry, Role, Source } from '../domain/audit';
import { UpgradeDeskError } from '../domain/errors';
import type { CabApproval, Communication, Decision, Upgrade, UpgradeMode, UpgradeState } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import { compact, fromJson, tableKey, toJson } from './table-rows';

/** The rows of one upgrade's partition in the upgrades table: the upgrade itself and its audit log. */
export const upgradeRowKey = 'upgrade';
/** Audit RowKeys are 'audit-<ms>-<seq>' and sort between these two bounds. */
export const auditRowKeyFrom = 'audit-';
export const auditRowKeyTo = 'audit.';

export type UpgradeEntity = {
  partitionKey: string;
  rowKey: string;
  id: string;
  clientId: string;
  fromVersion: string;
  toVersion: string;
  mode: string;
  state: string;
  proposedWindows: string;
  window?: string;
  lastCommunication?: string;
  prerequisitesDone: string;
  cabApproval?: string;
  decision?: string;
  eta?: string;
  cancelReason?: string;
  standbyEngineerId?: string;
  runbookDone?: string;
  createdAt: string;
  updatedAt: string;
  /** How many audit rows the partition holds: numbers the next ones, guarded by the row's ETag. */
  auditCount: number;
};

export type AuditEntity = {
  partitionKey: string;
  rowKey: string;
  at: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  source: string;
  action: string;
  detail: string;
};

/** The upgrade's own row, carrying the audit count the next write numbers from. */
export function toUpgradeEntity(upgrade: Upgrade, auditCount: number): UpgradeEntity {
  return compact({
    partitionKey: tableKey(upgrade.id),
    rowKey: upgradeRowKey,
    id: upgrade.id,
    clientId: upgrade.clientId,
    fromVersion: upgrade.fromVersion,
    toVersion: upgrade.toVersion,
    mode: upgrade.mode,
    state: upgrade.state,
    proposedWindows: JSON.stringify(upgrade.proposedWindows),
    window: toJson(upgrade.window),
    lastCommunication: upgrade.lastCommunication,
    prerequisitesDone: JSON.stringify(upgrade.prerequisitesDone),
    cabApproval: toJson(upgrade.cabApproval),
    decision: toJson(upgrade.decision),
    eta: upgrade.eta,
    cancelReason: upgrade.cancelReason,
    standbyEngineerId: upgrade.standbyEngineerId,
    runbookDone: toJson(upgrade.runbookDone),
    createdAt: upgrade.createdAt,
    updatedAt: upgrade.updatedAt,
    auditCount,
  });
}

/** The upgrade a row holds. */
export function fromUpgradeEntity(e: UpgradeEntity): Upgrade {
  const upgrade: Upgrade = {
    id: e.id,
    clientId: e.clientId,
    fromVersion: e.fromVersion,
    toVersion: e.toVersion,
    mode: e.mode as UpgradeMode,
    state: e.state as UpgradeState,
    proposedWindows: JSON.parse(e.proposedWindows) as UpgradeWindow[],
    prerequisitesDone: JSON.parse(e.prerequisitesDone) as string[],
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
  const window = fromJson<UpgradeWindow>(e.window);
  if (window) upgrade.window = window;
  if (e.lastCommunication !== undefined) upgrade.lastCommunication = e.lastCommunication as Communication;
  const cabApproval = fromJson<CabApproval>(e.cabApproval);
  if (cabApproval) upgrade.cabApproval = cabApproval;
  const decision = fromJson<Decision>(e.decision);
  if (decision) upgrade.decision = decision;
  if (e.eta !== undefined) upgrade.eta = e.eta;
  if (e.cancelReason !== undefined) upgrade.cancelReason = e.cancelReason;
  if (e.standbyEngineerId !== undefined) upgrade.standbyEngineerId = e.standbyEngineerId;
  const runbookDone = fromJson<NonNullable<Upgrade['runbookDone']>>(e.runbookDone);
  if (runbookDone) upgrade.runbookDone = runbookDone;
  return upgrade;
}

/**
 * The audit rows to insert after the `first` already stored. RowKey 'audit-<ms>-<seq>': the
 * entry's time zero-padded, then its number in the log, so keys never collide and the log reads
 * back in time order (and in append order within the same millisecond).
 */
export function toAuditEntities(upgradeId: string, entries: readonly AuditEntry[], first: number): AuditEntity[] {
  return entries.map((entry, i) => {
    const ms = Date.parse(entry.at);
    if (Number.isNaN(ms)) throw new UpgradeDeskError('bad_input', `Audit entry time "${entry.at}" is not a date and time.`);
    return {
      partitionKey: tableKey(upgradeId),
      rowKey: `${auditRowKeyFrom}${String(ms).padStart(15, '0')}-${String(first + i).padStart(6, '0')}`,
      at: entry.at,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      actorRole: entry.actor.role,
      source: entry.source,
      action: entry.action,
      detail: entry.detail,
    };
  });
}

/** The audit entry a row holds. */
export function fromAuditEntity(e: AuditEntity): AuditEntry {
  const actor: Actor = { id: e.actorId, name: e.actorName, role: e.actorRole as Role };
  return { at: e.at, actor, source: e.source as Source, action: e.action, detail: e.detail };
}
