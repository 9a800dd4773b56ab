import {
  Badge,
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ApiClient, UpgradeDetail } from '../api/client';
import { stateLabels } from '../model/schedule-view';
import { formatInstant, formatWindow, hoursOf, viewerTimeZone } from '../model/time';

interface Props {
  api: ApiClient;
  id?: string;
  locale: string;
  onClose: () => void;
}

const modeLabel = { managed: 'Managed by the vendor', self_service: 'Self-service' } as const;

/** One upgrade: what, when (viewer's zone and the client's), readiness, decision, notices and the audit timeline. */
export function UpgradeDetailPanel({ api, id, locale, onClose }: Props) {
  const [detail, setDetail] = useState<UpgradeDetail>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    if (!id) return;
    let current = true;
    api.upgrade(id).then(
      (d) => current && setDetail(d),
      (err: Error) => current && setError(err.message),
    );
    return () => {
      current = false;
    };
  }, [api, id]);

  const zone = viewerTimeZone();
  return (
    <OverlayDrawer open={!!id} position="end" size="medium" onOpenChange={(_, d) => !d.open && onClose()} aria-labelledby="detail-title">
      <DrawerHeader>
        <DrawerHeaderTitle id="detail-title" action={<Button appearance="subtle" aria-label="Close" onClick={onClose}>✕</Button>}>
          {detail ? `${detail.id}: ${detail.clientName} ${detail.fromVersion} → ${detail.toVersion}` : id}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className="ud-detail">
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        {!detail && !error && <Spinner label="Loading the upgrade…" />}
        {detail && <DetailBody d={detail} zone={zone} locale={locale} />}
      </DrawerBody>
    </OverlayDrawer>
  );
}

function DetailBody({ d, zone, locale }: { d: UpgradeDetail; zone: string; locale: string }) {
  const windows = d.window ? [d.window] : d.proposedWindows;
  return (
    <>
      <dl className="ud-facts">
        <dt>State</dt>
        <dd>
          <Badge appearance="tint">{d.stateLabel || stateLabels[d.state]}</Badge>
          {d.needsAttention && <Text size={200}> {d.needsAttention}</Text>}
        </dd>
        <dt>Client</dt>
        <dd>
          {d.clientName} ({d.clientTimeZone})
        </dd>
        <dt>Release</dt>
        <dd>
          {d.fromVersion} → {d.toVersion} ({d.kind})
        </dd>
        <dt>Mode</dt>
        <dd>{modeLabel[d.mode]}</dd>
        <dt>{d.window ? 'Window' : windows.length ? 'Proposed windows' : 'Window'}</dt>
        <dd>
          {windows.length === 0 && 'No date yet'}
          {windows.map((w) => (
            <div key={w.startsAt} className="ud-window">
              <div>{formatWindow(w, zone, locale)} (yours)</div>
              <Text size={200}>
                {formatWindow(w, d.clientTimeZone, locale)} at {d.clientName} · {hoursOf(w)} h
              </Text>
            </div>
          ))}
        </dd>
      </dl>

      <section aria-labelledby="readiness">
        <Subtitle2 as="h3" id="readiness">
          Readiness
        </Subtitle2>
        {d.prerequisites.length === 0 ? (
          <Text as="p" block>No prerequisites for this release.</Text>
        ) : (
          <ul className="ud-checklist">
            {d.prerequisites.map((p) => (
              <li key={p.name}>
                <span aria-hidden>{p.done ? '☑' : '☐'}</span> {p.name} <Text size={200}>({p.done ? 'done' : 'not done'})</Text>
              </li>
            ))}
          </ul>
        )}
        <Text as="p" block>
          CAB approval:{' '}
          {d.cab ? `${d.cab.reference} by ${d.cab.approver}, recorded by ${d.cab.recordedBy} on ${formatInstant(d.cab.recordedAt, zone, locale)}` : d.kind === 'major' ? 'not recorded yet' : 'not needed for a minor'}
        </Text>
      </section>

      {d.decision && (
        <section aria-labelledby="decision">
          <Subtitle2 as="h3" id="decision">
            Go/No-Go decision
          </Subtitle2>
          <Text as="p" block>
            {d.decision.reason}. Opened {formatInstant(d.decision.openedAt, zone, locale)}, deadline {formatInstant(d.decision.deadline, zone, locale)}.{' '}
            {d.decision.outcome ? `Decided ${d.decision.outcome === 'go' ? 'Go' : 'No-Go'}.` : 'Open.'}
          </Text>
          <ul>
            {d.decision.votes.map((v) => (
              <li key={v.voterName + v.at}>
                {v.voterName}: <strong>{v.vote === 'go' ? 'Go' : 'No-Go'}</strong> at {formatInstant(v.at, zone, locale)}
              </li>
            ))}
            {d.decision.votes.length === 0 && <li>No votes yet</li>}
          </ul>
        </section>
      )}

      <section aria-labelledby="deliveries">
        <Subtitle2 as="h3" id="deliveries">
          Notices
        </Subtitle2>
        {d.deliveries.length === 0 ? (
          <Text as="p" block>No notices sent yet.</Text>
        ) : (
          <Table size="small" aria-labelledby="deliveries">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Notice</TableHeaderCell>
                <TableHeaderCell>Sent</TableHeaderCell>
                <TableHeaderCell>Pending</TableHeaderCell>
                <TableHeaderCell>Failed</TableHeaderCell>
                <TableHeaderCell>Acknowledged</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d.deliveries.map((n) => (
                <TableRow key={n.noticeId}>
                  <TableCell>{n.kind}</TableCell>
                  <TableCell>
                    {n.sent}/{n.total}
                  </TableCell>
                  <TableCell>{n.pending}</TableCell>
                  <TableCell>{n.failed}</TableCell>
                  <TableCell>{n.acknowledgements}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="timeline">
        <Subtitle2 as="h3" id="timeline">
          Timeline
        </Subtitle2>
        <ol className="ud-timeline" aria-label="Audit timeline">
          {d.timeline.map((t, i) => (
            <li key={i} className="ud-timeline-entry">
              <Text size={200} className="ud-timeline-when">
                {formatInstant(t.at, zone, locale)}
              </Text>
              <div>
                <Text weight="semibold">{t.action.replaceAll('_', ' ')}</Text> <Text>{withInstantsIn(t.detail, zone, locale)}</Text>
                <Text as="p" block size={200}>
                  {t.actorName} ({t.role.replaceAll('_', ' ')}) via {t.source}
                </Text>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const isoInstant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g;

/** Audit details name instants as ISO text: shown as every other time on the tab, in the viewer's zone. */
function withInstantsIn(detail: string, zone: string, locale: string): string {
  return detail.replace(isoInstant, (instant) => (Number.isNaN(Date.parse(instant)) ? instant : formatInstant(instant, zone, locale)));
}
