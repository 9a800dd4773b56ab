import { card, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { formatCalendarDate, subtle, when } from './card-parts';
import { execute, inputIds } from './verbs';
import type { SelfServiceScheduleView } from '../usecases/views/self-service-schedule-view';

export type { SelfServiceScheduleView } from '../usecases/views/self-service-schedule-view';

/** The client's IT admin picks when to run a self-service upgrade. */
export function buildSelfServiceScheduleCard(view: SelfServiceScheduleView): AdaptiveCard {
  const body: CardElement[] = [
    title(`When will you run the ${view.version} upgrade?`),
    subtle(`${view.clientName} · ${view.upgradeId} · self-service`),
    ...(view.error ? [text(view.error, { color: 'Attention' })] : []),
    text(`Times are in ${view.timeZone}.`, { weight: 'Bolder' }),
    {
      type: 'Input.Date',
      id: inputIds.date,
      label: `Date (${view.timeZone})`,
      min: view.earliestDate,
      isRequired: true,
      errorMessage: `Pick a date on or after ${formatCalendarDate(view.earliestDate)}.`,
      ...(view.date ? { value: view.date } : {}),
    },
    {
      type: 'Input.Time',
      id: inputIds.time,
      label: `Start time (${view.timeZone})`,
      isRequired: true,
      errorMessage: 'Pick a start time.',
      value: view.time ?? '09:00',
    },
    text(
      `Any day and start time will do, at least ${view.leadTimeInDays} days ahead: the earliest date is ${formatCalendarDate(view.earliestDate)}. ` +
        'Blackout dates cannot be picked, and the vendor puts a standby engineer on call for the day, so a day whose standby is full is refused.',
      { isSubtle: true },
    ),
  ];
  return card(body, [execute('Schedule the upgrade', { verb: 'selfservice.schedule', upgradeId: view.upgradeId, v: view.v }, { style: 'positive' })]);
}
