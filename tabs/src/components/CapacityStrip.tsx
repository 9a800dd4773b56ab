import { Spinner, Subtitle2, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ApiClient, CapacityResponse } from '../api/client';
import { capacityRows } from '../model/capacity-view';
import { utcDay } from '../model/schedule-view';
import { viewerTimeZone } from '../model/time';

const days = 14;
const levelText = ['all free', 'some used', 'one place left', 'full'];

/** Places used and free per hour for the next two weeks, one row a day: where can I book? */
export function CapacityStrip({ api, locale, onError }: { api: ApiClient; locale: string; onError: (err: Error) => void }) {
  const [capacity, setCapacity] = useState<CapacityResponse>();
  useEffect(() => {
    const from = new Date();
    api.capacity(utcDay(from), utcDay(new Date(from.getTime() + days * 86_400_000))).then(setCapacity, onError);
  }, [api, onError]);
  if (!capacity) return <Spinner label="Loading capacity…" />;
  const zone = viewerTimeZone();
  const rows = capacityRows(capacity, zone, locale);
  return (
    <main className="ud-capacity" aria-labelledby="capacity-title">
      <Subtitle2 as="h2" id="capacity-title">
        Capacity: {capacity.capacityPerSlot} upgrades at once, next {days} days ({zone})
      </Subtitle2>
      <div className="ud-heat-legend" aria-hidden>
        {levelText.map((t, i) => (
          <span key={t}>
            <span className={`ud-heat-cell ud-heat-${i}`} /> {t}
          </span>
        ))}
      </div>
      <table className="ud-heat">
        <thead>
          <tr>
            <th scope="col">Day</th>
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col" className="ud-heat-hour">
                {h % 3 === 0 ? String(h).padStart(2, '0') : <span className="ud-visually-hidden">{h}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.day}>
              <th scope="row">
                <Text size={200}>{r.label}</Text>
              </th>
              {Array.from({ length: 24 }, (_, h) => {
                const cell = r.cells.find((c) => c.hour === h);
                return (
                  <td key={h} className={`ud-heat-cell ud-heat-${cell?.level ?? 0}`} title={cell?.label} aria-label={cell?.label ?? `${r.label} ${h}:00`}>
                    {cell && cell.used > 0 ? cell.used : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
