import { card, facts, text, title, type AdaptiveCard } from './adaptive-card';
import { instantInZoneAndUtc, subtle } from './card-parts';
import type { RequestView, RequestKind } from '../usecases/views/townhall-messages';

/** showcase: a call to show the new features; training: training or a screenshare; plan: start planning the upgrade. */
export type { RequestKind } from '../usecases/views/townhall-messages';

export type { RequestView } from '../usecases/views/townhall-messages';

const headings: Record<RequestKind, string> = {
  showcase: 'Showcase call requested',
  training: 'Training or a screenshare requested',
  plan: 'Upgrade planning requested',
};

const asks: Record<RequestKind, string> = {
  showcase: 'Arrange a call to showcase the new features of this release.',
  training: 'Arrange training or a screenshare so the client is comfortable receiving the upgrade.',
  plan: 'The client wants to start planning the upgrade: agree a date with their owners.',
};

/** A townhall request, to the client's CSA (BAU) or implementation lead (implementation). */
export function buildRequestCard(view: RequestView): AdaptiveCard {
  return card([
    title(`${headings[view.kind]}: ${view.clientName}`),
    text(asks[view.kind]),
    facts([
      ['Ticket', view.ticketRef],
      ['Release', view.version],
      ['Requested by', view.requestedBy],
      ['When', instantInZoneAndUtc(view.requestedAt, view.timeZone)],
      ['Client phase', view.phase === 'bau' ? 'Business as usual (CSA)' : 'Implementation (implementation lead)'],
    ]),
    ...(view.kind === 'plan' ? [subtle(`To offer windows, send: book ${view.clientId} ${view.version}`)] : []),
  ]);
}
