import { buildBookingPickerCard } from '../../cards/booking-picker-card';
import { buildDecisionCard } from '../../cards/decision-card';
import { buildProposalCard } from '../../cards/proposal-card';
import { buildReadinessCard } from '../../cards/readiness-card';
import { buildRunbookCard } from '../../cards/runbook-card';
import { buildSelfServiceScheduleCard } from '../../cards/self-service-schedule-card';
import { buildTicketCard } from '../../cards/ticket-card';
import { UpgradeDeskError } from '../../domain/errors';
import { describeUpgrade } from '../../usecases/describe-upgrade';
import { staffAndClients } from './audience';
import type { CommandSpec } from './reply';

export const showCommand: CommandSpec = {
  name: 'show',
  usage: 'show {CHG-id}',
  description: 'An upgrade\'s ticket card, with the buttons you may use on it now.',
  audience: staffAndClients,
  async run(deps, caller, command) {
    const id = command.args[0];
    if (!id) throw new UpgradeDeskError('bad_input', 'Say which upgrade: show {CHG-id}, e.g. "show CHG-2026-0001". Type "upgrades" for the list.');
    const described = await describeUpgrade(deps, caller.identity, id);
    const more = [
      described.booking && buildBookingPickerCard(described.booking),
      described.proposal && buildProposalCard(described.proposal),
      described.readiness && buildReadinessCard(described.readiness),
      described.decision && buildDecisionCard(described.decision),
      described.schedule && buildSelfServiceScheduleCard(described.schedule),
      described.runbook && buildRunbookCard(described.runbook),
    ].filter((c) => c !== undefined);
    return { summary: `Upgrade ${described.loaded.upgrade.value.id}`, card: buildTicketCard(described.ticket), more };
  },
};
