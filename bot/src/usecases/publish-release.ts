import { withReleaseDefaults, type Release } from '../domain/release';
import { ReleaseInvalidError, releaseProblems, type ReleaseDraft } from '../domain/release-rules';
import { applyReleaseEffects, settleEffects } from './apply-effects';
import type { Deps } from './context';
import { releaseArticleUrl } from './intranet-ports';

/** What happens once a release is stored: the townhall announcement to every client. */
export type ReleasePublishedHandler = (release: Release) => Promise<void> | void;

/**
 * Publishes a release whose shape was parsed at the edge (API body or card form): checks the
 * release rules, then stores it with its defaults and its townhall-to-come in one transaction, and
 * announces it at once (the relay does it after a crash). Refuses a broken release
 * (ReleaseInvalidError, nothing stored) and a version that exists (conflict).
 */
export async function publishRelease(deps: Deps, draft: ReleaseDraft): Promise<{ release: Release; channels: number }> {
  const problems = releaseProblems(draft);
  if (problems.length) throw new ReleaseInvalidError(problems);
  // With a release-notes site, the townhall links to the release's article there (made as an effect).
  const site = deps.intranet?.releaseNotesSite;
  const release = withReleaseDefaults(site && !draft.releaseNotesUrl ? { ...draft, releaseNotesUrl: releaseArticleUrl(site.url, draft.version) } : draft);
  const pending = await deps.stores.releases.create(release, { announce: true });
  deps.trace?.('effects:recorded', release.version);
  let channels = 0;
  await settleEffects(deps, pending, async () => {
    channels = (await applyReleaseEffects(deps, { kind: 'release', version: release.version, effects: { townhall: true, article: true } }, release)).delivered;
  });
  return { release, channels };
}
