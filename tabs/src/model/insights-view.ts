import type { InsightsResponse, RolloutResponse, RolloutState } from '../api/client';

export const rolloutOrder: { state: RolloutState; key: keyof RolloutResponse['counts']; legend: string }[] = [
  { state: 'upgraded', key: 'upgraded', legend: 'Upgraded' },
  { state: 'booked', key: 'booked', legend: 'Booked' },
  { state: 'proposed', key: 'proposed', legend: 'Proposed' },
  { state: 'requested', key: 'requested', legend: 'Requested' },
  { state: 'not_started', key: 'notStarted', legend: 'Not started' },
];

export interface RolloutBar {
  version: string;
  total: number;
  segments: { legend: string; state: RolloutState; count: number }[];
  /** Clients two or more releases behind the newest. */
  behind: { clientName: string; behind: number; currentVersion?: string }[];
}

export function rolloutBars(rollouts: readonly RolloutResponse[]): RolloutBar[] {
  return rollouts.map((r) => ({
    version: r.version,
    total: rolloutOrder.reduce((n, o) => n + r.counts[o.key], 0),
    segments: rolloutOrder.map((o) => ({ legend: o.legend, state: o.state, count: r.counts[o.key] })),
    behind: r.clients.filter((c) => c.flagged).map((c) => ({ clientName: c.clientName, behind: c.behind, currentVersion: c.currentVersion })),
  }));
}

export interface HistorySeries {
  version: string;
  p50Hours: number;
  p90Hours: number;
  overrunPercent: number;
  noGoPercent: number;
  upgrades: number;
}

/** Durations in hours and rates in percent, per release with at least one finished upgrade. */
export function historySeries(insights: InsightsResponse): HistorySeries[] {
  const hours = (m: number | null) => Math.round(((m ?? 0) / 60) * 10) / 10;
  return insights.releases
    .filter((r) => r.upgrades > 0)
    .map((r) => ({
      version: r.version,
      p50Hours: hours(r.durationP50Minutes),
      p90Hours: hours(r.durationP90Minutes),
      overrunPercent: Math.round(r.overrunRate * 100),
      noGoPercent: Math.round(r.noGoRate * 100),
      upgrades: r.upgrades,
    }));
}
