import { buildBookingConfirmationCard } from '../../cards/booking-confirmation-card';
import { buildBookingPickerCard } from '../../cards/booking-picker-card';
import { buildProposalCard } from '../../cards/proposal-card';
import { inputIds } from '../../cards/verbs';
import { acceptWindow } from '../../usecases/accept-window';
import { applyUpgradeEvent } from '../../usecases/apply-event';
import { proposeWindows, startBooking } from '../../usecases/book-upgrade';
import { findUpgradeContact } from '../../usecases/describe-upgrade';
import { loadUpgrade } from '../../usecases/load-upgrade';
import { rescheduleUpgrade } from '../../usecases/reschedule-upgrade';
import { proposalView, viewerRole } from '../../usecases/upgrade-views';
import { field, optionalField } from './action-data';
import type { CardActionHandlers } from './handler';

export const proposalActions: CardActionHandlers = {
  'proposal.send': async (deps, principal, { data }) => {
    const startsAt = (optionalField(data, inputIds.windows) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const rescheduling = optionalField(data, 'upgradeId');
    if (rescheduling) {
      // New windows for a booked upgrade: sending them is what gives the booked window up.
      const applied = await rescheduleUpgrade(deps, principal, 'chat', {
        upgradeId: rescheduling, reason: optionalField(data, 'rescheduleReason') ?? 'Rescheduled by the CSA', startsAt,
      });
      return buildProposalCard(proposalView(applied.upgrade, applied.client, applied.release, 'readonly', {
        notice: `Sent to ${applied.client.name}'s owners; ${applied.upgrade.value.id} no longer holds its old window.`,
      }));
    }
    const applied = await proposeWindows(deps, principal, 'chat', { clientId: field(data, 'clientId'), version: field(data, 'version'), startsAt });
    return buildProposalCard(proposalView(applied.upgrade, applied.client, applied.release, 'readonly', {
      notice: `Sent to ${applied.client.name}'s owners as ${applied.upgrade.value.id}.`,
    }));
  },

  'proposal.accept': async (deps, principal, { data }) => {
    const outcome = await acceptWindow(deps, principal, 'chat', field(data, 'upgradeId'), field(data, 'startsAt'));
    if (!outcome.booked) {
      const { upgrade, client, release } = await loadUpgrade(deps, principal, outcome.upgradeId);
      const viewer = viewerRole(principal, client);
      const contact = viewer === 'owner' ? await findUpgradeContact(deps, client) : undefined;
      return buildProposalCard(proposalView(upgrade, client, release, viewer, { notice: outcome.reason, contact }));
    }
    const { upgrade, client, release } = outcome.applied;
    return buildBookingConfirmationCard({
      upgradeId: upgrade.value.id, clientName: client.name, timeZone: client.timeZone, mode: upgrade.value.mode,
      window: upgrade.value.window!, release, bookedBy: principal.kind === 'owner' ? principal.name : undefined,
    });
  },

  'proposal.decline': async (deps, principal, { data }) => {
    const comment = field(data, inputIds.comment, 'why none of the windows suit');
    const applied = await applyUpgradeEvent(deps, principal, 'chat', field(data, 'upgradeId'), { type: 'decline_proposal', comment }, { expectedEtag: optionalField(data, 'v') });
    return buildProposalCard(proposalView(applied.upgrade, applied.client, applied.release, 'readonly', {
      declined: { comment, by: principal.kind === 'owner' ? principal.name : 'an owner' },
      notice: 'Your CSA has been asked for other windows.',
    }));
  },

  'proposal.more': async (deps, principal, { data }) => {
    const { upgrade, client } = await loadUpgrade(deps, principal, field(data, 'upgradeId'));
    const options = await startBooking(deps, principal, client.id, upgrade.value.toVersion);
    return buildBookingPickerCard({
      clientId: client.id, clientName: client.name, timeZone: client.timeZone, version: options.release.version,
      kind: options.release.kind, windows: options.windows, notice: `New windows for ${upgrade.value.id}; sending replaces the current proposal.`,
    });
  },
};
