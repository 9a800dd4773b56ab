import type { ScheduleItem, UpgradeKind, UpgradeMode, UpgradeState } from '../api/client';

/** The Fluent palette colour each state is drawn in (one hue a state; the components map it to tokens). */
export type StateHue = 'steel' | 'marigold' | 'blue' | 'teal' | 'grape' | 'darkOrange' | 'red' | 'green' | 'platinum';

export const stateHues: Record<UpgradeState, StateHue> = {
  requested: 'steel',
  proposed: 'marigold',
  booked: 'blue',
  ready: 'teal',
  in_progress: 'grape',
  awaiting_decision: 'darkOrange',
  rolling_back: 'red',
  completed: 'green',
  cancelled: 'platinum',
};

export const stateLabels: Record<UpgradeState, string> = {
  requested: 'Requested',
  proposed: 'Proposed',
  booked: 'Booked',
  ready: 'Ready',
  in_progress: 'In progress',
  awaiting_decision: 'Awaiting decision',
  rolling_back: 'Rolling back',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export interface ScheduleFilters {
  client?: string;
  release?: string;
  kind?: UpgradeKind;
  state?: UpgradeState;
  mode?: UpgradeMode;
  q?: string;
}

/** The filters as the API's query parameters (the ICS download carries the same ones). */
export function filterQuery(filters: ScheduleFilters): ScheduleFilters {
  const q = filters.q?.trim();
  return { ...filters, q: q || undefined };
}

/** The same narrowing the API applies, on the rows of the visible range already loaded. */
export function applyFilters(items: readonly ScheduleItem[], filters: ScheduleFilters): ScheduleItem[] {
  const q = filters.q?.trim().toLowerCase();
  return items.filter(
    (u) =>
      (!filters.client || u.clientId === filters.client) &&
      (!filters.release || u.toVersion === filters.release) &&
      (!filters.kind || u.kind === filters.kind) &&
      (!filters.state || u.state === filters.state) &&
      (!filters.mode || u.mode === filters.mode) &&
      (!q || [u.id, u.clientId, u.clientName, u.fromVersion, u.toVersion].some((text) => text.toLowerCase().includes(q))),
  );
}

export interface FilterOptions {
  clients: { id: string; name: string }[];
  releases: string[];
}

/** What the filter menus offer: the clients and releases of the loaded range (and any known releases). */
export function filterOptions(items: readonly ScheduleItem[], knownReleases: readonly string[] = []): FilterOptions {
  const clients = new Map(items.map((u) => [u.clientId, u.clientName]));
  const releases = new Set([...knownReleases, ...items.map((u) => u.toVersion)]);
  return {
    clients: [...clients].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    releases: [...releases].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
  };
}

/** One block on the calendar: the booked window, or one of the windows proposed. */
export interface CalendarEntry {
  id: string;
  upgradeId: string;
  title: string;
  start: string;
  end: string;
  hue: StateHue;
  /** A proposed window, not agreed yet (drawn dashed). */
  tentative: boolean;
  state: UpgradeState;
}

export function calendarEntries(items: readonly ScheduleItem[]): CalendarEntry[] {
  return items.flatMap((u): CalendarEntry[] => {
    const title = `${u.clientName} ${u.fromVersion} → ${u.toVersion} · ${stateLabels[u.state]}`;
    const base = { upgradeId: u.id, hue: stateHues[u.state], state: u.state };
    if (u.window) return [{ ...base, id: u.id, title, start: u.window.startsAt, end: u.window.endsAt, tentative: false }];
    return u.proposedWindows.map((w, i) => ({
      ...base,
      id: `${u.id}#${i}`,
      title: `${title} (option ${i + 1} of ${u.proposedWindows.length})`,
      start: w.startsAt,
      end: w.endsAt,
      tentative: true,
    }));
  });
}

/** Upgrades with no date yet, and those that need staff now: listed beside the calendar. */
export function unscheduled(items: readonly ScheduleItem[]): ScheduleItem[] {
  return items.filter((u) => !u.window && u.proposedWindows.length === 0 && u.state !== 'cancelled' && u.state !== 'completed');
}

export function needingAttention(items: readonly ScheduleItem[]): ScheduleItem[] {
  return items.filter((u) => u.needsAttention);
}

/** `YYYY-MM-DD` of a Date in UTC (the API's range is in UTC days, `to` inclusive). */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The API range for a calendar range [start, end): from its first UTC day to the UTC day before `end`, one day wider each side for zones. */
export function apiRange(start: Date, end: Date): { from: string; to: string } {
  const day = 24 * 3600 * 1000;
  return { from: utcDay(new Date(start.getTime() - day)), to: utcDay(new Date(end.getTime())) };
}
