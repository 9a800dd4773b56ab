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
import type { BotCredentials } from '../config';

/** CloudAdapter with its turn runner in reach: `process` prints refused tokens' stacks and echoes error texts. */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request and runs the turn; throws what botbuilder throws, answers the invoke response. */
  runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The Bot Framework adapter: authenticates requests whenever credentials are configured. */
export function createAdapter(credentials: BotCredentials | undefined, log: (line: string) => void): BotAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: credentials?.appId ?? '',
    MicrosoftAppPassword: credentials?.appPassword ?? '',
    MicrosoftAppType: credentials?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: credentials?.appTenantId ?? '',
  });
  const adapter = new BotAdapter(createBotFrameworkAuthenticationFromConfiguration(null, factory));
  adapter.onTurnError = async (context, error) => {
    log(`[turn error] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await context.sendActivity('Sorry, something went wrong on our side. Nothing was changed; please try again.').catch(() => undefined);
  };
  return adapter;
}

/**
 * POST /api/messages. botbuilder authenticates the request (401 without a valid token when
 * credentials are configured). Then, with credentials, an activity whose serviceUrl is not on the
 * exact-host allowlist is dropped unanswered: the bot's token must never go to a host an activity names.
 */
export function messagesRoute(
  adapter: BotAdapter,
  bot: ActivityHandler,
  options: { authenticated: boolean; serviceUrlHosts: string[]; log: (line: string) => void },
) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string') {
      res.send(400, { error: 'bad_activity', message: 'The body must be a Bot Framework activity (JSON with a "type").' });
      return;
    }
    // botbuilder would refuse it too, after logging a stack trace per request: answer it here.
    if (options.authenticated && !/^Bearer \S+/.test(req.header('authorization') ?? '')) {
      res.send(401, { error: 'unauthorized', message: 'A Bot Framework token is required (Authorization: Bearer <token>).' });
      return;
    }
    try {
      const answer = await adapter.runActivity(req.header('authorization') ?? '', body as Activity, async (context) => {
        if (options.authenticated && !serviceUrlAllowed(context.activity.serviceUrl, options.serviceUrlHosts)) {
          options.log(`[refused] activity ${context.activity.id} names serviceUrl ${context.activity.serviceUrl}, not a Teams host`);
          return;
        }
        await bot.run(context);
      });
      res.send(answer?.status ?? 200, answer?.body);
    } catch (err) {
      // botframework-connector's AuthenticationError (not re-exported by botbuilder) carries its status.
      if ((err as { statusCode?: unknown }).statusCode === 401) {
        options.log(`[unauthorized] ${(err as Error).message}`);
        res.send(401, { error: 'unauthorized', message: 'The Bot Framework token was not accepted.' });
        return;
      }
      options.log(`[messages] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      res.send(500, { error: 'internal', message: 'Something went wrong on our side.' });
    }
  };
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
