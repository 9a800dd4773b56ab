import type { Communication, Vote } from '../domain/upgrade';
import type { ExecuteAction } from './adaptive-card';

/** Every Action.Execute verb a card carries; the bot routes each to one use case. */
export type CardVerb =
  | 'proposal.send'
  | 'proposal.accept'
  | 'proposal.decline'
  | 'proposal.more'
  | 'prerequisites.save'
  | 'cab.record'
  | 'upgrade.event'
  | 'upgrade.overrun'
  | 'decision.vote'
  | 'upgrade.nogo'
  | 'upgrade.reschedule'
  | 'runbook.tick'
  | 'selfservice.schedule'
  | 'card.refresh'
  | 'notice.acknowledge'
  | 'townhall.question'
  | 'townhall.answer'
  | 'townhall.showcase'
  | 'townhall.training'
  | 'townhall.plan'
  | 'release.publish';

const verbPresence: Record<CardVerb, true> = {
  'proposal.send': true,
  'proposal.accept': true,
  'proposal.decline': true,
  'proposal.more': true,
  'prerequisites.save': true,
  'cab.record': true,
  'upgrade.event': true,
  'upgrade.overrun': true,
  'decision.vote': true,
  'upgrade.nogo': true,
  'upgrade.reschedule': true,
  'runbook.tick': true,
  'selfservice.schedule': true,
  'card.refresh': true,
  'notice.acknowledge': true,
  'townhall.question': true,
  'townhall.answer': true,
  'townhall.showcase': true,
  'townhall.training': true,
  'townhall.plan': true,
  'release.publish': true,
};

/** The verbs as a list, for the edge that parses an invoke. */
export const cardVerbs = Object.keys(verbPresence) as readonly CardVerb[];

export function isCardVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && Object.hasOwn(verbPresence, value);
}

/** The ids of the inputs cards send along with their verbs. */
export const inputIds = {
  /** proposal.send: comma-separated startsAt values (Input.ChoiceSet, multi-select). */
  windows: 'windows',
  /** proposal.decline (required), upgrade.nogo and decision.vote No-Go (optional). */
  comment: 'comment',
  /** cab.record */
  approver: 'approver',
  reference: 'reference',
  /** upgrade.event: an optional note for the thread. */
  note: 'note',
  /** upgrade.event, upgrade start before the window: why (required on the confirmation card). */
  earlyStartReason: 'earlyStartReason',
  /** upgrade.overrun (required), upgrade.reschedule (optional). */
  reason: 'reason',
  /** upgrade.overrun: the new ETA, yyyy-MM-dd and HH:mm in the client's time zone. */
  etaDate: 'etaDate',
  etaTime: 'etaTime',
  /** selfservice.schedule: yyyy-MM-dd and HH:mm in the client's time zone. */
  date: 'date',
  time: 'time',
  /** townhall.question */
  question: 'question',
  /** townhall.answer */
  answer: 'answer',
  /** The owners' internal-comms template (no verb: they copy it). */
  freezeTemplate: 'freezeTemplate',
} as const;

/** prerequisites.save: one toggle per prerequisite, by its index in the release's list; "true" when ticked. */
export const prerequisiteInputId = (index: number): string => `prereq-${index}`;

/** Cards a card.refresh can rebuild for the viewer. */
export type RefreshableCard = 'ticket' | 'decision' | 'communication' | 'proposal' | 'readiness' | 'runbook' | 'notice';

/**
 * What each verb's data carries besides the verb. `v` is the upgrade's ETag when the card was
 * built: a card acted on after the upgrade changed is stale. Votes and No-Gos carry no `v`,
 * since concurrent answers to one question must all count.
 */
export type CardActionPayloads = {
  /** With `upgradeId`: new windows in place of that upgrade's booked one (a reschedule). */
  'proposal.send': { clientId: string; version: string; upgradeId?: string; rescheduleReason?: string };
  'proposal.accept': { upgradeId: string; startsAt: string; v: string };
  'proposal.decline': { upgradeId: string; v: string };
  'proposal.more': { upgradeId: string };
  'prerequisites.save': { upgradeId: string; v: string };
  'cab.record': { upgradeId: string; v: string };
  'upgrade.event': { upgradeId: string; communication: Communication; v: string };
  'upgrade.overrun': { upgradeId: string; v: string };
  'decision.vote': { upgradeId: string; decisionId: string; vote: Vote };
  /** `at`: on a formal communication's post in the thread, the communication's time (which post it is). */
  'upgrade.nogo': { upgradeId: string; inAnswerTo: Communication; at?: string };
  'upgrade.reschedule': { upgradeId: string; v: string };
  /** step: the index in the release's runbook. */
  'runbook.tick': { upgradeId: string; step: number };
  'selfservice.schedule': { upgradeId: string; v: string };
  'card.refresh': { card: RefreshableCard; upgradeId?: string; noticeId?: string; decisionId?: string; communication?: Communication; at?: string };
  'notice.acknowledge': { noticeId: string };
  'townhall.question': { version: string };
  'townhall.answer': { questionId: string };
  'townhall.showcase': { version: string };
  'townhall.training': { version: string };
  'townhall.plan': { version: string };
  /** The form's inputs, named by releaseFormFields, come with it. */
  'release.publish': Record<never, never>;
};

/** The data of an Action.Execute, discriminated on its verb. */
export type CardActionData<V extends CardVerb = CardVerb> = { [K in V]: { verb: K } & CardActionPayloads[K] }[V];

/** An Action.Execute whose verb and data agree. */
export function execute<V extends CardVerb>(
  title: string,
  data: CardActionData<V>,
  extra: Pick<ExecuteAction, 'style' | 'associatedInputs'> = {},
): ExecuteAction {
  return { type: 'Action.Execute', title, verb: data.verb, data: { ...data }, ...extra };
}
