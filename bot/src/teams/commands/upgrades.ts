import { buildUpgradesCard } from '../../cards/upgrades-card';
import { listUpgrades } from '../../usecases/list-upgrades';
import { staffAndClients } from './audience';
import type { CommandSpec } from './reply';

export const upgradesCommand: CommandSpec = {
  name: 'upgrades',
  usage: 'upgrades [client]',
  description: 'Upgrades with their state and window; all you can see, or one client\'s.',
  audience: staffAndClients,
  async run(deps, caller, command) {
    const listing = await listUpgrades(deps, caller, command.rest || undefined);
    const heading = listing.client
      ? `Upgrades for ${listing.client.name}`
      : listing.span
        ? `Upgrades from ${monthName(listing.span.from)} to ${monthName(new Date(Date.parse(listing.span.to) - 1).toISOString())}, and those not scheduled yet`
        : 'Upgrades';
    return {
      summary: heading,
      card: buildUpgradesCard({
        heading,
        rows: listing.rows.map((r) => ({ upgrade: r.upgrade, clientName: r.client.name, timeZone: r.client.timeZone })),
      }),
    };
  },
};

/** "November 2026": the UTC month of an instant (the schedule's months are UTC months). */
function monthName(instant: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(Date.parse(instant));
}
