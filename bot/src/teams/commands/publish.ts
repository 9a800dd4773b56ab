import { buildReleaseFormCard } from '../../cards/release-form-card';
import { UpgradeDeskError } from '../../domain/errors';
import type { CommandSpec } from './reply';

export const publishCommand: CommandSpec = {
  name: 'publish',
  usage: 'publish release',
  description: 'A form to publish a release and announce its townhall to every client (release managers).',
  audience: { staff: ['release_manager'] },
  async run(_deps, caller, command) {
    if (command.args[0]?.toLowerCase() !== 'release') throw new UpgradeDeskError('bad_input', 'Type "publish release" for the release form.');
    const id = caller.identity;
    if (id.kind !== 'staff' || !id.staff.roles.includes('release_manager'))
      throw new UpgradeDeskError('forbidden', 'Only the vendor\'s release managers publish releases.');
    return { summary: 'Publish a release', card: buildReleaseFormCard({}) };
  },
};
