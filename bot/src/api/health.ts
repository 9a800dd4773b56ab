import type { Request, Response } from 'restify';
import { errorEntry } from '../domain/errors';
import { errorField, type Logger } from '../logging';
import type { IntranetBacklog } from '../usecases/intranet-jobs';
import { contextOf } from './request-context';

/**
 * GET /api/health: 200 when storage answers, 503 when it does not (the reason in the log, under
 * the correlation id). With SharePoint publishing set up, its backlog too: what waits, what is
 * parked and the oldest's age (a SharePoint outage never makes the app unhealthy).
 */
export function healthRoute(pingStorage: () => Promise<void>, log: Logger, intranet?: () => Promise<IntranetBacklog | undefined>) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      await pingStorage();
      const storageLatencyInMs = Date.now() - started;
      const backlog = await intranet?.();
      const sharepoint = backlog && { waiting: backlog.waiting, parked: backlog.parked, oldestAgeInSeconds: backlog.oldestAgeInSeconds };
      res.send(200, { status: 'ok', storage: 'ok', storageLatencyInMs, ...(sharepoint ? { sharepoint } : {}) });
    } catch (err) {
      const context = contextOf(req, log);
      context.log.error('storage does not answer', { status: 503, code: 'storage_unavailable', err: errorField(err) });
      res.send(503, {
        status: 'unavailable',
        storage: 'down',
        error: 'storage_unavailable',
        message: errorEntry('storage_unavailable').message,
        correlationId: context.correlationId,
      });
    }
  };
}
