import { buildWindowsCard } from '../../cards/windows-card';
import { UpgradeDeskError } from '../../domain/errors';
import { showWindows } from '../../usecases/show-windows';
import { clientAndVersion } from '../command-parser';
import { staffAndClients } from './audience';
import type { CommandSpec } from './reply';

export const windowsCommand: CommandSpec = {
  name: 'windows',
  usage: 'windows {client} [version]',
  description: 'The next available upgrade windows for a client, in its time zone and in UTC.',
  audience: staffAndClients,
  async run(deps, caller, command) {
    const { clientQuery, version } = clientAndVersion(command);
    if (!clientQuery) throw new UpgradeDeskError('bad_input', 'Say which client: windows {client}, e.g. "windows Contoso".');
    const result = await showWindows(deps, caller, clientQuery, version);
    return {
      summary: `Next upgrade windows for ${result.client.name}`,
      card: buildWindowsCard({
        clientName: result.client.name,
        timeZone: result.client.timeZone,
        kind: result.release?.kind ?? 'minor',
        version: result.release?.version,
        windows: result.windows,
      }),
    };
  },
};
