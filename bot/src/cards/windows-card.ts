import type { OfferedWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { formatSpan } from './format';

export interface WindowsView {
  clientName: string;
  timeZone: string;
  kind: 'major' | 'minor';
  version?: string;
  windows: OfferedWindow[];
}

/** The next bookable windows, in the client's zone and in UTC, with places left. */
export function buildWindowsCard(view: WindowsView): AdaptiveCard {
  const heading = `Next upgrade windows for ${view.clientName}`;
  const sub = view.version ? `For release ${view.version} (${view.kind})` : `For a ${view.kind} release`;
  const rows: CardElement[] = view.windows.map((w, i) => ({
    type: 'Container',
    separator: i > 0,
    items: [
      facts([
        [`${view.timeZone}`, formatSpan(w.startsAt, w.endsAt, view.timeZone)],
        ['UTC', formatSpan(w.startsAt, w.endsAt, 'UTC')],
        ['Places left', String(w.placesLeft)],
      ]),
    ],
  }));
  return card([
    title(heading),
    text(sub, { isSubtle: true, spacing: 'None' }),
    ...(rows.length ? rows : [text('No window is free in the next six months. Ask the release manager about capacity or blackout dates.', { color: 'Warning' })]),
  ]);
}
