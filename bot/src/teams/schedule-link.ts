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

/** The Schedule tab's pages that open an upgrade by `?upgrade=` (bot/src/api/tab-files.ts serves both). */
const tabPage = /\/tab(\/schedule)?\/?$/;
/** The hosts of Teams deep links. */
const teamsHosts = ['teams.microsoft.com', 'teams.cloud.microsoft'];
/** A Teams deep link to an app's static tab: /l/entity/<app id>/<entity id>. */
const deepLinkPath = /^\/l\/entity\/[^/]+\/([^/]+)\/?$/;

/**
 * The change id a link to the Schedule tab opens, as the text it carries (not checked as a change
 * id): the tab's own URL, `<base>/tab?upgrade=CHG-...` or `<base>/tab/schedule?upgrade=CHG-...`,
 * or a Teams deep link to the Schedule tab whose context's `subEntityId` is the change id. The
 * inverse of scheduleLinkFor; undefined for any other link.
 */
export function upgradeIdInLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const deepLink = deepLinkPath.exec(url.pathname);
  if (teamsHosts.includes(url.hostname.toLowerCase()) && deepLink) {
    return deepLink[1] === scheduleTabEntityId ? subEntityIdOf(url.searchParams.get('context')) : undefined;
  }
  if (!tabPage.test(url.pathname)) return undefined;
  return url.searchParams.get('upgrade')?.trim() || undefined;
}

function subEntityIdOf(context: string | null): string | undefined {
  if (!context) return undefined;
  try {
    const parsed = JSON.parse(context) as unknown;
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { subEntityId?: unknown }).subEntityId : undefined;
    return typeof id === 'string' && id.trim() ? id.trim() : undefined;
  } catch {
    return undefined;
  }
}
