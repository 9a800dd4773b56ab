import { CardFactory, MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import type { Client } from '../../domain/client';
import type { Notifier, StaffStore, UpgradeChange, UpgradeStore } from '../../usecases/ports';
import type { ScheduleLink } from '../../usecases/views/ticket-view';
import type { Outbox } from '../outbox';
import { upgradeContact } from '../../domain/staff';
import { acknowledgedNoticeIds, planNotices, type PlannedMessage } from './notice-plan';

import type { AudienceResolver, NoticeDirectory, OwnerChats } from './audiences';

export type { NoticeDirectory } from './audiences';

export interface AcknowledgementCounter {
  count(noticeId: string): Promise<number>;
}

export interface UpgradeNotifierDeps {
  outbox: Pick<Outbox, 'enqueue' | 'enqueueUpdate' | 'report'>;
  directory: NoticeDirectory;
  /** Turns each message's audience into conversations. */
  audiences: AudienceResolver;
  upgrades: Pick<UpgradeStore, 'get'>;
  staff: Pick<StaffStore, 'list'>;
  acknowledgements?: AcknowledgementCounter;
  vendorTenantId: string;
  log: (line: string) => void;
  /** The schedule tab at an upgrade: the ticket cards' "Open in schedule". */
  scheduleLink?: ScheduleLink;
  /** How long a background announcement waits for more changes to the same upgrade (a burst of votes). */
  coalesceInMs?: number;
}

export function cardActivity(card: AdaptiveCard, summary?: string) {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (summary) activity.summary = summary;
  return activity;
}

/**
 * Sends what a change to an upgrade means to people, through the outbox: the ticket's root card
 * in the client's notice channel (updated in place), replies in its thread, notices in the
 * channel, and cards to owners, the CSA and engineers in their own chats.
 */
export class UpgradeNotifier implements Notifier {
  /** Changes waiting to be announced in the background, one per upgrade (newer ones replace older). */
  private readonly waiting = new Map<string, UpgradeChange>();
  private readonly running = new Map<string, Promise<void>>();
  /** The same announcements as they settle (rejecting on failure), for the callers waiting on them. */
  private readonly announcing = new Map<string, Promise<void>>();

  private readonly audiences: AudienceResolver;

  constructor(private readonly deps: UpgradeNotifierDeps) {
    this.audiences = deps.audiences;
  }

  /** Resolves once the change is announced (coalesced with the others of a burst); rejects when that failed. */
  upgradeChangedLater(change: UpgradeChange): Promise<void> {
    const id = change.upgrade.id;
    const queued = this.waiting.has(id);
    this.waiting.set(id, change);
    if (queued) return this.announcing.get(id)!;
    const announcing: Promise<void> = (this.running.get(id) ?? Promise.resolve())
      .then(() => new Promise((resolve) => setTimeout(resolve, this.deps.coalesceInMs ?? 250)))
      .then(async () => {
        const next = this.waiting.get(id)!;
        this.waiting.delete(id);
        // The stored upgrade is the truth: a burst of votes is announced once, as it stands now.
        const stored = await this.deps.upgrades.get(id);
        await this.upgradeChanged({ ...next, upgrade: stored?.value ?? next.upgrade, etag: stored?.etag });
      });
    const run = announcing
      .catch((err) => this.deps.log(`[notices] ${id} not announced: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (this.running.get(id) === run) this.running.delete(id);
        if (this.announcing.get(id) === announcing) this.announcing.delete(id);
      });
    this.running.set(id, run);
    this.announcing.set(id, announcing);
    return announcing;
  }

  /** Resolves when every background announcement has been queued in the outbox. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  async upgradeChanged(change: UpgradeChange): Promise<void> {
    const etag = change.etag ?? (await this.deps.upgrades.get(change.upgrade.id))?.etag ?? '';
    // The notices corrected in place with their acknowledgements shown (freeze, outage): counted first.
    const acks = new Map<string, number>();
    for (const id of acknowledgedNoticeIds(change)) acks.set(id, (await this.deps.acknowledgements?.count(id)) ?? 0);
    const ownerChats = await this.deps.directory.personalChats(change.client.tenantId, change.client.ownerIds);
    const ownerUserIds = [...ownerChats.values()].map((c) => c.userId).filter((id): id is string => !!id);
    // A proposal names the CSA (or implementation lead) the owners can ask for a walkthrough call.
    const contact = change.notices.some((n) => n.kind === 'proposal') ? upgradeContact(change.client, await this.deps.staff.list()) : undefined;
    const planned = planNotices({ change, etag, ownerUserIds, contact, scheduleLink: this.deps.scheduleLink, acknowledgements: (id) => acks.get(id) ?? 0 });
    const channel = await this.deps.directory.noticeChannel(change.client.tenantId);
    // Every message is tried; a failure fails the announcement, whose effects then stay pending
    // for the relay (messages queued already are not queued twice: the outbox knows their ids).
    const failed: string[] = [];
    for (const message of planned) {
      try {
        await this.send(message, change.client, channel?.conversationId, ownerChats);
      } catch (err) {
        failed.push(`${message.noticeId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failed.length) throw new Error(`not queued: ${failed.join('; ')}`);
  }

  private async send(message: PlannedMessage, client: Client, channelId: string | undefined, ownerChats: OwnerChats): Promise<void> {
    const activity = cardActivity(message.card);
    if (message.mode !== 'post') {
      const existing = await this.deps.outbox.report(message.noticeId);
      if (existing) {
        await this.deps.outbox.enqueueUpdate(message.noticeId, activity);
        return;
      }
      if (message.mode === 'update') return;
    }
    const except = new Set(message.exceptUserIds ?? []);
    const targets = await this.audiences.upgradeAudience(message.audience, { client, channelId, noticeId: message.noticeId, ownerChats, except });
    if (targets.length === 0) return;
    await this.deps.outbox.enqueue({ id: message.noticeId, kind: message.kind, clientId: client.id, activity, targets });
  }
}
