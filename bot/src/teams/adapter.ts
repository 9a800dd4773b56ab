import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
  type ActivityHandler,
} from 'botbuilder';
import type { Request, Response } from 'restify';
import type { BotCredentials } from '../config';

/** The Bot Framework adapter: authenticates requests whenever credentials are configured. */
export function createAdapter(credentials: BotCredentials | undefined, log: (line: string) => void): CloudAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: credentials?.appId ?? '',
    MicrosoftAppPassword: credentials?.appPassword ?? '',
    MicrosoftAppType: credentials?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: credentials?.appTenantId ?? '',
  });
  const adapter = new CloudAdapter(createBotFrameworkAuthenticationFromConfiguration(null, factory));
  adapter.onTurnError = async (context, error) => {
    log(`[turn error] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await context.sendActivity('Sorry, something went wrong on our side. Nothing was changed; please try again.').catch(() => undefined);
  };
  return adapter;
}

/**
 * POST /api/messages. With credentials, an activity whose serviceUrl is not on the exact-host
 * allowlist is refused before anything runs: the bot's token must never go to a host an activity names.
 */
export function messagesRoute(adapter: CloudAdapter, bot: ActivityHandler, options: { authenticated: boolean; serviceUrlHosts: string[] }) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = req.body as { serviceUrl?: unknown; type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string') {
      res.send(400, { error: 'bad_activity', message: 'The body must be a Bot Framework activity (JSON with a "type").' });
      return;
    }
    if (options.authenticated && !serviceUrlAllowed(body.serviceUrl, options.serviceUrlHosts)) {
      res.send(403, { error: 'service_url_not_allowed', message: 'The activity\'s serviceUrl is not a Teams service host.' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  };
}

function serviceUrlAllowed(serviceUrl: unknown, hosts: string[]): boolean {
  if (typeof serviceUrl !== 'string') return false;
  try {
    const url = new URL(serviceUrl);
    return url.protocol === 'https:' && hosts.includes(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}
