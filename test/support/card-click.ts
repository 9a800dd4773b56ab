import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Someone in Teams: the tenant and AAD object id the bot identifies them by. */
export interface TeamsUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

/** An adaptiveCard/action invoke's answer: a card (200), or an error Teams shows without touching the card (4xx/5xx). */
export interface InvokeAnswer {
  status: number;
  statusCode: number;
  type: string;
  value: Record<string, any>;
}

export interface ClickWhere {
  conversationId: string;
  conversationType: 'personal' | 'channel';
}

/**
 * Clicks an Action.Execute as Teams does: posts the adaptiveCard/action invoke to the bot over a
 * keep-alive connection (Teams keeps one) and resolves with the card it answers, unchecked.
 */
export class CardClicker {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    private readonly botUrl: string,
    /** Where the bot would reply (the Teams stand-in). */
    private readonly serviceUrl: string,
  ) {}

  async click(data: Record<string, unknown>, as: TeamsUser, where: ClickWhere): Promise<Record<string, any>> {
    const res = await this.send(data, as, where);
    if (res.status !== 200) throw new Error(`the invoke answered ${res.status}: ${res.text}`);
    const body = JSON.parse(res.text) as { type?: string; value?: Record<string, any> };
    if (body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) throw new Error(`the invoke answered no card: ${res.text}`);
    return body.value;
  }

  /** The same click, resolving with the whole invoke answer (a card, or an error that leaves the card as it is). */
  async answer(data: Record<string, unknown>, as: TeamsUser, where: ClickWhere): Promise<InvokeAnswer> {
    const res = await this.send(data, as, where);
    const body = JSON.parse(res.text) as Omit<InvokeAnswer, 'status'>;
    return { status: res.status, ...body };
  }

  private send(data: Record<string, unknown>, as: TeamsUser, where: ClickWhere): Promise<{ status: number; text: string }> {
    return this.post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from: { id: `29:${as.aadObjectId}`, aadObjectId: as.aadObjectId, name: as.name },
      recipient: { id: '28:bot', name: 'Upgrade Desk' },
      conversation: { id: where.conversationId, conversationType: where.conversationType, tenantId: as.tenantId },
      channelData: { tenant: { id: as.tenantId } },
      value: { action: { type: 'Action.Execute', verb: data.verb, data }, trigger: 'manual' },
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private post(body: unknown): Promise<{ status: number; text: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
      const req = request(`${this.botUrl}/api/messages`, { method: 'POST', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
