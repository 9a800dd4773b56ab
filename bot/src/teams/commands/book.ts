import { buildBookingPickerCard } from '../../cards/booking-picker-card';
import { UpgradeDeskError } from '../../domain/errors';
import { startBooking } from '../../usecases/book-upgrade';
import { clientAndVersion } from '../command-parser';
import type { CommandSpec } from './reply';

export const bookCommand: CommandSpec = {
  name: 'book',
  usage: 'book {client} {version}',
  description: 'Pick one to three upgrade windows and send them to the client\'s owners (CSA or implementation lead).',
  audience: { staff: ['csa', 'implementation_lead'] },
  async run(deps, caller, command) {
    const { clientQuery, version } = clientAndVersion(command);
    if (!clientQuery || !version)
      throw new UpgradeDeskError('bad_input', 'Say which client and release: book {client} {version}, e.g. "book Contoso 5.0".');
    const options = await startBooking(deps, caller.identity, clientQuery, version);
    return {
      summary: `Pick windows for ${options.client.name}`,
      card: buildBookingPickerCard({
        clientId: options.client.id,
        clientName: options.client.name,
        timeZone: options.client.timeZone,
        version: options.release.version,
        kind: options.release.kind,
        windows: options.windows,
        notice: options.existing?.state === 'proposed' ? `${options.existing.id} already has windows proposed; sending new ones replaces them.` : undefined,
      }),
    };
  },
};
