/**
 * The schedule tab's HTTP contract: the JSON every route of the tab's API answers with.
 *
 * Types only, no runtime code and no imports, so the tab (tabs/) imports it with
 * `import type { ... } from '../../bot/src/api/schedule-contract'` and nothing reaches its bundle.
 *
 * Every route needs `Authorization: Bearer <token>` (Teams SSO in production, the dev issuer
 * locally) except the subscription feed and the dev sign-in routes. Every 4xx/5xx body is an
 * {@link ApiError}. Instants are ISO 8601 in UTC (`2026-12-04T20:00:00.000Z`); dates in queries
 * are `YYYY-MM-DD` (UTC days, `to` inclusive); time zones are IANA names.
 */

/** Every 4xx/5xx answer (the same id is in the `x-correlation-id` header). */
export interface ApiError {
  error: string;
  message: string;
  correlationId: string;
  /** On a 400: each bad query parameter or body field. */
  fields?: { field: string; message: string }[];
}

export type UpgradeState =
  | 'requested'
  | 'proposed'
  | 'booked'
  | 'ready'
  | 'in_progress'
  | 'awaiting_decision'
  | 'rolling_back'
  | 'completed'
  | 'cancelled';
export type UpgradeKind = 'major' | 'minor';
export type UpgradeMode = 'managed' | 'self_service';
export type ViewerKind = 'staff' | 'owner' | 'member';

export interface TimeWindow {
  startsAt: string;
  endsAt: string;
}

// ---------------------------------------------------------------- GET /api/me

/** `GET /api/me`: who the token belongs to and what they may see. */
export interface MeResponse {
  name: string;
  /** staff: the vendor's people (see every client); owner / member: a client's people (see that client only). */
  kind: ViewerKind;
  /** Staff roles (`csa`, `implementation_lead`, `engineer`, `release_manager`); `['owner']` for an owner; `[]` for a member. */
  roles: string[];
  /** Set for client users (owner, member). */
  clientId?: string;
  clientName?: string;
  /** The client's time zone, for client users. */
  timeZone?: string;
}

// ---------------------------------------------------------------- GET /api/schedule

/**
 * `GET /api/schedule?from=YYYY-MM-DD&to=YYYY-MM-DD` with optional `client`, `state` (one state or
 * a comma-separated list), `release` (the target version), `kind`, `mode` and `q` (searches the
 * change id, client id and name, and versions). `from`..`to` spans at most 100 days (400 naming
 * the parameter otherwise). Client users get their own client's upgrades only (a `client`
 * filter naming another client gives an empty list). Upgrades are in the range when they sit on
 * the schedule in it: their window's start, else their first proposed window's, else (finished
 * without a window) when they were closed. Requested upgrades with no date yet are included
 * whatever the range when they are open (`window` undefined, `proposedWindows` empty).
 */
export interface ScheduleQuery {
  from: string;
  to: string;
  client?: string;
  state?: string;
  release?: string;
  kind?: UpgradeKind;
  mode?: UpgradeMode;
  q?: string;
}

export interface ScheduleItem {
  /** The change id, CHG-YYYY-NNNN. */
  id: string;
  clientId: string;
  clientName: string;
  /** The client's IANA time zone (show the client's local time in the detail). */
  clientTimeZone: string;
  fromVersion: string;
  toVersion: string;
  kind: UpgradeKind;
  mode: UpgradeMode;
  state: UpgradeState;
  /** The state in words ("Booked", "Awaiting decision"). */
  stateLabel: string;
  /** The agreed window, once booked. */
  window?: TimeWindow;
  /** The windows offered while proposed (empty otherwise). */
  proposedWindows: TimeWindow[];
  /** Why staff should look at it now, in words (request unanswered, proposal unanswered, major not ready at T-7, decision open). */
  needsAttention?: string;
}

export interface ScheduleResponse {
  from: string;
  to: string;
  upgrades: ScheduleItem[];
}

// ---------------------------------------------------------------- GET /api/upgrades/:id

export interface Prerequisite {
  name: string;
  done: boolean;
}

export interface CabRecord {
  approver: string;
  reference: string;
  recordedBy: string;
  recordedAt: string;
}

export interface VoteRecord {
  voterName: string;
  vote: 'go' | 'no_go';
  at: string;
}

export interface DecisionRecord {
  reason: string;
  openedAt: string;
  deadline: string;
  newEta?: string;
  votes: VoteRecord[];
  outcome?: 'go' | 'no_go';
  decidedAt?: string;
}

