import { Ajv } from 'ajv';
import type { Request, Response } from 'restify';
import { parseChangeId } from '../domain/change-id';
import { UpgradeDeskError } from '../domain/errors';
import { parseCommunication } from '../domain/event-names';
import type { UpgradeEvent } from '../domain/lifecycle';
import { applyUpgradeEvent } from '../usecases/apply-event';
import type { Logger } from '../logging';
import type { Deps } from '../usecases/context';
import { authenticateAutomation, keySpeaksFor, principalOf } from './authenticate';
import { HttpProblem, sendError } from './http-errors';
import { deeperThan, maxJsonDepth, oversizedFields } from './json-body';
import { annotateRequest } from './request-context';
import { upgradeEventBodySchema, type UpgradeEventBody } from './schemas/upgrade-event-body';

/**
 * An event's texts end up in the audit log and, inside cards, in the outbox's rows: each is kept
 * well within one Table property once written as JSON (escapes count).
 */
const maxStoredEventText = 8_000;

const validate = new Ajv({ allErrors: true }).compile<UpgradeEventBody>(upgradeEventBodySchema);

function toEvent(body: UpgradeEventBody): UpgradeEvent {
  if (body.event.toLowerCase() === 'overrun') {
    if (!body.reason) throw new UpgradeDeskError('bad_input', 'An overrun needs "reason" (and, if known, "newEta").');
    return { type: 'overrun', reason: body.reason, newEta: body.newEta };
  }
  const communication = parseCommunication(body.event);
  if (!communication.ok) throw communication.error;
  // "reason" with a start confirms a start before the window (at most 24 hours before it).
  if (communication.value === 'upgrade_start') return { type: 'communicate', communication: communication.value, note: body.note, earlyStartReason: body.reason };
  return { type: 'communicate', communication: communication.value, note: body.note };
}

/**
 * POST /api/upgrades/:id/events with the client's (or the vendor's) automation key: deployment
 * scripts report progress through the same rules and cards as engineers in chat. An upgrade of
 * another client gets the same 404 as one that does not exist (a key cannot learn which change
 * ids exist, or whose they are) and changes nothing. A start before the window needs `"reason"`
 * (409 early_start_needs_reason without it); more than 24 hours before it, 409 start_too_early
 * names the window.
 */
export function upgradeEventsRoute(deps: Deps, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const id = parseChangeId(String(req.params.id ?? ''));
      if (!id.ok) throw id.error;
      annotateRequest(req, log, { changeId: id.value.id });
      const key = await authenticateAutomation(req, deps.stores.keys);
      annotateRequest(req, log, { keyId: key.keyId });
      const found = await deps.stores.upgrades.get(id.value.id);
      if (!found || !keySpeaksFor(key, found.value.clientId))
        throw new UpgradeDeskError('not_found', `There is no upgrade ${id.value.id} that this automation key can see.`);
      annotateRequest(req, log, { clientId: found.value.clientId });
      if (deeperThan(req.body, maxJsonDepth) !== undefined) throw new HttpProblem('body_too_deep', `The body nests deeper than ${maxJsonDepth} levels.`);
      const body: unknown = structuredClone(req.body);
      if (!validate(body)) {
        const fields = (validate.errors ?? []).map((e) => ({ field: e.instancePath.replace(/^\//, '') || (e.params as { additionalProperty?: string }).additionalProperty || '(body)', message: e.message ?? 'is invalid' }));
        throw invalidEvent(fields);
      }
      const oversized = oversizedFields(body, ['event', 'note', 'reason', 'newEta'], maxStoredEventText);
      if (oversized.length) throw invalidEvent(oversized);
      const applied = await applyUpgradeEvent(deps, principalOf(key), 'api', id.value.id, toEvent(body));
      res.send(200, { id: applied.upgrade.value.id, state: applied.upgrade.value.state, lastCommunication: applied.upgrade.value.lastCommunication ?? null });
    } catch (err) {
      sendError(req, res, err, log);
    }
  };
}

function invalidEvent(fields: { field: string; message: string }[]): HttpProblem {
  return new HttpProblem('invalid_event', `The event was not applied: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`, { details: { fields } });
}
