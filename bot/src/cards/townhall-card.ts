import type { Release } from '../domain/release';
import { card, facts, text, title, type AdaptiveCard, type CardAction, type CardElement, type OpenUrlAction } from './adaptive-card';
import { actionSet, bullets, factIf, formatCalendarDate, heading, subCard, when, withRefresh, type ViewerRole } from './card-parts';
import { execute, inputIds } from './verbs';

export interface TownhallView {
  release: Pick<Release, 'version' | 'kind' | 'availableOn' | 'highlights' | 'roadmap' | 'releaseNotesUrl' | 'townhall'>;
  viewer: ViewerRole;
  /** The posted notice, so a refresh can show owners their button. */
  noticeId?: string;
  /** The client's owners: the card refreshes for them (at most 60 are kept). */
  refreshUserIds?: string[];
}

const linkIf = (label: string, url: string | undefined): OpenUrlAction[] => (url ? [{ type: 'Action.OpenUrl', title: label, url }] : []);

/** The release announcement to every client's channel: what is new, what is next, and how to get help. */
export function buildTownhallCard(view: TownhallView): AdaptiveCard {
  const r = view.release;
  const links: OpenUrlAction[] = [
    ...linkIf('Release notes', r.releaseNotesUrl),
    ...linkIf('Townhall recording', r.townhall.recordingUrl),
    ...linkIf('Slide deck', r.townhall.deckUrl),
  ];
  const body: CardElement[] = [
    title(`Release ${r.version} is coming`),
    text(r.kind === 'major' ? 'Major release' : 'Minor release', { spacing: 'None', isSubtle: true }),
    facts([
      ['Available', formatCalendarDate(r.availableOn)],
      ...factIf('Townhall', r.townhall.date, formatCalendarDate),
    ]),
    ...when(r.highlights.length, heading('Highlights')),
    ...bullets(r.highlights),
    ...when(r.roadmap.length, heading('On the roadmap')),
    ...bullets(r.roadmap),
    ...when(links.length, actionSet(links)),
  ];
  const v = r.version;
  const actions: CardAction[] = [
    {
      type: 'Action.ShowCard',
      title: 'Ask a question',
      card: subCard(
        [
          {
            type: 'Input.Text',
            id: inputIds.question,
            label: 'Your question for the release manager',
            isMultiline: true,
            isRequired: true,
            errorMessage: 'Write your question.',
            maxLength: 2000,
          },
        ],
        [execute('Send question', { verb: 'townhall.question', version: v })],
      ),
    },
    execute('Request a showcase call', { verb: 'townhall.showcase', version: v }, { associatedInputs: 'none' }),
    execute('Request training or a screenshare', { verb: 'townhall.training', version: v }, { associatedInputs: 'none' }),
    ...when(
      view.viewer === 'owner',
      execute('Start planning the upgrade', { verb: 'townhall.plan', version: v }, { style: 'positive', associatedInputs: 'none' }),
    ),
  ];
  const built = card(body, actions);
  return view.refreshUserIds && view.noticeId
    ? withRefresh(built, { verb: 'card.refresh', card: 'notice', noticeId: view.noticeId }, view.refreshUserIds)
    : built;
}
