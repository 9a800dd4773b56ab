import { performance } from 'node:perf_hooks';
import { defaultWindowPolicy } from '../../bot/src/domain/client';
import { nextAvailableWindows, type UpgradeWindow } from '../../bot/src/domain/window';
import { percentile, round, type Figure } from './figure';

/** nextAvailableWindows for a client when the vendor has 5,000 booked upgrades, against none booked. */
export function windowFigures(booked = 5_000, runs = 50): Figure[] {
  const now = new Date('2026-11-25T10:00:00Z');
  const windows: UpgradeWindow[] = [];
  // Fill the next year's Tuesday and Friday evenings (London) densely, plus scattered windows elsewhere.
  for (let i = 0; i < booked; i++) {
    const start = now.getTime() + 7 * 86_400_000 + ((i * 7_919) % (365 * 24)) * 3_600_000;
    windows.push({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 6 * 3_600_000).toISOString() });
  }
  const input = { now, timeZone: 'Europe/London', policy: defaultWindowPolicy, kind: 'major' as const, blackoutDates: ['2026-12-25'], count: 5 };
  const time = (list: UpgradeWindow[]) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      nextAvailableWindows({ ...input, booked: list });
      samples.push(performance.now() - t);
    }
    return percentile(samples, 50);
  };
  time(windows);
  const empty = round(time([]));
  const full = round(time(windows));
  return [
    { name: 'next_windows_5000_booked_p50', value: full, unit: 'ms', baseline: empty, ratio: round(full / empty, 2), target: '< 50 ms', goal: { of: 'value', op: '<', limit: 50 } },
  ];
}
