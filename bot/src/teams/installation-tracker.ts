import type { Activity } from 'botbuilder';
import { installationEvent, referenceFromActivity } from '../delivery/installation';
import { errorField, type Logger } from '../logging';
import type { ConversationDirectory } from '../usecases/ports';

/**
 * Keeps the conversation references current from what Teams sends: installs and sightings are
 * stored (a conversation marked inactive is active again), uninstalls and deleted channels mark
 * them inactive.
 */
export class InstallationTracker {
  constructor(
    private readonly directory: ConversationDirectory,
    private readonly log: Logger,
  ) {}

  async observe(activity: Activity): Promise<void> {
    try {
      const reference = referenceFromActivity(activity);
      if (!reference) return;
      const event = installationEvent(activity);
      if (event.kind === 'uninstalled') {
        if (event.teamId) await this.directory.markTeamInactive(reference.tenantId, event.teamId, 'The bot was removed from the team');
        else await this.directory.markInactive(reference.tenantId, reference.conversationId, 'The bot was uninstalled');
        return;
      }
      if (event.kind === 'channel_deleted') {
        await this.directory.markInactive(reference.tenantId, event.channelId, 'The channel was deleted');
        return;
      }
      if (event.kind === 'installed') await this.directory.upsert(reference);
      else await this.directory.sighted(reference);
    } catch (err) {
      // Tracking must never cost the person their answer; the next activity tries again.
      this.log.warn('installation not recorded', { tenantId: activity.conversation?.tenantId, conversationId: activity.conversation?.id, err: errorField(err) });
    }
  }
}
