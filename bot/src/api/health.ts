import type { Request, Response } from 'restify';

/** GET /api/health: 200 when storage answers, 503 (with the reason) when it does not. */
export function healthRoute(pingStorage: () => Promise<void>) {
  return async (_req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      await pingStorage();
      res.send(200, { status: 'ok', storage: 'ok', storageLatencyInMs: Date.now() - started });
    } catch (err) {
      res.send(503, { status: 'unavailable', storage: 'down', message: err instanceof Error ? err.message : String(err) });
    }
  };
}
