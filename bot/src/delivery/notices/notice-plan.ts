import type { AdaptiveCard } from '../../cards/adaptive-card';
import { buildBookingConfirmationCard } from '../../cards/booking-confirmation-card';
import { buildCommunicationCard, communicationViewOf, type CommunicationView } from '../../cards/communication-card';
import { buildDecisionCard } from '../../cards/decision-card';
import { buildEnvironmentNoticeCard } from '../../cards/environment-notice-card';
import { buildFreezeCommsTemplateCard } from '../../cards/freeze-comms-template-card';
import { buildFreezeNoticeCard, type FreezeNoticeVariant } from '../../cards/freeze-notice-card';
import { buildOutageNoticeCard } from '../../cards/outage-notice-card';
import { buildProposalCard } from '../../cards/proposal-card';
import { buildReadinessCard } from '../../cards/readiness-card';
import { buildTicketCard, decisionOutcomeBanner } from '../../cards/ticket-card';
import type { NoticeIntent } from '../../domain/notice';
import type { UpgradeContact } from '../../domain/staff';
import type { UpgradeWindow } from '../../domain/window';
import type { UpgradeChange, Versioned } from '../../usecases/ports';
import { decisionView, proposalView, readinessView, ticketView } from '../../usecases/upgrade-views';
import type { ScheduleLink } from '../../usecases/views/ticket-view';

/** Who a message is for: the ticket's thread, the client's notice channel, or people in their own chats. */
export type Audience = 'thread' | 'channel' | 'owners' | 'contact' | 'engineers';

/** One message to send (post), to correct in place (update), or either (upsert: the ticket's root). */
export interface PlannedMessage {
  noticeId: string;
  kind: string;
  audience: Audience;
  card: AdaptiveCard;
  mode: 'post' | 'update' | 'upsert';
  /** People (AAD object ids) left out of a personal-chat audience: they already got this card as the answer to their click. */
  exceptUserIds?: string[];
}

export interface PlanContext {
  change: UpgradeChange;
  /** The upgrade as stored, with its ETag (cards carry it to spot stale clicks). */
  etag: string;
  /** How many people acknowledged a notice so far. */
  acknowledgements: (noticeId: string) => number;
  /** The owners' Teams ids (those known from their chats with the bot): posted cards refresh to their own view. */
  ownerUserIds?: string[];
  /** The client's CSA or implementation lead, named on the owners' proposal as the one to ask for a walkthrough call. */
  contact?: UpgradeContact;
  /** The schedule tab at an upgrade: the ticket cards' "Open in schedule". */
  scheduleLink?: ScheduleLink;
}

export const ticketNoticeId = (upgradeId: string) => `${upgradeId}:ticket`;
export const freezeNoticeId = (upgradeId: string) => `${upgradeId}:freeze`;
export const decisionNoticeId = (upgradeId: string, decisionId: string, audience: 'thread' | 'owners') => `${upgradeId}:decision:${decisionId}:${audience}`;

/**
 * A window as a key of the notices about it: an upgrade holds one window per booking and per run, so
 * the notices posted for it (booking, outage, environment offline) can be found again and corrected.
 */
const windowKey = (window: UpgradeWindow) => new Date(Date.parse(window.startsAt)).toISOString().replace(/[^0-9]/g, '');

/** The booking confirmation in the ticket thread, for the window booked: corrected in place when that window is given up. */
export const bookingNoticeId = (upgradeId: string, window: UpgradeWindow) => `${upgradeId}:booked:${windowKey(window)}:thread`;
/** The outage notice of the run in this window: corrected in place to "back online" when the run ends. */
export const outageNoticeId = (upgradeId: string, window: UpgradeWindow) => `${upgradeId}:outage_started:${windowKey(window)}`;
/** The environment-offline notice of the run in this window: corrected in place when the environment is back. */
export const environmentOfflineNoticeId = (upgradeId: string, window: UpgradeWindow) => `${upgradeId}:environment_offline:${windowKey(window)}`;

/** The notices whose acknowledgement counts the plan of this change shows (read before planning). */
export function acknowledgedNoticeIds(change: Pick<UpgradeChange, 'upgrade' | 'notices'>): string[] {
  const ids = change.notices.some(showsFreezeNotice) ? [freezeNoticeId(change.upgrade.id)] : [];
  for (const n of change.notices) if (n.kind === 'outage_ended' && n.window) ids.push(outageNoticeId(change.upgrade.id, n.window));
  return ids;
}

