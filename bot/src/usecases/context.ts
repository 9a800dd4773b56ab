import type { Source } from '../domain/audit';
import type { Identity } from '../domain/staff';
import type { VendorWindowRules } from '../domain/window';
import type { Release } from '../domain/release';
import type { OutgoingMessage } from './views/townhall-messages';
import type { ScheduleLink } from './views/ticket-view';
import type { Upgrade } from '../domain/upgrade';
import type { Intranet } from './intranet-ports';
import type { AcknowledgementStore, EffectsLedger, DeliveryReport, AutomationKeyStore, ClientRequestStore, ConversationDirectory, CapacityStore, ClientStore, Clock, Notifier, ReleaseStore, ScheduleIndex, StaffStore, TimerPlanner, UpgradeStore } from './ports';

/** Everything a use case may touch, passed in by server.ts (and by tests). */
export interface Stores {
  clients: ClientStore;
  staff: StaffStore;
  releases: ReleaseStore;
  upgrades: UpgradeStore;
  capacity: CapacityStore;
  keys: AutomationKeyStore;
  acknowledgements: AcknowledgementStore;
  requests: ClientRequestStore;
  /** The schedule index: what lists and window checks read instead of scanning the upgrades. */
  schedule: ScheduleIndex;
}

export interface Deps {
  stores: Stores;
  clock: Clock;
  vendorTenantId: string;
  rules: VendorWindowRules;
  /** Where changes are announced; absent in tests that only look at the store. */
  notifier?: Notifier;
  timers?: TimerPlanner;
  /** Where the bot is installed; absent where nothing is sent (store-only tests). */
  conversations?: ConversationDirectory;
  /** Sends a message (a card) to people or a release's channels, through the outbox. */
  messenger?: Messenger;
  /** Per-notice delivery reports (the outbox). */
  deliveryReports?: DeliveryReports;
  /** The pending-effects rows recorded with changes: removed once applied. */
  effects?: EffectsLedger;
  /** The schedule index, brought up to date as an effect of every change. */
  schedule?: { project(upgrade: Upgrade): Promise<void> };
  /** The townhall of a published release (an effect of publishing it). */
  announceRelease?: (release: Release) => Promise<{ delivered: number }>;
  /** Publishing to the clients' intranets and the release-notes site (SharePoint); nothing is published when absent. */
  intranet?: Intranet;
  /** The schedule tab at an upgrade, for the ticket card's "Open in schedule"; no button when absent. */
  scheduleLink?: ScheduleLink;
  /** Each step of applying effects, as it completes (logs; the crash tests stop the process at one). */
  trace?: (step: string, subject: string) => void;
  log?: (line: string) => void;
}

export interface DeliveryReports {
  report(noticeId: string): Promise<DeliveryReport | undefined>;
  /** The card a notice carries now (its newest version), as the edge that drew it stored it. */
  storedCard(noticeId: string): Promise<object | undefined>;
}

/** Who asks, and through which surface. */
export interface Caller {
  identity: Identity;
  source: Source;
}

/** Who a direct message goes to: a person's chat with the bot, or every client's notice channel. */
export type Recipient = { kind: 'person'; tenantId: string; aadObjectId: string } | { kind: 'every_client_channel' };

/** Sends one message through the outbox under a stable notice id (sending it again adds nothing); the edge draws its card. */
export interface Messenger {
  send(noticeId: string, kind: string, recipients: Recipient[], message: OutgoingMessage): Promise<{ delivered: number }>;
}
