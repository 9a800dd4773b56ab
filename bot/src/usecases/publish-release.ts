import { withReleaseDefaults, type Release } from '../domain/release';
import { ReleaseInvalidError, releaseProblems, type ReleaseDraft } from '../domain/release-rules';
import type { ReleaseStore } from './ports';

/** What happens once a release is stored: the townhall announcement to every client. */
export type ReleasePublishedHandler = (release: Release) => Promise<void> | void;

export interface PublishReleasePorts {
  releases: ReleaseStore;
  onReleasePublished?: ReleasePublishedHandler;
}

/**
 * Publishes a release whose shape was parsed at the edge (API body or card form): checks the
 * release rules, stores it with its defaults, then hands it to `onReleasePublished`.
 * Refuses a broken release (ReleaseInvalidError, nothing stored) and a version that exists
 * (conflict). The handler runs after the release is stored: if it fails, the release stays.
 */
export async function publishRelease(ports: PublishReleasePorts, draft: ReleaseDraft): Promise<Release> {
  const problems = releaseProblems(draft);
  if (problems.length) throw new ReleaseInvalidError(problems);
  const release = withReleaseDefaults(draft);
  await ports.releases.create(release);
  await ports.onReleasePublished?.(release);
  return release;
}
