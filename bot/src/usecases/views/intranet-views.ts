import type { Client } from '../../domain/client';
import { defaultFreezeMessage, freezeDays } from '../../domain/freeze-message';
import { contentFreezeApplies } from '../../domain/lifecycle';
import { describeOutage, type Release } from '../../domain/release';
import { formatCalendarDate, formatWindowInZoneAndUtc } from '../../domain/time-format';
import { activeStates, type Upgrade } from '../../domain/upgrade';
import type { CalendarEntry, FreezePost, ReleaseArticle } from '../intranet-ports';
import { stateLabels } from '../schedule-tab';

/** The upgrade's row in the client's "Upgrade calendar" list. */
export function calendarEntryOf(upgrade: Upgrade, client: Client, link?: string): CalendarEntry {
  const window = upgrade.window;
  return {
    changeId: upgrade.id,
    title: `${client.name}: upgrade to ${upgrade.toVersion}`,
    ...(window ? { startsAt: window.startsAt, endsAt: window.endsAt } : {}),
    state: stateLabels[upgrade.state],
    fromVersion: upgrade.fromVersion,
    toVersion: upgrade.toVersion,
    cancelled: upgrade.state === 'cancelled',
    ...(link ? { link } : {}),
  };
}

const running: readonly Upgrade['state'][] = ['in_progress', 'awaiting_decision', 'rolling_back'];

/**
 * The freeze post for the upgrade, when its release freezes content and it has (or had) an agreed
 * window: in force while booked, with the expected outages while it runs, lifted once completed
 * or cancelled. Undefined when there is no freeze to tell of (no window agreed, or none needed);
 * a post made for an earlier booking is then marked lifted by `liftedFreezePostOf`.
 */
export function freezePostOf(upgrade: Upgrade, client: Client, release: Release): FreezePost | undefined {
  const window = upgrade.window;
  if (!window || !contentFreezeApplies(release)) return undefined;
  const lifted = !activeStates.includes(upgrade.state);
  const days = freezeDays(window, client.timeZone);
  const message = defaultFreezeMessage({ clientName: client.name, version: upgrade.toVersion, timeZone: client.timeZone, window, outages: release.outages });
  const paragraphs = lifted
    ? [upgrade.state === 'cancelled' ? `The upgrade planned for ${days} was cancelled, so there is no content freeze. Work as normal.` : 'The upgrade is complete and the content freeze is over: you can upload content and edit workspaces and pages again.']
    : paragraphsOf(message);
  return {
    changeId: upgrade.id,
    title: lifted ? `Content freeze lifted (${days})` : `Content freeze on ${days}`,
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    when: formatWindowInZoneAndUtc(window, client.timeZone),
    paragraphs,
    outages: running.includes(upgrade.state) ? release.outages.map(describeOutage) : [],
    lifted,
  };
}

/** The message's paragraphs for a post: its subject is the post's title, so it goes. */
function paragraphsOf(message: string): string[] {
  return message
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p && !p.startsWith('Subject:'));
}

/** The release's article on the vendor's release-notes site. */
export function releaseArticleOf(release: Release): ReleaseArticle {
  return {
    version: release.version,
    title: `Release ${release.version}`,
    kind: release.kind,
    availability: `Available from ${formatCalendarDate(release.availableOn)}`,
    highlights: release.highlights,
    roadmap: release.roadmap,
    prerequisites: release.prerequisites,
    runbook: release.runbook.map((s) => `${s.title} (${s.runBy}, ${s.estimateInMinutes} min)`),
    outages: release.outages.map(describeOutage),
    contentFreezeAdvised: contentFreezeApplies(release),
    ...(release.townhall.recordingUrl ? { recordingUrl: release.townhall.recordingUrl } : {}),
    ...(release.townhall.deckUrl ? { deckUrl: release.townhall.deckUrl } : {}),
  };
}

/** After a reschedule (no window agreed yet): the earlier freeze post, if any, says the freeze is called off. */
export function calledOffFreezePostOf(upgrade: Upgrade, release: Release): FreezePost | undefined {
  if (upgrade.window || !contentFreezeApplies(release)) return undefined;
  return {
    changeId: upgrade.id,
    title: upgrade.state === 'cancelled' ? 'Content freeze cancelled' : 'Content freeze called off: upgrade rescheduled',
    paragraphs: [
      upgrade.state === 'cancelled'
        ? 'The upgrade was cancelled, so there is no content freeze. Work as normal.'
        : 'The upgrade was rescheduled: there is no content freeze for now. The new date will be announced here.',
    ],
    outages: [],
    lifted: true,
  };
}
