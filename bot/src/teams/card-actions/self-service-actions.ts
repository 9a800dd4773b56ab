import { buildRunbookCard } from '../../cards/runbook-card';
import { buildSelfServiceScheduleCard } from '../../cards/self-service-schedule-card';
import { buildTicketCard } from '../../cards/ticket-card';
import { inputIds } from '../../cards/verbs';
import { isUpgradeDeskError, UpgradeDeskError } from '../../domain/errors';
import { describeUpgrade } from '../../usecases/describe-upgrade';
import { scheduleSelfService, tickRunbookStep } from '../../usecases/self-service';
import { field, optionalField } from './action-data';
import type { CardActionHandlers } from './handler';

export const selfServiceActions: CardActionHandlers = {
  'selfservice.schedule': async (deps, principal, { data }) => {
    const upgradeId = field(data, 'upgradeId');
    const date = optionalField(data, inputIds.date) ?? '';
    const time = optionalField(data, inputIds.time) ?? '';
    try {
      await scheduleSelfService(deps, principal, 'chat', upgradeId, date, time, optionalField(data, 'v'));
    } catch (err) {
      // A refused time comes back on the same card, next to the inputs, with what was picked.
      const described = await describeUpgrade(deps, principal, upgradeId);
      if (!isUpgradeDeskError(err) || !described.schedule) throw err;
      return buildSelfServiceScheduleCard({ ...described.schedule, date, time, error: err.userMessage });
    }
    const described = await describeUpgrade(deps, principal, upgradeId);
    return buildTicketCard(described.ticket);
  },

  'runbook.tick': async (deps, principal, { data }) => {
    const step = Number(data.step);
    if (!Number.isInteger(step)) throw new UpgradeDeskError('bad_input', 'This card named no runbook step.');
    const upgradeId = field(data, 'upgradeId');
    await tickRunbookStep(deps, principal, 'chat', upgradeId, step);
    const described = await describeUpgrade(deps, principal, upgradeId);
    if (!described.runbook) throw new UpgradeDeskError('invalid_transition', 'This upgrade has no runbook checklist now.');
    return buildRunbookCard(described.runbook);
  },
};
