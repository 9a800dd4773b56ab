import type { Source } from '../domain/audit';
import type { Identity } from '../domain/staff';
import type { VendorWindowRules } from '../domain/window';
import type { ClientStore, Clock, ReleaseStore, StaffStore, UpgradeStore, CapacityStore, VoteStore } from './ports';

/** Everything a use case may touch, passed in by server.ts (and by tests). */
export interface Stores {
  clients: ClientStore;
  staff: StaffStore;
  releases: ReleaseStore;
  upgrades: UpgradeStore;
  capacity: CapacityStore;
  votes: VoteStore;
}

export interface Deps {
  stores: Stores;
  clock: Clock;
  vendorTenantId: string;
  rules: VendorWindowRules;
}

/** Who asks, and through which surface. */
export interface Caller {
  identity: Identity;
  source: Source;
}
