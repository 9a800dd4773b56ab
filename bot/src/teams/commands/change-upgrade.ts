import { buildTicketCard } from '../../cards/ticket-card';
import { UpgradeDeskError } from '../../domain/errors';
import { parseCommunication } from '../../domain/event-names';
import type { UpgradeEvent } from '../../domain/lifecycle';
import { applyUpgradeEvent } from '../../usecases/apply-event';
import type { Caller, Deps } from '../../usecases/context';
import { ticketView, viewerRole } from '../../usecases/upgrade-views';
import { reschedulePicker } from '../card-actions/progress-actions';
import { asksToConfirmEarlyStart, earlyStartConfirmation } from '../early-start';
import type { CommandSpec, Reply } from './reply';

/** Applies an event and answers with the updated ticket card. */
async function applyAndShow(deps: Deps, caller: Caller, id: string, event: UpgradeEvent): Promise<Reply> {
  const applied = await applyUpgradeEvent(deps, caller.identity, 'chat', id, event);
  const view = ticketView(applied.upgrade, applied.client, applied.release, viewerRole(caller.identity, applied.client), applied.transition.audit.at(-1), deps.scheduleLink);
  return { summary: `${applied.upgrade.value.id} updated`, card: buildTicketCard(view) };
}

export const cancelCommand: CommandSpec = {
  name: 'cancel',
  usage: 'cancel {CHG-id} {reason}',
  description: 'Cancel an upgrade that has not started, with the reason (CSA or implementation lead).',
  audience: { staff: ['csa', 'implementation_lead'] },
  async run(deps, caller, command) {
    const [id, ...reason] = command.args;
    if (!id || reason.length === 0) throw new UpgradeDeskError('bad_input', 'Say which upgrade and why: cancel {CHG-id} {reason}.');
    return applyAndShow(deps, caller, id, { type: 'cancel', reason: reason.join(' ') });
  },
};

export const rescheduleCommand: CommandSpec = {
  name: 'reschedule',
  usage: 'reschedule {CHG-id} [reason]',
  description: 'Propose new windows for a booked upgrade; it keeps its window until you send them (CSA or implementation lead).',
  audience: { staff: ['csa', 'implementation_lead'] },
  async run(deps, caller, command) {
    const [id, ...reason] = command.args;
    if (!id) throw new UpgradeDeskError('bad_input', 'Say which upgrade: reschedule {CHG-id} [reason].');
    // Only the picker, as the card's Reschedule button gives: nothing is released until new windows are sent.
    return { summary: `Pick new windows for ${id.toUpperCase()}`, card: await reschedulePicker(deps, caller.identity, id, reason.join(' ') || undefined) };
  },
};

export const eventCommand: CommandSpec = {
  name: 'event',
  usage: 'event {CHG-id} {event} [note]',
  description: 'Post upgrade progress (engineers; owners, for a self-service upgrade): start, instance-start ... complete, or "overrun {reason}".',
  audience: { staff: ['engineer'], owners: true },
  async run(deps, caller, command) {
    const [id, name, ...rest] = command.args;
    if (!id || !name) throw new UpgradeDeskError('bad_input', 'Say which upgrade and event: event {CHG-id} {event}, e.g. "event CHG-2026-0001 start".');
    if (name.toLowerCase() === 'overrun') {
      if (rest.length === 0) throw new UpgradeDeskError('bad_input', 'Say why it will overrun: event {CHG-id} overrun {reason}.');
      return applyAndShow(deps, caller, id, { type: 'overrun', reason: rest.join(' ') });
    }
    const communication = parseCommunication(name);
    if (!communication.ok) throw communication.error;
    const note = rest.join(' ') || undefined;
    try {
      return await applyAndShow(deps, caller, id, { type: 'communicate', communication: communication.value, note });
    } catch (err) {
      // A start before the window is confirmed on a card, with the reason.
      if (!asksToConfirmEarlyStart(err)) throw err;
      return { summary: `Confirm the early start of ${id.toUpperCase()}`, card: await earlyStartConfirmation(deps, caller.identity, id, err, note) };
    }
  },
};
