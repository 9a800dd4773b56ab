import { stateLabel, windowSummary, type UpgradeRow } from './upgrades-card';

/** The one-line preview of an upgrade among search results or in a link's place: a thumbnail card's title and text. */
export interface UpgradePreview {
  /** "CHG-2026-0001 · Contoso → 5.0" */
  title: string;
  /** "Booked · Fri 4 Dec 2026 18:00-24:00 GMT (...)" */
  text: string;
}

export function upgradePreview({ upgrade, clientName, timeZone }: UpgradeRow): UpgradePreview {
  return {
    title: `${upgrade.id} · ${clientName} → ${upgrade.toVersion}`,
    text: `${stateLabel(upgrade.state)} · ${windowSummary(upgrade, timeZone)}`,
  };
}
