import { card, text, title, type AdaptiveCard } from './adaptive-card';
import { instantInZoneAndUtc, subtle } from './card-parts';

export interface EnvironmentNoticeView {
  variant: 'offline' | 'online';
  clientName: string;
  version: string;
  upgradeId: string;
  timeZone: string;
  /** When the upgrade started (offline) or completed or was rolled back (online). */
  at: string;
  /** online after a No-Go: the upgrade was rolled back, not completed. */
  rolledBack?: boolean;
  /** offline, corrected in place once the environment is back: when it came back online. */
  backOnlineAt?: string;
}

/** The environment going offline at upgrade start, and online again at completion. */
export function buildEnvironmentNoticeCard(view: EnvironmentNoticeView): AdaptiveCard {
  const when = instantInZoneAndUtc(view.at, view.timeZone);
  if (view.variant === 'offline' && view.backOnlineAt) {
    // The offline notice, corrected in place: it no longer promises a post that has been made, and
    // it does not repeat the back-online post either; it says what it was.
    const back = instantInZoneAndUtc(view.backOnlineAt, view.timeZone);
    return card([
      title('The environment was offline for its upgrade'),
      text(`It was offline for the upgrade to ${view.version} until ${back}${view.rolledBack ? ' (rolled back)' : ''}: see the back-online notice below.`, { isSubtle: true }),
      subtle(`${view.clientName} · ${view.upgradeId}`),
    ]);
  }
  return view.variant === 'offline'
    ? card([
        title('The environment is offline for its upgrade'),
        text(`The upgrade to ${view.version} started ${when}. We will post here when it is back online.`, { color: 'Warning' }),
        subtle(`${view.clientName} · ${view.upgradeId}`),
      ])
    : card([
        title('The environment is back online'),
        view.rolledBack
          ? text(`The upgrade to ${view.version} was rolled back ${when}; it will be rescheduled.`, { color: 'Warning' })
          : text(`The upgrade to ${view.version} completed ${when}.`, { color: 'Good' }),
        subtle(`${view.clientName} · ${view.upgradeId}`),
      ]);
}
