import type { Source } from '../domain/audit';
import type { Identity } from '../domain/staff';
import type { VendorWindowRules } from '../domain/window';
import type { AutomationKeyStore, CapacityStore, ClientStore, Clock, Notifier, ReleaseStore, StaffStore, TimerPlanner, UpgradeStore, VoteStore } from './ports';

/** Everything a use case may touch, passed in by server.ts (and by tests). */
export interface Stores {
  clients: ClientStore;
  staff: StaffStore;
  releases: ReleaseStore;
  upgrades: UpgradeStore;
  capacity: CapacityStore;
  votes: VoteStore;
  keys: AutomationKeyStore;
}

export interface Deps {
  stores: Stores;
  clock: Clock;
  vendorTenantId: string;
  rules: VendorWindowRules;
  /** Where changes are announced; absent in tests that only look at the store. */
  notifier?: Notifier;
  timers?: TimerPlanner;
}

/** Who asks, and through which surface. */
export interface Caller {
  identity: Identity;
  source: Source;
}
