import type { AuditEntry } from '../domain/audit';
import type { Client } from '../domain/client';
import type { Release } from '../domain/release';
import type { Staff } from '../domain/staff';
import type { Upgrade, Vote } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';

/**
 * The storage the use cases need. Implemented over Azure Tables in src/store; every record that
 * several people can change is read with its ETag and written back with it.
 */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export interface ClientStore {
  get(id: string): Promise<Client | undefined>;
  list(): Promise<Client[]>;
  upsert(client: Client): Promise<void>;
}

export interface StaffStore {
  get(aadObjectId: string): Promise<Staff | undefined>;
  list(): Promise<Staff[]>;
  upsert(staff: Staff): Promise<void>;
}

export interface ReleaseStore {
  get(version: string): Promise<Release | undefined>;
  list(): Promise<Release[]>;
  /** Fails with a conflict when the version exists already. */
  create(release: Release): Promise<void>;
}

export interface UpgradeStore {
  get(id: string): Promise<Versioned<Upgrade> | undefined>;
  list(filter?: { clientId?: string }): Promise<Upgrade[]>;
  /** Creates a new upgrade under a fresh change id (CHG-YYYY-NNNN, unique under concurrency). */
  create(draft: Omit<Upgrade, 'id'>, audit: AuditEntry[]): Promise<Versioned<Upgrade>>;
  /** Writes the upgrade and appends its audit entries atomically, if nobody changed it since `etag`. */
  update(upgrade: Upgrade, etag: string, audit: AuditEntry[]): Promise<Versioned<Upgrade>>;
  listAudit(id: string): Promise<AuditEntry[]>;
  /** The windows every booked upgrade holds, across the vendor: its capacity in use. */
  listBookedWindows(): Promise<UpgradeWindow[]>;
}

/** The vendor's capacity, claimed per window before an upgrade is booked into it. */
export interface CapacityStore {
  /** Claims a place in every bucket of the window for the upgrade; refuses when one is full. */
  claim(upgradeId: string, window: UpgradeWindow, capacity: number): Promise<void>;
  release(upgradeId: string, window: UpgradeWindow): Promise<void>;
}

export interface VoteRecord {
  upgradeId: string;
  decisionId: string;
  voterId: string;
  voterName: string;
  vote: Vote;
  at: string;
}

export interface VoteStore {
  /** Records a vote once per voter and decision; returns false when that voter had voted already. */
  cast(vote: VoteRecord): Promise<boolean>;
  list(upgradeId: string, decisionId: string): Promise<VoteRecord[]>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
