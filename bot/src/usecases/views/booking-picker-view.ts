import type { ReleaseKind } from '../../domain/release';
import type { OfferedWindow, UpgradeWindow } from '../../domain/window';

/** What the booking picker card shows: built by the use cases, drawn by bot/src/cards. */
export interface BookingPickerView {
  clientId: string;
  clientName: string;
  timeZone: string;
  version: string;
  kind: ReleaseKind;
  /** The next available windows, soonest first. */
  windows: OfferedWindow[];
  /** Why the CSA is picking again, e.g. the owners' comment when none suited. */
  notice?: string;
  /** New windows for a booked upgrade: it keeps its window until they are sent. */
  reschedule?: { upgradeId: string; reason: string; window?: UpgradeWindow };
}
