import FullCalendar from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import listPlugin from '@fullcalendar/react/list';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { ScheduleItem } from '../api/client';
import { calendarEntries, type StateHue } from '../model/schedule-view';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';

const hueTokens: Record<StateHue, { color: string; contrast: string }> = {
  steel: { color: tokens.colorPaletteSteelBackground2, contrast: tokens.colorPaletteSteelForeground2 },
  marigold: { color: tokens.colorPaletteMarigoldBackground2, contrast: tokens.colorPaletteMarigoldForeground2 },
  blue: { color: tokens.colorPaletteBlueBackground2, contrast: tokens.colorPaletteBlueForeground2 },
  teal: { color: tokens.colorPaletteTealBackground2, contrast: tokens.colorPaletteTealForeground2 },
  grape: { color: tokens.colorPaletteGrapeBackground2, contrast: tokens.colorPaletteGrapeForeground2 },
  darkOrange: { color: tokens.colorPaletteDarkOrangeBackground2, contrast: tokens.colorPaletteDarkOrangeForeground2 },
  red: { color: tokens.colorPaletteRedBackground2, contrast: tokens.colorPaletteRedForeground2 },
  green: { color: tokens.colorPaletteGreenBackground2, contrast: tokens.colorPaletteGreenForeground2 },
  platinum: { color: tokens.colorPalettePlatinumBackground2, contrast: tokens.colorPalettePlatinumForeground2 },
};

interface Props {
  items: readonly ScheduleItem[];
  locale: string;
  /** The visible range changed (view or date): the page loads just that range. */
  onRange: (start: Date, end: Date) => void;
  onOpen: (upgradeId: string) => void;
}

/** Month, week and list views of the upgrade windows in the viewer's zone, coloured by state; proposed windows dashed. */
export function ScheduleCalendar({ items, locale, onRange, onOpen }: Props) {
  const events = useMemo(
    () =>
      calendarEntries(items).map((e) => ({
        id: e.id,
        title: e.title,
        start: e.start,
        end: e.end,
        color: hueTokens[e.hue].color,
        contrastColor: hueTokens[e.hue].contrast,
        className: `ud-event ud-state-${e.state}${e.tentative ? ' ud-tentative' : ''}`,
        extendedProps: { upgradeId: e.upgradeId },
      })),
    [items],
  );
  return (
    <section className="ud-calendar" aria-label="Calendar">
      <FullCalendar
        plugins={[dayGridPlugin, timeGridPlugin, listPlugin, classicThemePlugin]}
        initialView="dayGridMonth"
        headerToolbar={{ start: 'prev,next today', center: 'title', end: 'dayGridMonth,timeGridWeek,listMonth' }}
        buttons={{ today: { text: 'Today' }, month: { text: 'Month' }, week: { text: 'Week' }, list: { text: 'List' } }}
        locale={locale}
        firstDay={1}
        nowIndicator
        todayHint="Today"
        dayCellClass={(info) => (info.isToday ? 'ud-today' : '')}
        dayLaneClass={(info) => (info.isToday ? 'ud-today' : '')}
        eventDisplay="block"
        dayMaxEvents={4}
        height="auto"
        events={events}
        noEventsText="No upgrades in this range"
        datesSet={(info) => onRange(info.start, info.end)}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          onOpen(String(info.event.extendedProps.upgradeId));
        }}
        eventInteractive
      />
    </section>
  );
}
