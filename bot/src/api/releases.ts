import type { Request, Response } from 'restify';
import { ReleaseInvalidError } from '../domain/release-rules';
import type { AutomationKeyStore, ReleaseStore } from '../usecases/ports';
import { publishRelease, type ReleasePublishedHandler } from '../usecases/publish-release';
import { authenticateAutomation } from './authenticate';
import { HttpProblem, sendError } from './http-errors';
import { parseReleaseBody } from './release-body';

export interface ReleasesRouteOptions {
  keys: AutomationKeyStore | undefined;
  releases: ReleaseStore;
  onReleasePublished?: ReleasePublishedHandler;
  log: (line: string) => void;
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
      const parsed = parseReleaseBody(jsonBody(req));
      if (!parsed.ok) throw new ReleaseInvalidError(parsed.problems);
      const release = await publishRelease({ releases: options.releases, onReleasePublished: options.onReleasePublished }, parsed.draft);
      options.log(`[api] release ${release.version} published with automation key ${key.keyId}${key.label ? ` (${key.label})` : ''}`);
      res.send(201, release);
    } catch (err) {
      sendError(res, err, options.log);
    }
  };
}

/** The parsed JSON body; a body in another media type is refused rather than guessed at. */
function jsonBody(req: Request): unknown {
  const type = req.getContentType();
  const isJson = type === 'application/json' || /\+json$/.test(type);
  if (req.body !== undefined && !isJson)
    throw new HttpProblem(415, 'unsupported_media_type', 'Send the release as JSON with `Content-Type: application/json`.');
  return req.body;
}
