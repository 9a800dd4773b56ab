import type { Request, Response } from 'restify';
import { UpgradeDeskError } from '../domain/errors';
import type { Logger } from '../logging';
import type { Deps } from '../usecases/context';
import { authenticateAutomation } from './authenticate';
import { sendError } from './http-errors';

/** GET /api/notices/:id/deliveries with a vendor key: each conversation sent, pending or failed, with the reasons. */
export function noticeDeliveriesRoute(deps: Deps, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await authenticateAutomation(req, deps.stores.keys, { kind: 'vendor' });
      const id = String(req.params.id ?? '');
      const report = id ? await deps.deliveryReports?.report(id) : undefined;
      if (!report) throw new UpgradeDeskError('not_found', `No notice "${id}" has been sent. Notice ids look like townhall:5.0 or CHG-2026-0001:ticket.`);
      res.send(200, report);
    } catch (err) {
      sendError(req, res, err, log);
    }
  };
}