export interface DeliveryCount {
  /** The notice's id (e.g. `freeze:CHG-2026-0001`). */
  noticeId: string;
  /** What kind of notice it is (e.g. `freeze`, `outage`, `ticket`). */
  kind: string;
  total: number;
  sent: number;
  pending: number;
  failed: number;
  /** How many people pressed Acknowledge. */
  acknowledgements: number;
}

export interface TimelineEntry {
  at: string;
  actorName: string;
  /** The actor's role (`csa`, `owner`, `engineer`, `system`...). */
  role: string;
  /** Where it came from: `chat`, `api`, `scheduler`, `tab`, `seed`. */
  source: string;
  action: string;
  detail: string;
}

/** `GET /api/upgrades/:id`: 404 for an unknown id and for another client's upgrade alike. */
export interface UpgradeDetail extends ScheduleItem {
  prerequisites: Prerequisite[];
  cab?: CabRecord;
  /** The open or last settled Go/No-Go decision. */
  decision?: DecisionRecord;
  deliveries: DeliveryCount[];
  /** The audit log, oldest first. */
  timeline: TimelineEntry[];
}

// ---------------------------------------------------------------- GET /api/capacity

/** `GET /api/capacity?from=YYYY-MM-DD&to=YYYY-MM-DD` (at most 100 days): one slot per hour. */
export interface CapacitySlot {
  startsAt: string;
  endsAt: string;
  used: number;
  free: number;
}

export interface CapacityResponse {
  from: string;
  to: string;
  /** How many upgrades may run in one slot at once. */
  capacityPerSlot: number;
  slots: CapacitySlot[];
}

// ---------------------------------------------------------------- GET /api/releases/:version/rollout

/** Where each client is with a release. Staff only (403 for client users). */
export type RolloutState = 'upgraded' | 'booked' | 'proposed' | 'requested' | 'not_started';

export interface RolloutClient {
  clientId: string;
  clientName: string;
  state: RolloutState;
  /** The version the client runs now. */
  currentVersion?: string;
  /** The change id of the client's upgrade to this release, if any. */
  upgradeId?: string;
  /** How many releases the client is behind the newest one (0 = on the newest). */
  behind: number;
  /** behind >= 2. */
  flagged: boolean;
}

export interface RolloutResponse {
  version: string;
  kind: UpgradeKind;
  /** The newest release. */
  newest: string;
  /** Every release, oldest first (for a release picker). */
  releases: string[];
  counts: { upgraded: number; booked: number; proposed: number; requested: number; notStarted: number };
  clients: RolloutClient[];
}

// ---------------------------------------------------------------- GET /api/insights

/** Per release, from its completed and rolled-back upgrades. Staff only (403 for client users). */
export interface ReleaseInsight {
  version: string;
  /** Upgrades to this release that finished (completed, or rolled back). */
  upgrades: number;
  /** Minutes from start to complete; null when none finished. */
  durationP50Minutes: number | null;
  durationP90Minutes: number | null;
  /** Share (0..1) of finished upgrades that ran past their window or announced an overrun. */
  overrunRate: number;
  /** Share (0..1) of Go/No-Go decisions that ended No-Go. */
  noGoRate: number;
}

export interface InsightsResponse {
  releases: ReleaseInsight[];
}

// ---------------------------------------------------------------- calendar

/**
 * `GET /api/calendar.ics?<ScheduleQuery>` → `text/calendar` (what the caller may see).
 * `POST /api/calendar/subscription` → {@link SubscriptionResponse} (creates the caller's secret
 * feed or returns the existing one's URL). `DELETE /api/calendar/subscription` → 204 (revokes;
 * the old URL then 404s). `GET /api/calendar/feed/:token` → `text/calendar`, no Authorization
 * (the token in the URL is the secret; it covers from 30 days ago to 180 days ahead).
 */
export interface SubscriptionResponse {
  /** Absolute https/http URL of the feed; `webcal:` clients can use it with the scheme swapped. */
  url: string;
}

// ---------------------------------------------------------------- dev sign-in (404 in production)

/** `GET /api/dev/users`. */
export interface DevUser {
  /** `csa`, `engineer`, `release-manager`, `contoso-owner`, `fabrikam-owner`, `northwind-owner`. */
  role: string;
  name: string;
  description: string;
}

export interface DevUsersResponse {
  users: DevUser[];
}

/** `POST /api/dev/token` with body {@link DevTokenRequest}. */
export interface DevTokenRequest {
  role: string;
}

export interface DevTokenResponse {
  /** A bearer token for the other routes. */
  token: string;
  expiresAt: string;
}
