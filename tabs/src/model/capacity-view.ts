import type { CapacityResponse } from '../api/client';

export interface HeatCell {
  startsAt: string;
  hour: number;
  used: number;
  free: number;
  /** 0 all free, 1 some used, 2 one place left, 3 full. */
  level: 0 | 1 | 2 | 3;
  label: string;
}

export interface HeatRow {
  day: string;
  label: string;
  cells: HeatCell[];
}

/** The capacity slots as one row per day (in the viewer's zone) and one cell per hour, for the heat strip. */
export function capacityRows(capacity: CapacityResponse, timeZone: string, locale?: string): HeatRow[] {
  const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayLabel = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
  const rows = new Map<string, HeatRow>();
  for (const slot of capacity.slots) {
    const at = new Date(slot.startsAt);
    const day = dayKey.format(at);
    const hour = Number(hourOf.format(at));
    const level: HeatCell['level'] = slot.free <= 0 ? 3 : slot.free === 1 && capacity.capacityPerSlot > 1 && slot.used > 0 ? 2 : slot.used > 0 ? 1 : 0;
    const row = rows.get(day) ?? { day, label: dayLabel.format(at), cells: [] };
    row.cells.push({ startsAt: slot.startsAt, hour, used: slot.used, free: slot.free, level, label: `${row.label} ${String(hour).padStart(2, '0')}:00: ${slot.used} used, ${slot.free} free` });
    rows.set(day, row);
  }
  return [...rows.values()];
}