/** Whether a notice's card is the freeze notice, which shows how many acknowledged it. */
export function showsFreezeNotice(notice: NoticeIntent): boolean {
  return notice.kind === 'content_freeze_announced' || notice.kind === 'content_freeze_lifted' || notice.kind === 'freeze_reminder';
}

/** Turns a change to an upgrade into the messages people see: thread replies, channel notices, 1:1 cards. */
export function planNotices(ctx: PlanContext): PlannedMessage[] {
  const { upgrade, client, release, notices, audit, actor } = ctx.change;
  const id = upgrade.id;
  const versioned: Versioned<typeof upgrade> = { value: upgrade, etag: ctx.etag };
  const at = audit.at(-1)?.at ?? upgrade.updatedAt;
  const stamp = at.replace(/[^0-9]/g, '');
  const messages: PlannedMessage[] = [
    {
      noticeId: ticketNoticeId(id), kind: 'ticket', audience: 'channel', mode: 'upsert',
      card: buildTicketCard({ ...ticketView(versioned, client, release, 'readonly', audit.at(-1), ctx.scheduleLink), refreshUserIds: ctx.ownerUserIds?.length ? ctx.ownerUserIds : undefined }),
    },
  ];
  const add = (m: PlannedMessage) => messages.push(m);
  const has = (kind: NoticeIntent['kind']) => notices.some((n) => n.kind === kind);
  const reply = (kind: string, view: Omit<CommunicationView, 'upgradeId' | 'timeZone' | 'state' | 'viewer' | 'at'>) =>
    add({
      noticeId: `${id}:${kind}:${stamp}`, kind, audience: 'thread', mode: 'post',
      // Overruns, decisions, reschedules and cancellations: nothing to answer on the post itself.
      card: buildCommunicationCard({ ...view, upgradeId: id, timeZone: client.timeZone, state: upgrade.state, viewer: 'owner', at, by: actor.name }),
    });
  const window = upgrade.window;
  const freezeCard = (variant: FreezeNoticeVariant, w = window) =>
    w && buildFreezeNoticeCard({ variant, clientName: client.name, version: release.version, timeZone: client.timeZone, window: w, noticeId: freezeNoticeId(id), acknowledgements: ctx.acknowledgements(freezeNoticeId(id)) });

  for (const notice of notices) {
    switch (notice.kind) {
      case 'requested':
        add({ noticeId: `${id}:requested`, kind: 'requested', audience: 'contact', mode: 'post', card: buildTicketCard(ticketView(versioned, client, release, 'csa', audit.at(-1), ctx.scheduleLink)) });
        break;
      case 'proposal':
        add({
          noticeId: `${id}:proposal:${stamp}`, kind: 'proposal', audience: 'owners', mode: 'post',
          card: buildProposalCard(proposalView(versioned, client, release, 'owner', ctx.contact ? { contact: ctx.contact } : {})),
        });
        break;
      case 'proposal_declined':
        add({
          noticeId: `${id}:declined:${stamp}`, kind: 'proposal_declined', audience: 'contact', mode: 'post',
          card: buildProposalCard(proposalView(versioned, client, release, 'csa', { declined: { comment: notice.comment, by: actor.name } })),
        });
        break;
      case 'booking_confirmed':
        if (!window) break;
        for (const audience of ['thread', 'owners', 'contact'] as const)
          add({
            // The thread's post is keyed by its window, so giving the window up corrects it in place.
            noticeId: audience === 'thread' ? bookingNoticeId(id, window) : `${id}:booked:${stamp}:${audience}`,
            kind: 'booking_confirmed', audience, mode: audience === 'thread' ? 'upsert' : 'post',
            card: buildBookingConfirmationCard({ upgradeId: id, clientName: client.name, timeZone: client.timeZone, mode: upgrade.mode, window, release, bookedBy: actor.name }),
            // The owner who accepted sees the confirmation in place of the card they clicked: once is enough.
            exceptUserIds: audience !== 'thread' && ctx.change.confirmedToActor ? [actor.id] : undefined,
          });
        if (upgrade.state === 'booked' && release.kind === 'major') {
          // A major not ready yet: the owners' readiness card comes with the confirmation, not at the next "show".
          const view = readinessView(versioned, client, release, 'owner');
          if (view) add({ noticeId: `${id}:readiness:booked:${stamp}`, kind: 'readiness', audience: 'owners', mode: 'post', card: buildReadinessCard(view) });
        }
        break;
      case 'content_freeze_announced': {
        const card = freezeCard('announced');
        if (!card || !window) break;
        add({ noticeId: freezeNoticeId(id), kind: 'content_freeze', audience: 'channel', mode: 'upsert', card });
        add({
          noticeId: `${id}:freeze-template:${stamp}`, kind: 'freeze_template', audience: 'owners', mode: 'post',
          card: buildFreezeCommsTemplateCard({ clientName: client.name, version: release.version, timeZone: client.timeZone, window, outages: release.outages }),
        });
        break;
      }
      case 'content_freeze_lifted': {
        const variant: FreezeNoticeVariant = has('cancelled') ? 'cancelled' : has('rescheduled') && !has('outage_ended') ? 'rescheduled' : 'lifted';
        const card = freezeCard(variant, notice.window ?? window);
        if (card) add({ noticeId: freezeNoticeId(id), kind: 'content_freeze', audience: 'channel', mode: 'update', card });
        break;
      }
      case 'communication': {
        const entry = audit.at(-1);
        if (!entry) break;
        // Owners must be able to answer No-Go to any formal communication: the button is on the posted card
        // (a click by anyone else is refused, leaving the post as it is). Built as a refresh of it or the
        // answer to a click on it rebuilds it later (communicationViewOf), so the two never differ.
        add({
          noticeId: `${id}:communication:${stamp}`, kind: 'communication', audience: 'thread', mode: 'post',
          card: buildCommunicationCard({ ...communicationViewOf(upgrade, client.timeZone, entry, 'owner'), refreshUserIds: ctx.ownerUserIds?.length ? ctx.ownerUserIds : undefined }),
        });
        break;
      }
      case 'environment_offline':
      case 'environment_online': {
        const base = { clientName: client.name, version: release.version, upgradeId: id, timeZone: client.timeZone, rolledBack: upgrade.state === 'proposed' };
        const offline = notice.kind === 'environment_offline';
        add({
          noticeId: offline && window ? environmentOfflineNoticeId(id, window) : `${id}:${notice.kind}:${stamp}`, kind: notice.kind, audience: 'channel', mode: 'post',
          card: buildEnvironmentNoticeCard({ ...base, variant: offline ? 'offline' : 'online', at }),
        });
        // The offline notice of this run promised a post when the environment is back: it says so now.
        if (notice.kind === 'environment_online' && notice.window)
          add({
            noticeId: environmentOfflineNoticeId(id, notice.window), kind: 'environment_offline', audience: 'channel', mode: 'update',
            card: buildEnvironmentNoticeCard({ ...base, variant: 'offline', at, backOnlineAt: at }),
          });
        break;
      }
      case 'outage_started':
      case 'outage_ended': {
        const started = notice.kind === 'outage_started';
        const noticeId = started && window ? outageNoticeId(id, window) : `${id}:${notice.kind}:${stamp}`;
        const base = { clientName: client.name, version: release.version, timeZone: client.timeZone, at, outages: release.outages, rolledBack: upgrade.state === 'proposed' };
        add({
          noticeId, kind: notice.kind, audience: 'channel', mode: 'post',
          card: buildOutageNoticeCard({ ...base, variant: started ? 'started' : 'ended', noticeId, acknowledgements: 0 }),
        });
        // The outage notice of this run is corrected in place: back online, with who acknowledged it.
        if (notice.kind === 'outage_ended' && notice.window) {
          const startedId = outageNoticeId(id, notice.window);
          add({
            noticeId: startedId, kind: 'outage_started', audience: 'channel', mode: 'update',
            card: buildOutageNoticeCard({ ...base, variant: 'past', noticeId: startedId, acknowledgements: ctx.acknowledgements(startedId) }),
          });
        }
        break;
      }
      case 'decision_opened':
      case 'decision_settled':
      case 'decision_votes': {
        const decision = upgrade.decision;
        if (!decision) break;
        if (notice.kind === 'decision_opened' || (notice.kind === 'decision_settled' && decision.inAnswerTo))
          reply(notice.kind === 'decision_opened' ? 'overrun' : 'decision', notice.kind === 'decision_opened'
            ? { kind: 'overrun', newEta: decision.newEta, note: decision.reason }
            : { kind: 'decision', outcome: decision.outcome, note: decision.reason });
        for (const audience of ['thread', 'owners'] as const) {
          const view = decisionView(upgrade, client, audience === 'owners' ? 'owner' : 'readonly');
          // Teams refreshes a posted card for listed Teams ids, not AAD object ids.
          if (view) view.ownerIds = audience === 'thread' && ctx.ownerUserIds?.length ? ctx.ownerUserIds : undefined;
          if (view)
            add({
              noticeId: decisionNoticeId(id, decision.id, audience), kind: 'decision', audience,
              mode: notice.kind === 'decision_opened' ? 'post' : 'update', card: buildDecisionCard(view),
            });
        }
        if (notice.kind === 'decision_settled')
          // The engineers (who wait to go on or roll back) and the CSA hear the outcome in their own chats.
          for (const audience of ['engineers', 'contact'] as const) {
            const viewer = audience === 'engineers' ? 'engineer' : 'csa';
            const banner = decisionOutcomeBanner(upgrade, client.name, viewer);
            if (banner)
              add({
                noticeId: `${id}:decision:${decision.id}:settled:${audience}`, kind: 'decision_settled', audience, mode: 'post',
                card: buildTicketCard({ ...ticketView(versioned, client, release, viewer, audit.at(-1), ctx.scheduleLink), banner }),
              });
          }
        break;
      }
      case 'rescheduled':
      case 'cancelled': {
        if (notice.kind === 'rescheduled') reply('reschedule', { kind: 'reschedule', note: audit.at(-1)?.detail });
        else reply('cancel', { kind: 'cancel', note: notice.reason });
        // The booking post in the thread said the upgrade runs in that window: it says it no longer does.
        if (notice.window)
          add({
            noticeId: bookingNoticeId(id, notice.window), kind: 'booking_confirmed', audience: 'thread', mode: 'update',
            card: buildBookingConfirmationCard({
              upgradeId: id, clientName: client.name, timeZone: client.timeZone, mode: upgrade.mode, window: notice.window, release,
              superseded: notice.kind === 'cancelled' ? 'cancelled' : has('outage_ended') ? 'rolled_back' : 'rescheduled',
            }),
          });
        break;
      }
      case 'ready':
        break;
      case 'decision_reminder':
      case 'decision_escalated': {
        const view = upgrade.decision && decisionView(upgrade, client, notice.kind === 'decision_reminder' ? 'owner' : 'readonly');
        if (!view || !upgrade.decision) break;
        const card = buildDecisionCard({ ...view, escalated: notice.kind === 'decision_escalated' });
        if (notice.kind === 'decision_reminder')
          add({ noticeId: `${id}:decision:${upgrade.decision.id}:reminder`, kind: 'decision_reminder', audience: 'owners', mode: 'post', card });
        else
          for (const audience of ['contact', 'engineers'] as const)
            add({ noticeId: `${id}:decision:${upgrade.decision.id}:escalated:${audience}`, kind: 'decision_escalated', audience, mode: 'post', card });
        break;
      }
      case 'readiness_reminder':
      case 'readiness_flagged': {
        const flagged = notice.kind === 'readiness_flagged';
        const view = readinessView(versioned, client, release, flagged ? 'csa' : 'owner');
        if (!view) break;
        add({
          noticeId: flagged ? `${id}:readiness-flag` : `${id}:readiness:${notice.label}`, kind: notice.kind, audience: flagged ? 'contact' : 'owners', mode: 'post',
          card: buildReadinessCard({ ...view, flaggedUnready: flagged }),
        });
        break;
      }
      case 'freeze_reminder': {
        const card = freezeCard(notice.label === 'morning' ? 'reminder_morning' : 'reminder_two_days');
        if (card) add({ noticeId: `${id}:freeze-reminder:${notice.label}`, kind: 'freeze_reminder', audience: 'channel', mode: 'post', card });
        break;
      }
    }
  }
  return messages;
}
