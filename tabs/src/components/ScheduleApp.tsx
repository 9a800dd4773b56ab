import { Badge, Button, MessageBar, MessageBarBody, Spinner, Tab, TabList, Text, Title3 } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiCallError, type ApiClient, type MeResponse, type ScheduleItem } from '../api/client';
import type { Host } from '../host';
import { applyFilters, apiRange, filterOptions, type ScheduleFilters } from '../model/schedule-view';
import { viewerTimeZone } from '../model/time';
import { CalendarLinks } from './CalendarLinks';
import { CapacityStrip } from './CapacityStrip';
import { FilterBar } from './FilterBar';
import { ScheduleCalendar } from './ScheduleCalendar';
import { UpgradeDetailPanel } from './UpgradeDetailPanel';
import { UpgradeList } from './UpgradeList';

/** Charts weigh ~340 KB gzipped: loaded only when the Releases view opens. */
const ReleaseInsights = lazy(() => import('./ReleaseInsights'));

type Section = 'schedule' | 'capacity' | 'releases';

export function ScheduleApp({ api, host, onSignOut }: { api: ApiClient; host: Host; onSignOut?: () => void }) {
  const [me, setMe] = useState<MeResponse>();
  const [error, setError] = useState<Error>();
  const [section, setSection] = useState<Section>('schedule');
  const [range, setRange] = useState<{ start: Date; end: Date }>();
  const [items, setItems] = useState<ScheduleItem[]>();
  const [loading, setLoading] = useState(false);
  const [filters, setFilters] = useState<ScheduleFilters>({});
  const [openId, setOpenId] = useState<string | undefined>(host.openUpgrade);
  const timeZone = viewerTimeZone();

  const failed = useCallback(
    (err: Error) => {
      if (err instanceof ApiCallError && err.unauthorized && onSignOut) onSignOut();
      else setError(err);
    },
    [onSignOut],
  );

  useEffect(() => {
    api.me().then(setMe, failed);
  }, [api, failed]);

  const rangeKey = range && `${range.start.toISOString()}/${range.end.toISOString()}`;
  useEffect(() => {
    if (!range) return;
    let current = true;
    setLoading(true);
    api
      .schedule(apiRange(range.start, range.end))
      .then((r) => current && setItems(r.upgrades), failed)
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, rangeKey, failed]);

  const visible = useMemo(() => applyFilters(items ?? [], filters), [items, filters]);
  const options = useMemo(() => filterOptions(items ?? []), [items]);
  const onRange = useCallback((start: Date, end: Date) => setRange({ start, end }), []);

  if (error)
    return (
      <main className="ud-page">
        <MessageBar intent="error">
          <MessageBarBody>
            {error.message}
            {error instanceof ApiCallError && error.body.correlationId ? ` (reference ${error.body.correlationId})` : ''}
          </MessageBarBody>
        </MessageBar>
      </main>
    );
  if (!me) return <Spinner className="ud-page" label="Loading your schedule…" />;
  const staff = me.kind === 'staff';

  return (
    <div className="ud-app">
      <header className="ud-header">
        <Title3 as="h1">Upgrade schedule{me.clientName ? `: ${me.clientName}` : ''}</Title3>
        <div className="ud-header-end">
          <Text size={200}>
            {me.name} · {staff ? me.roles.join(', ').replaceAll('_', ' ') : me.roles.includes('owner') ? `owner of ${me.clientName}` : me.clientName}
          </Text>
          <CalendarLinks api={api} filters={filters} range={range} />
          {onSignOut && (
            <Button size="small" appearance="subtle" onClick={onSignOut}>
              Sign out
            </Button>
          )}
        </div>
      </header>
      {staff && (
        <TabList selectedValue={section} onTabSelect={(_, d) => setSection(d.value as Section)} aria-label="Views">
          <Tab value="schedule">Schedule</Tab>
          <Tab value="capacity">Capacity</Tab>
          <Tab value="releases">Releases</Tab>
        </TabList>
      )}
      {section === 'schedule' && (
        <main className="ud-schedule" aria-label="Schedule">
          <FilterBar filters={filters} options={options} onChange={setFilters} showClient={staff} />
          <Text size={200} className="ud-zone-note">
            Times in your time zone, <strong>{timeZone}</strong>
            {me.timeZone && me.timeZone !== timeZone ? ` (your client's: ${me.timeZone})` : ''}. Today is highlighted.
            {loading && <Spinner size="tiny" as="span" className="ud-inline-spinner" aria-label="Loading" />}
            <Badge appearance="tint" className="ud-count" aria-live="polite">
              {visible.length} upgrade{visible.length === 1 ? '' : 's'}
            </Badge>
          </Text>
          <div className="ud-schedule-body">
            <ScheduleCalendar items={visible} locale={host.locale} onRange={onRange} onOpen={setOpenId} />
            <UpgradeList items={visible} staff={staff} onOpen={setOpenId} />
          </div>
        </main>
      )}
      {section === 'capacity' && staff && <CapacityStrip api={api} locale={host.locale} onError={failed} />}
      {section === 'releases' && staff && (
        <Suspense fallback={<Spinner label="Loading the charts…" />}>
          <ReleaseInsights api={api} onError={failed} />
        </Suspense>
      )}
      <UpgradeDetailPanel api={api} id={openId} locale={host.locale} onClose={() => setOpenId(undefined)} />
    </div>
  );
}
