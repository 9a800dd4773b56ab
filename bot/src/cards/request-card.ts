import type { ClientPhase } from '../domain/client';
import { card, facts, text, title, type AdaptiveCard } from './adaptive-card';
import { instantInZoneAndUtc, subtle } from './card-parts';

/** showcase: a call to show the new features; training: training or a screenshare; plan: start planning the upgrade. */
export type RequestKind = 'showcase' | 'training' | 'plan';

export interface RequestView {
  kind: RequestKind;
  /** The ticket entry the request was recorded under. */
  ticketRef: string;
  clientId: string;
  clientName: string;
  phase: ClientPhase;
  version: string;
  requestedBy: string;
  requestedAt: string;
  timeZone: string;
}

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
