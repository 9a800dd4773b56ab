import { releaseArticlePageName, type ReleaseArticle } from '../usecases/intranet-ports';
import { escapeHtml, heading, link, paragraph, section } from './page-html';
import type { SitePageContent } from './site-pages';

/**
 * A release's article on the vendor's release-notes site: what is new, what comes next, what to do
 * before and during the upgrade, and the townhall's recording and slides.
 */

export function releaseArticleHtml(article: ReleaseArticle): string {
  const kind = article.kind === 'major' ? 'Major release' : 'Minor release';
  const links = [
    article.recordingUrl ? `<li>${link(article.recordingUrl, 'Townhall recording')}</li>` : '',
    article.deckUrl ? `<li>${link(article.deckUrl, 'Townhall slides')}</li>` : '',
  ].join('');
  return [
    `<p><strong>${escapeHtml(article.availability)}</strong> · ${escapeHtml(kind)} ${escapeHtml(article.version)}</p>`,
    section('Highlights', article.highlights),
    section('Coming next', article.roadmap),
    section('Before you upgrade', article.prerequisites),
    section('The upgrade, step by step', article.runbook, true),
    section('While the upgrade runs', article.outages),
    article.contentFreezeAdvised
      ? heading('Content freeze') + paragraph('We advise a content freeze on your intranet while the upgrade runs: your people should not edit pages or lists until it is complete.')
      : '',
    links ? heading('Recording and slides') + `<ul>${links}</ul>` : '',
  ].join('');
}

export function releaseArticleContent(article: ReleaseArticle): SitePageContent {
  return {
    pageName: releaseArticlePageName(article.version),
    title: article.title,
    html: releaseArticleHtml(article),
    description: article.availability,
  };
}
