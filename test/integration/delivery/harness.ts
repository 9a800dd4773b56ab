import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { OutgoingActivity } from '../../../bot/src/delivery/conversation-gateway';
import type { NoticeTarget } from '../../../bot/src/delivery/outbox';
import type { ConversationReferenceStore } from '../../../bot/src/store/conversation-references';
import { openDeliveryStorage, type DeliveryStorage } from '../../../bot/src/store/delivery-storage';
import { BotGateway } from '../../../bot/src/teams/bot-gateway';
import type { Clock } from '../../../bot/src/usecases/ports';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';
import { startTeamsStandin, type TeamsStandin, type TeamsStandinOptions } from '../../support/teams-standin';

/** A clock the test moves by hand. */
export class DrivenClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A BotGateway over a CloudAdapter without credentials, as in local development. */
export function localBotGateway(): BotGateway {
  const auth = new ConfigurationBotFrameworkAuthentication({}, new ConfigurationServiceClientCredentialFactory({}));
  return new BotGateway(new CloudAdapter(auth), { botAppId: '' });
}

export interface DeliveryHarness {
  connectionString: string;
  tablePrefix: string;
  storage: DeliveryStorage;
  standin: TeamsStandin;
  gateway: BotGateway;
  close(): Promise<void>;
}

/** Delivery stores on the shared Azurite under a fresh prefix, and a Teams stand-in (limits on unless told). */
export async function openDeliveryHarness(options: { standin?: TeamsStandinOptions; connectionString?: string } = {}): Promise<DeliveryHarness> {
  const connectionString = options.connectionString ?? (await sharedAzurite()).connectionString;
  const tablePrefix = uniquePrefix('dlv');
  const storage = await openDeliveryStorage({ connectionString, tablePrefix });
  const standin = await startTeamsStandin(options.standin ?? { limits: true });
  return { connectionString, tablePrefix, storage, standin, gateway: localBotGateway(), close: () => standin.close() };
}

export const tenantId = (t: number) => `tenant-${String(t).padStart(4, '0')}`;
export const channelId = (t: number, c: number) => `19:t${t}c${c}@thread.tacv2`;

/** Installs the bot in `channels` channels of each of `tenants` tenants (references at the stand-in) and returns them as targets. */
export async function installChannels(
  references: ConversationReferenceStore,
  serviceUrl: string,
  shape: { tenants: number; channels: number; firstTenant?: number },
): Promise<NoticeTarget[]> {
  const targets: NoticeTarget[] = [];
  for (let t = shape.firstTenant ?? 0; t < (shape.firstTenant ?? 0) + shape.tenants; t++)
    for (let c = 0; c < shape.channels; c++) targets.push({ tenantId: tenantId(t), conversationId: channelId(t, c) });
  for (let i = 0; i < targets.length; i += 50)
    await Promise.all(
      targets.slice(i, i + 50).map((t) =>
        references.upsert({
          tenantId: t.tenantId,
          conversationId: t.conversationId,
          kind: 'channel',
          serviceUrl,
          channelId: 'msteams',
          teamId: t.conversationId,
          isGeneral: true,
        }),
      ),
    );
  return targets;
}

/** A card message as the notices carry them. */
export function cardMessage(title: string): OutgoingActivity {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title, wrap: true }] },
      },
    ],
  };
}

/** Resolves when `check` holds, polling every 50 ms; rejects after the timeout. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutInMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutInMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
