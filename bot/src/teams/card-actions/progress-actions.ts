import { TZDate } from '@date-fns/tz';
import { buildBookingPickerCard } from '../../cards/booking-picker-card';
import type { ViewerRole } from '../../cards/card-parts';
import { buildCommunicationCard, communicationViewOf, noGoClosedNote, type CommunicationView } from '../../cards/communication-card';
import { buildTicketCard } from '../../cards/ticket-card';
import { inputIds } from '../../cards/verbs';
import { isUpgradeDeskError, UpgradeDeskError } from '../../domain/errors';
import type { Principal } from '../../domain/permissions';
import type { UpgradeEvent } from '../../domain/lifecycle';
import type { Communication } from '../../domain/upgrade';
import { actorOf } from '../../usecases/actor';
import { applyUpgradeEvent } from '../../usecases/apply-event';
import { describeUpgrade, findCommunication } from '../../usecases/describe-upgrade';
import { loadUpgrade } from '../../usecases/load-upgrade';
import type { Deps } from '../../usecases/context';
import { startReschedule } from '../../usecases/reschedule-upgrade';
import { ticketView, viewerRole } from '../../usecases/upgrade-views';
import { asksToConfirmEarlyStart, earlyStartConfirmation } from '../early-start';
import { field, optionalField } from './action-data';
import type { CardActionHandlers } from './handler';

const communications: readonly Communication[] = [
  'upgrade_start', 'instance_start', 'instance_complete', 'instance_failure', 'instance_retry_start', 'validation_start',
  'validation_complete', 'validation_failure', 'validation_retry_start', 'upgrade_complete', 'rollback_start', 'rollback_complete',
];

function communicationOf(data: Record<string, unknown>, name: string): Communication {
  const c = data[name];
  if (typeof c !== 'string' || !communications.includes(c as Communication)) throw new UpgradeDeskError('bad_input', 'This card named an unknown upgrade event.');
  return c as Communication;
}

/** "2026-12-04" + "21:30" in the client's zone, as an instant. */
export function localInstant(date: string, time: string, timeZone: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) throw new UpgradeDeskError('bad_input', 'Give the new ETA as a date and a time.');
  return new Date(new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, 0, timeZone).getTime()).toISOString();
}

async function applyAndShowTicket(deps: Deps, principal: Principal, upgradeId: string, event: UpgradeEvent, expectedEtag?: string) {
  const applied = await applyUpgradeEvent(deps, principal, 'chat', upgradeId, event, { expectedEtag });
  return buildTicketCard(ticketView(applied.upgrade, applied.client, applied.release, viewerRole(principal, applied.client), applied.transition.audit.at(-1), deps.scheduleLink));
}

/**
 * A formal communication's post in the ticket thread as it reads now, found by its time in the audit
 * log; `viewer` is whose view (by default the clicker's). Undefined when the log has no such post.
 */
export async function communicationPost(
  deps: Deps, principal: Principal, upgradeId: string, communication: string, at: string, viewer?: ViewerRole,
): Promise<CommunicationView | undefined> {
  const { upgrade, client, entry } = await findCommunication(deps, principal, upgradeId, communication, at);
  return entry && communicationViewOf(upgrade.value, client.timeZone, entry, viewer ?? viewerRole(principal, client));
}

/** The windows to offer in place of a booked one, for `reschedule` and the Reschedule button alike. */
export async function reschedulePicker(deps: Deps, principal: Principal, upgradeId: string, reason?: string) {
  const { loaded, windows } = await startReschedule(deps, principal, upgradeId);
  const { client, release, upgrade } = loaded;
  return buildBookingPickerCard({
    clientId: client.id, clientName: client.name, timeZone: client.timeZone, version: release.version, kind: release.kind, windows,
    reschedule: { upgradeId: upgrade.value.id, reason: reason ?? 'Rescheduled by the CSA', window: upgrade.value.window },
  });
}

export const progressActions: CardActionHandlers = {
  'upgrade.event': async (deps, principal, { data }) => {
    const upgradeId = field(data, 'upgradeId');
    const note = optionalField(data, inputIds.note);
    try {
      return await applyAndShowTicket(deps, principal, upgradeId, {
        type: 'communicate', communication: communicationOf(data, 'communication'), note, earlyStartReason: optionalField(data, inputIds.earlyStartReason),
      }, optionalField(data, 'v'));
    } catch (err) {
      // A start before the window: the ticket card gives way to a confirmation that asks why.
      if (asksToConfirmEarlyStart(err)) return earlyStartConfirmation(deps, principal, upgradeId, err, note);
      throw err;
    }
  },

  'upgrade.overrun': async (deps, principal, { data }) => {
    const upgradeId = field(data, 'upgradeId');
    const reason = field(data, inputIds.reason, 'why it will overrun');
    const date = optionalField(data, inputIds.etaDate);
    const time = optionalField(data, inputIds.etaTime);
    let newEta: string | undefined;
    if (date || time) {
      // The ETA is typed in the client's time zone; an upgrade's client never changes, so the version last seen will do.
      const { client } = await loadUpgrade(deps, principal, upgradeId, { recent: true });
      newEta = localInstant(date ?? '', time ?? '', client.timeZone);
    }
    return applyAndShowTicket(deps, principal, upgradeId, { type: 'overrun', reason, newEta }, optionalField(data, 'v'));
  },

  'upgrade.nogo': async (deps, principal, { data }) => {
    const upgradeId = field(data, 'upgradeId');
    const inAnswerTo = communicationOf(data, 'inAnswerTo');
    const event = { type: 'no_go', inAnswerTo, comment: optionalField(data, inputIds.comment) } as const;
    const at = optionalField(data, 'at');
    // From the ticket card (or a post from before posts named their time): the ticket card as it is now.
    if (!at) return applyAndShowTicket(deps, principal, upgradeId, event);
    // From a formal communication's post in the thread: the answer replaces that post for everyone, so
    // it is that post again, as it reads now, with a line on what became of the No-Go.
    let notice: string | undefined;
    try {
      await applyUpgradeEvent(deps, principal, 'chat', upgradeId, event);
      notice = `No-Go given by ${actorOf(principal).name}: the environment will be rolled back.`;
    } catch (err) {
      // Too late for a No-Go (completed, cancelled, rolling back): the post loses its button and says why.
      // Any other refusal (not an owner, not found) is answered without touching the post.
      if (!isUpgradeDeskError(err) || err.code !== 'invalid_transition') throw err;
      const view = await communicationPost(deps, principal, upgradeId, inAnswerTo, at, 'owner');
      if (!view) throw err;
      return buildCommunicationCard({ ...view, notice: noGoClosedNote(view.state) });
    }
    const view = await communicationPost(deps, principal, upgradeId, inAnswerTo, at, 'owner');
    if (!view) return buildTicketCard((await describeUpgrade(deps, principal, upgradeId)).ticket);
    return buildCommunicationCard({ ...view, notice });
  },

  // Only the picker: the booking stands until the new windows are sent (proposal.send).
  'upgrade.reschedule': async (deps, principal, { data }) =>
    reschedulePicker(deps, principal, field(data, 'upgradeId'), optionalField(data, inputIds.reason)),
};
