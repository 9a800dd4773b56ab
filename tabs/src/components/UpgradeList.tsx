import { Badge, Link, Subtitle2, Text } from '@fluentui/react-components';
import type { ScheduleItem } from '../api/client';
import { needingAttention, stateLabels, unscheduled } from '../model/schedule-view';
import { formatWindow, viewerTimeZone } from '../model/time';

interface Props {
  items: readonly ScheduleItem[];
  staff: boolean;
  onOpen: (id: string) => void;
}

function Row({ u, note, onOpen }: { u: ScheduleItem; note?: string; onOpen: (id: string) => void }) {
  return (
    <li className="ud-side-row">
      <Link as="button" onClick={() => onOpen(u.id)}>
        {u.id}
      </Link>{' '}
      <Text>
        {u.clientName} {u.fromVersion} → {u.toVersion}
      </Text>{' '}
      <Badge appearance="outline" size="small">
        {stateLabels[u.state]}
      </Badge>
      {note && (
        <Text as="p" size={200} className="ud-side-note">
          {note}
        </Text>
      )}
    </li>
  );
}

/** Beside the calendar: for staff what needs them and what has no date; for a client, its next window. */
export function UpgradeList({ items, staff, onOpen }: Props) {
  const zone = viewerTimeZone();
  const attention = staff ? needingAttention(items) : [];
  const undated = unscheduled(items).filter((u) => !attention.includes(u));
  const next = items
    .filter((u) => u.window && Date.parse(u.window.endsAt) > Date.now() && u.state !== 'completed' && u.state !== 'cancelled')
    .sort((a, b) => a.window!.startsAt.localeCompare(b.window!.startsAt))[0];
  return (
    <aside className="ud-side" aria-label="Upgrades to look at">
      {next && (
        <section>
          <Subtitle2 as="h2">Next window</Subtitle2>
          <ul className="ud-side-list">
            <Row u={next} note={formatWindow(next.window!, zone)} onOpen={onOpen} />
          </ul>
        </section>
      )}
      {staff && (
        <section>
          <Subtitle2 as="h2">Needs attention ({attention.length})</Subtitle2>
          <ul className="ud-side-list">
            {attention.map((u) => (
              <Row key={u.id} u={u} note={u.needsAttention} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      )}
      <section>
        <Subtitle2 as="h2">No date yet ({undated.length})</Subtitle2>
        <ul className="ud-side-list">
          {undated.map((u) => (
            <Row key={u.id} u={u} onOpen={onOpen} />
          ))}
        </ul>
      </section>
    </aside>
  );
}
