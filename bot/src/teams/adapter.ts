import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
  type Activity,
  type ActivityHandler,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'restify';
import { HttpProblem, sendError } from '../api/http-errors';
import { annotateRequest, contextOf } from '../api/request-context';
import type { BotCredentials } from '../config';
import { errorField, type Logger } from '../logging';
import { activityProblems } from './activity-schema';
import { activityFields, setTurnLog, turnLogOf } from './turn-log';

/** A Bot Framework token that was refused (401), or that could not be checked because the issuer's keys could not be fetched (503). */
export class BotAuthFailure extends Error {
  constructor(
    readonly kind: 'refused' | 'unavailable',
    cause: unknown,
  ) {
    super(`Bot Framework authentication ${kind === 'refused' ? 'refused the token' : 'could not check the token'}`, { cause });
    this.name = 'BotAuthFailure';
  }
}

/**
 * Whether a failed authentication refused the token or could not check it: botframework-connector
 * signals a refusal with statusCode 401 (or jsonwebtoken's errors); fetching the issuer's OpenID
 * metadata fails with node-fetch's FetchError, a system error code, or statusCode 500.
 */
export function authFailureKind(err: unknown): BotAuthFailure['kind'] {
  const e = (err ?? {}) as { statusCode?: unknown; name?: unknown; code?: unknown; type?: unknown };
  if (e.statusCode === 401) return 'refused';
  if (e.name === 'FetchError' || e.type === 'system' || (typeof e.statusCode === 'number' && e.statusCode >= 500)) return 'unavailable';
  if (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) return 'unavailable';
  return 'refused';
}

/** CloudAdapter with authentication and the turn run as two steps, so a refused token is told from an unreachable issuer. */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request (throws BotAuthFailure) and runs the turn; answers the invoke response. */
  async runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    let authenticated;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw new BotAuthFailure(authFailureKind(err), err);
    }
    return this.processActivity(authenticated, activity, logic);
  }
}

export interface AdapterOptions {
  /** Where the Bot Framework's OpenID metadata is read (its signing keys): Microsoft's by default; tests point it at a stand-in. */
  openIdMetadataUrl?: string;
}

/** The Bot Framework adapter: authenticates requests whenever credentials are configured. */
export function createAdapter(credentials: BotCredentials | undefined, log: Logger, options: AdapterOptions = {}): BotAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: credentials?.appId ?? '',
    MicrosoftAppPassword: credentials?.appPassword ?? '',
    MicrosoftAppType: credentials?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: credentials?.appTenantId ?? '',
  });
  // Naming one endpoint makes botbuilder take every endpoint from the settings: Microsoft's public
  // cloud (botframework-connector's AuthenticationConstants), with the metadata read elsewhere.
  const settings = options.openIdMetadataUrl
    ? {
        ValidateAuthority: true,
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        OAuthUrl: 'https://api.botframework.com',
        CallerId: 'urn:botframework:azure',
        ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: options.openIdMetadataUrl,
      }
    : undefined;
  const configuration = settings ? { get: <T>() => settings as T, set: () => undefined } : null;
  const adapter = new BotAdapter(createBotFrameworkAuthenticationFromConfiguration(configuration, factory));
  adapter.onTurnError = async (context, error) => {
    const { correlationId, log: turnLog } = turnLogOf(context, log);
    turnLog.error('turn failed', { err: errorField(error) });
    await context
      .sendActivity(`Sorry, something went wrong on our side. Nothing was changed; please try again. If it keeps failing, quote reference ${correlationId} to support.`)
      .catch(() => undefined);
  };
  return adapter;
}

/**
 * POST /api/messages. The body is checked as an activity first (400 naming the field: botbuilder
 * never sees a malformed one, so no reply goes to a serviceUrl that is not an http(s) URL). Then
 * botbuilder authenticates the request when credentials are configured: 401 for a missing or
 * refused token, 503 when the issuer's keys cannot be fetched, the details only in the log. With
 * credentials, an activity whose serviceUrl is not on the exact-host allowlist is dropped
 * unanswered: the bot's token must never go to a host an activity names.
 */
