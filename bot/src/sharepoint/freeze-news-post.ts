import { freezePostPageName, type FreezePost } from '../usecases/intranet-ports';
import { escapeHtml, paragraph, section } from './page-html';
import type { SitePageContent } from './site-pages';

/**
 * The content-freeze news post on a client's intranet: when the freeze is, the message to staff,
 * what may be offline while the upgrade runs, and, once it is over (or called off), a banner saying
 * it is lifted. A lifted post only updates an existing one.
 */

export const liftedBanner = 'The content freeze is lifted: you can edit the intranet again.';

export function freezePostHtml(post: FreezePost): string {
  return [
    post.lifted ? `<blockquote><p><strong>${escapeHtml(liftedBanner)}</strong></p></blockquote>` : '',
    post.when ? `<p><strong>When:</strong> ${escapeHtml(post.when)}</p>` : '',
    ...post.paragraphs.filter((p) => p.trim() !== '').map(paragraph),
    section(post.lifted ? 'During the upgrade' : 'While the upgrade runs', post.outages),
  ].join('');
}

export function freezePostContent(post: FreezePost): SitePageContent {
  return {
    pageName: freezePostPageName(post.changeId),
    title: post.title,
    html: freezePostHtml(post),
    description: post.lifted ? liftedBanner : (post.when ?? post.title),
    news: true,
    // A freeze never posted is not posted as lifted.
    ...(post.lifted ? { onlyIfExists: true } : {}),
  };
}
