import type { Request, Response } from 'restify';
import { ReleaseInvalidError } from '../domain/release-rules';
import type { Logger } from '../logging';
import type { Deps } from '../usecases/context';
import type { AutomationKeyStore } from '../usecases/ports';
import { publishRelease } from '../usecases/publish-release';
import { authenticateAutomation } from './authenticate';
import { HttpProblem, sendError } from './http-errors';
import { parseReleaseBody } from './release-body';
import { annotateRequest } from './request-context';

export interface ReleasesRouteOptions {
  keys: AutomationKeyStore | undefined;
  deps: Deps;
  log: Logger;
}

/**
 * POST /api/releases, with a vendor automation key: publishes a release. 201 with the stored
 * release (defaults applied); 400 naming every bad field; 401/403 for the key; 409 if the
 * version exists. Nothing is stored unless the answer is 201.
 */
export function publishReleaseRoute(options: ReleasesRouteOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const key = await authenticateAutomation(req, options.keys, { kind: 'vendor' });
      const context = annotateRequest(req, options.log, { keyId: key.keyId });
      const parsed = parseReleaseBody(jsonBody(req));
      if (!parsed.ok) throw new ReleaseInvalidError(parsed.problems);
      const { release } = await publishRelease(options.deps, parsed.draft);
      context.log.info('release published', { version: release.version, keyLabel: key.label });
      res.send(201, release);
    } catch (err) {
      sendError(req, res, err, options.log);
    }
  };
}

/** The parsed JSON body; a body in another media type is refused rather than guessed at. */
function jsonBody(req: Request): unknown {
  const type = req.getContentType();
  const isJson = type === 'application/json' || /\+json$/.test(type);
  if (req.body !== undefined && !isJson)
    throw new HttpProblem('unsupported_media_type', 'Send the release as JSON with `Content-Type: application/json`.');
  return req.body;
}
