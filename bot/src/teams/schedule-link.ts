import type { ScheduleLink } from '../usecases/views/ticket-view';

/** The schedule tab's `entityId` among the manifest's static tabs (manifest/manifest.template.json). */
export const scheduleTabEntityId = 'schedule';

export interface ScheduleLinkOptions {
  /** The Teams app id (the manifest's `id`): links are Teams deep links to the static tab. */
  teamsAppId?: string;
  /** Without an app id: this server's public address (its `/tab` opens the upgrade with `?upgrade=`); undefined gives no link. */
  baseUrl: () => string | undefined;
}

/**
 * Where "Open in schedule" goes for an upgrade. In Teams: a deep link to the personal Schedule
 * tab whose context's `subEntityId` is the change id (the tab reads it as `page.subPageId`).
 * Without a Teams app id (locally, the Playground): the tab's own URL, `/tab?upgrade=CHG-...`.
 */
export function scheduleLinkFor(options: ScheduleLinkOptions): ScheduleLink {
  const { teamsAppId } = options;
  if (teamsAppId) {
    const base = `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${scheduleTabEntityId}`;
    return (upgradeId) => `${base}?context=${encodeURIComponent(JSON.stringify({ subEntityId: upgradeId }))}`;
  }
  return (upgradeId) => {
    const base = options.baseUrl();
    return base ? `${base.replace(/\/+$/, '')}/tab?upgrade=${encodeURIComponent(upgradeId)}` : undefined;
  };
}
