/** A client of the vendor: one Microsoft 365 tenant, its owners, and its policies. */
export type ClientPhase = 'implementation' | 'bau';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday, as Date#getDay

export interface WindowPolicy {
  /** Days of the week a managed window may start on, in the client's time zone. */
  days: Weekday[];
  /** Local start time, "HH:mm". */
  startTime: string;
  lengthInHours: number;
  leadTimeInDays: number;
}

export type GoRule = 'any' | 'majority' | 'all';

export interface DecisionPolicy {
  goRule: GoRule;
  deadlineInMinutes: number;
}

export interface Client {
  id: string;
  name: string;
  tenantId: string;
  timeZone: string;
  phase: ClientPhase;
  /** aadObjectId of the client's CSA (bau) and implementation lead (implementation). */
  csaId: string;
  implementationLeadId?: string;
  /** aadObjectIds of the client's technical owners: they agree dates and vote. */
  ownerIds: string[];
  windowPolicy: WindowPolicy;
  decisionPolicy: DecisionPolicy;
  currentVersion: string;
  /** Local dates ("yyyy-MM-dd") the client has frozen: no window touches them. */
  blackoutDates: string[];
}

export const defaultWindowPolicy: WindowPolicy = Object.freeze({
  days: [2, 5] as Weekday[],
  startTime: '18:00',
  lengthInHours: 6,
  leadTimeInDays: 7,
});

export const defaultDecisionPolicy: DecisionPolicy = Object.freeze({
  goRule: 'any' as GoRule,
  deadlineInMinutes: 30,
});

/** Who starts the upgrade talk with this client: the CSA in BAU, the implementation lead before. */
export function upgradeContactId(client: Client): string {
  return client.phase === 'implementation' && client.implementationLeadId
    ? client.implementationLeadId
    : client.csaId;
}

export function isOwner(client: Client, aadObjectId: string): boolean {
  return client.ownerIds.includes(aadObjectId);
}