/** The per-tenant and per-conversation pacing proactive sends go through (the outbox's pacer). */
export interface ReplyPacer {
  permit(tenantId: string, conversationKey: string): Promise<() => void>;
  pauseTenant(tenantId: string, delayInMs: number): void;
}

/**
 * Replies share the tenant's budget with the outbox: each reply waits for the same pacer's permit
 * (the conversation's windows and the tenant's 50 a second), so a crowd typing at once is answered
 * below Teams' limits instead of bouncing off them with 429s.
 */
function paceReplies(context: TurnContext, pacer: ReplyPacer): void {
  const tenantId = context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';
  const conversationId = (context.activity.conversation?.id ?? '').split(';')[0]!;
  context.onSendActivities(async (_ctx, activities, next) => {
    const sends = activities.filter((a) => a.type !== 'invokeResponse' && a.type !== 'trace');
    if (sends.length === 0) return next();
    const releases: (() => void)[] = [];
    try {
      for (let i = 0; i < sends.length; i++) releases.push(await pacer.permit(tenantId, `${tenantId}\n${conversationId}`));
      return await next();
    } catch (err) {
      const retryAfter = Number((err as { response?: { headers?: { get?(n: string): string | undefined } } }).response?.headers?.get?.('retry-after'));
      if ((err as { statusCode?: number }).statusCode === 429) pacer.pauseTenant(tenantId, Number.isFinite(retryAfter) ? retryAfter * 1_000 : 1_000);
      throw err;
    } finally {
      for (const release of releases) release();
    }
  });
}

export function messagesRoute(adapter: BotAdapter, bot: ActivityHandler, options: { authenticated: boolean; serviceUrlHosts: string[]; log: Logger; replies?: ReplyPacer }) {
  return async (req: Request, res: Response): Promise<void> => {
    const { correlationId } = contextOf(req, options.log);
    try {
      const problems = activityProblems(req.body);
      if (problems.length)
        throw new HttpProblem('invalid_activity', `The body is not a Bot Framework activity: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`, {
          details: { fields: problems },
        });
      const activity = req.body as Activity;
      const { log } = annotateRequest(req, options.log, activityFields(activity));
      const authHeader = req.header('authorization') ?? '';
      // botbuilder would refuse it too, after logging a stack trace per request: answer it here.
      if (options.authenticated && !/^Bearer \S+/.test(authHeader))
        throw new HttpProblem('unauthorized', 'A Bot Framework token is required (Authorization: Bearer <token>).', { headers: { 'WWW-Authenticate': 'Bearer' } });
      const answer = await adapter.runActivity(authHeader, activity, async (context) => {
        setTurnLog(context, { correlationId, log });
        if (options.replies) paceReplies(context, options.replies);
        if (options.authenticated && !serviceUrlAllowed(context.activity.serviceUrl, options.serviceUrlHosts)) {
          log.warn('activity dropped: its serviceUrl is not a Teams host', { serviceUrl: context.activity.serviceUrl });
          return;
        }
        await bot.run(context);
      });
      // botbuilder answers an invoke nobody handles with a bare 501: ours carries the correlation id.
      if (answer && answer.status >= 400 && answer.body === undefined)
        throw new HttpProblem('invoke_not_supported', `The bot does not handle the invoke "${activity.name ?? ''}".`);
      res.send(answer?.status ?? 200, answer?.body);
    } catch (err) {
      sendError(req, res, asAuthProblem(err), options.log);
    }
  };
}

function asAuthProblem(err: unknown): unknown {
  if (!(err instanceof BotAuthFailure)) return err;
  return err.kind === 'refused'
    ? new HttpProblem('unauthorized', undefined, { headers: { 'WWW-Authenticate': 'Bearer' }, cause: err.cause })
    : new HttpProblem('auth_unavailable', undefined, { headers: { 'Retry-After': '30' }, cause: err.cause });
}

/** Only https URLs whose host is exactly one of the allowed Teams service hosts. */
export function serviceUrlAllowed(serviceUrl: unknown, hosts: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string') return false;
  try {
    const url = new URL(serviceUrl);
    return url.protocol === 'https:' && hosts.includes(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}
