import type { Request, Response } from 'restify';
import { errorEntry } from '../domain/errors';
import { errorField, type Logger } from '../logging';
import { contextOf } from './request-context';

/** GET /api/health: 200 when storage answers, 503 when it does not (the reason in the log, under the correlation id). */
export function healthRoute(pingStorage: () => Promise<void>, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      await pingStorage();
      res.send(200, { status: 'ok', storage: 'ok', storageLatencyInMs: Date.now() - started });
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
