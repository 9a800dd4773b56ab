/** What the self service schedule card shows: built by the use cases, drawn by bot/src/cards. */
export interface SelfServiceScheduleView {
  upgradeId: string;
  /** The upgrade's ETag, echoed back as `v`. */
  v: string;
  clientName: string;
  version: string;
  timeZone: string;
  leadTimeInDays: number;
  /** The first local date (yyyy-MM-dd) the lead time allows. */
  earliestDate: string;
  /** What was picked before, when the card comes back with an error. */
  date?: string;
  time?: string;
  error?: string;
}
