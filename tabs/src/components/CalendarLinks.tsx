import { Button, Field, Input, Popover, PopoverSurface, PopoverTrigger, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiClient } from '../api/client';
import { apiRange, filterQuery, type ScheduleFilters } from '../model/schedule-view';

interface Props {
  api: ApiClient;
  filters: ScheduleFilters;
  range?: { start: Date; end: Date };
}

/** The ICS file of what is on screen, and the personal subscription URL for Outlook (revocable). */
export function CalendarLinks({ api, filters, range }: Props) {
  const [url, setUrl] = useState<string>();
  const [message, setMessage] = useState<string>();

  const download = async () => {
    if (!range) return;
    try {
      const blob = await api.calendarFile({ ...apiRange(range.start, range.end), ...filterQuery(filters) });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'upgrade-schedule.ics';
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const subscribe = () => api.subscribe().then((r) => setUrl(r.url), (err: Error) => setMessage(err.message));
  const revoke = () =>
    api.unsubscribe().then(
      () => {
        setUrl(undefined);
        setMessage('The subscription URL is revoked: calendars using it stop updating.');
      },
      (err: Error) => setMessage(err.message),
    );

  return (
    <Popover trapFocus>
      <PopoverTrigger disableButtonEnhancement>
        <Button size="small">Calendar</Button>
      </PopoverTrigger>
      <PopoverSurface aria-label="Calendar export" className="ud-links">
        <Button appearance="primary" onClick={() => void download()} disabled={!range}>
          Download .ics (this range)
        </Button>
        {url ? (
          <>
            <Field label="Subscription URL (keep it secret)">
              <Input readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            </Field>
            <Button onClick={() => void navigator.clipboard?.writeText(url)}>Copy</Button>
            <Button appearance="subtle" onClick={() => void revoke()}>
              Revoke
            </Button>
          </>
        ) : (
          <Button onClick={() => void subscribe()}>Get a subscription URL for Outlook</Button>
        )}
        {message && (
          <Text as="p" size={200}>
            {message}
          </Text>
        )}
      </PopoverSurface>
    </Popover>
  );
}
