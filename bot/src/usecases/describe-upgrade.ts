import type { BookingPickerView } from './views/booking-picker-view';
import type { DecisionView } from './views/decision-view';
import type { ProposalView } from './views/proposal-view';
import type { ReadinessView } from './views/readiness-view';
import type { RunbookView } from './views/runbook-view';
import type { SelfServiceScheduleView } from './views/self-service-schedule-view';
import type { TicketView } from './views/ticket-view';
import { upgradeContactId, type Client } from '../domain/client';
import type { AuditEntry } from '../domain/audit';
import { upgradeContact } from '../domain/staff';
import { isCommunication } from '../domain/upgrade';
import type { Principal } from '../domain/permissions';
import type { Deps } from './context';
import { loadUpgrade, type LoadedUpgrade } from './load-upgrade';
import { availableWindows } from './book-upgrade';
import { earliestSelfServiceDate } from './self-service';
import { decisionView, proposalView, readinessView, runbookView, ticketView, viewerRole } from './upgrade-views';

export interface UpgradeDescription {
  loaded: LoadedUpgrade;
  ticket: TicketView;
  /** The card the viewer can act on now, if any. */
  proposal?: ProposalView;
  readiness?: ReadinessView;
  decision?: DecisionView;
  runbook?: RunbookView;
  /** For the CSA when windows are to be proposed: the next available ones to pick from. */
  booking?: BookingPickerView;
  schedule?: SelfServiceScheduleView;
}

/** Everything a viewer sees of an upgrade now: its ticket and the card to act on, in the viewer's role. */
export async function describeUpgrade(deps: Deps, principal: Principal, upgradeId: string, viewerId?: string): Promise<UpgradeDescription> {
  const loaded = await loadUpgrade(deps, principal, upgradeId);
  const { upgrade, client, release } = loaded;
  const viewer = viewerRole(principal, client);
  const audit = await deps.stores.upgrades.listAudit(upgrade.value.id);
  const description: UpgradeDescription = { loaded, ticket: ticketView(upgrade, client, release, viewer, audit.at(-1), deps.scheduleLink) };
  const state = upgrade.value.state;
  if (state === 'proposed' && upgrade.value.proposedWindows.length)
    description.proposal = proposalView(upgrade, client, release, viewer, viewer === 'owner' ? { contact: await findUpgradeContact(deps, client) } : {});
  if ((state === 'booked' || state === 'ready') && release.kind === 'major') description.readiness = readinessView(upgrade, client, release, viewer);
  if (upgrade.value.decision && (state === 'awaiting_decision' || state === 'rolling_back'))
    description.decision = decisionView(upgrade.value, client, viewer, viewerId ?? (principal.kind === 'owner' ? principal.aadObjectId : undefined));
  const toPropose = state === 'requested' || (state === 'proposed' && upgrade.value.proposedWindows.length === 0);
  if (toPropose && viewer === 'csa' && upgrade.value.mode === 'managed')
    description.booking = {
      clientId: client.id, clientName: client.name, timeZone: client.timeZone, version: release.version, kind: release.kind,
      windows: await availableWindows(deps, client, release),
    };
  if (upgrade.value.mode === 'self_service') {
    const standby = upgrade.value.standbyEngineerId ? await deps.stores.staff.get(upgrade.value.standbyEngineerId) : undefined;
    if (standby) description.ticket.standbyEngineer = standby.name;
    if (['booked', 'ready', 'in_progress'].includes(state)) description.runbook = runbookView(upgrade.value, client, release, viewer, standby);
    if ((state === 'requested' || state === 'proposed') && (viewer === 'owner' || viewer === 'csa'))
      description.schedule = {
        upgradeId: upgrade.value.id, v: upgrade.etag, clientName: client.name, version: release.version, timeZone: client.timeZone,
        leadTimeInDays: client.windowPolicy.leadTimeInDays, earliestDate: earliestSelfServiceDate(deps.clock.now(), client.timeZone, client.windowPolicy.leadTimeInDays),
      };
  }
  return description;
}

/** Who the client's owners ask for help with an upgrade: its CSA or implementation lead, if on record. */
export async function findUpgradeContact(deps: Deps, client: Client) {
  const person = await deps.stores.staff.get(upgradeContactId(client));
  return person ? upgradeContact(client, [person]) : undefined;
}

/**
 * A formal communication as the audit log holds it, found by the communication and its time: what
 * its reply in the ticket thread is rebuilt from (with the upgrade as it is now). No entry when the
 * log has no such communication at that time.
 */
export async function findCommunication(
  deps: Deps, principal: Principal, upgradeId: string, communication: string, at: string,
): Promise<LoadedUpgrade & { entry?: AuditEntry }> {
  const loaded = await loadUpgrade(deps, principal, upgradeId);
  const when = Date.parse(at);
  const audit = await deps.stores.upgrades.listAudit(loaded.upgrade.value.id);
  return { ...loaded, entry: audit.find((e) => e.action === communication && isCommunication(e.action) && Date.parse(e.at) === when) };
}
