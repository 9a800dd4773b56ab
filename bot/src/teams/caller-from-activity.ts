import type { Activity } from 'botbuilder';

/** The person behind an activity, as Teams names them: tenant, AAD object id, display name. */
export function callerFromActivity(activity: Activity): { tenantId: string; aadObjectId: string; name: string } {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  return {
    tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? '',
    aadObjectId: activity.from?.aadObjectId ?? '',
    name: activity.from?.name ?? 'Someone',
  };
}
