import { buildReadinessCard } from '../../cards/readiness-card';
import { inputIds, prerequisiteInputId } from '../../cards/verbs';
import { UpgradeDeskError } from '../../domain/errors';
import { applyUpgradeEvent } from '../../usecases/apply-event';
import { loadUpgrade } from '../../usecases/load-upgrade';
import { readinessView, viewerRole } from '../../usecases/upgrade-views';
import { field, optionalField } from './action-data';
import type { CardActionHandler, CardActionHandlers } from './handler';

const readinessCard: CardActionHandler = async (deps, principal, { data }) => {
  const { upgrade, client, release } = await loadUpgrade(deps, principal, field(data, 'upgradeId'));
  const view = readinessView(upgrade, client, release, viewerRole(principal, client));
  if (!view) throw new UpgradeDeskError('invalid_transition', `${upgrade.value.id} has no booked window yet.`);
  return buildReadinessCard(view);
};

export const readinessActions: CardActionHandlers = {
  'prerequisites.save': async (deps, principal, input) => {
    const upgradeId = field(input.data, 'upgradeId');
    const { release } = await loadUpgrade(deps, principal, upgradeId);
    const ticked = release.prerequisites.filter((_, i) => input.data[prerequisiteInputId(i)] === 'true');
    if (ticked.length === 0) throw new UpgradeDeskError('bad_input', 'Tick the prerequisites that are done, then save.');
    let expectedEtag = optionalField(input.data, 'v');
    for (const prerequisite of ticked) {
      const applied = await applyUpgradeEvent(deps, principal, 'chat', upgradeId, { type: 'tick_prerequisite', prerequisite }, { expectedEtag });
      expectedEtag = applied.upgrade.etag;
    }
    return readinessCard(deps, principal, input);
  },

  'cab.record': async (deps, principal, input) => {
    const event = { type: 'record_cab' as const, approver: field(input.data, inputIds.approver, 'the approver'), reference: field(input.data, inputIds.reference, 'the CAB reference') };
    await applyUpgradeEvent(deps, principal, 'chat', field(input.data, 'upgradeId'), event, { expectedEtag: optionalField(input.data, 'v') });
    return readinessCard(deps, principal, input);
  },
};
