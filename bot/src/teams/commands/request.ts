import { buildTicketCard } from '../../cards/ticket-card';
import { UpgradeDeskError } from '../../domain/errors';
import { versionPattern } from '../../domain/release';
import { requestUpgrade } from '../../usecases/request-upgrade';
import { ticketView, viewerRole } from '../../usecases/upgrade-views';
import type { CommandSpec } from './reply';

export const requestCommand: CommandSpec = {
  name: 'request',
  usage: 'request upgrade {version} [self-service]',
  description: 'Ask your CSA for an upgrade to a release (client owners); add "self-service" to run the runbook yourselves.',
  audience: { owners: true },
  async run(deps, caller, command) {
    const [what, version, mode] = command.args;
    if (what?.toLowerCase() !== 'upgrade' || !version || !versionPattern.test(version))
      throw new UpgradeDeskError('bad_input', 'Say which release: request upgrade {version}, e.g. "request upgrade 5.0".');
    if (mode && mode.toLowerCase() !== 'self-service')
      throw new UpgradeDeskError('bad_input', `"${mode}" is not a mode; add "self-service" or nothing.`);
    const applied = await requestUpgrade(deps, caller.identity, 'chat', version, mode ? 'self_service' : 'managed');
    const view = ticketView(applied.upgrade, applied.client, applied.release, viewerRole(caller.identity, applied.client), applied.transition.audit[0], deps.scheduleLink);
    return { summary: `Requested ${applied.upgrade.value.id}`, card: buildTicketCard(view) };
  },
};
