import type { ClientPhase } from '../../domain/client';
import type { Release } from '../../domain/release';

/** What a client person asks for from a townhall card. */
export type RequestKind = 'showcase' | 'training' | 'plan';

export interface QuestionView {
  questionId: string;
  version: string;
  clientName: string;
  askedBy: string;
  askedAt: string;
  question: string;
  timeZone: string;
  /** Once answered, the card shows the answer instead of the input. */
  answer?: { text: string; by: string; at: string };
}

export interface AnswerView {
  version: string;
  question: string;
  answer: string;
  answeredBy: string;
  answeredAt: string;
  timeZone: string;
}

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

/** A message the use cases send through the outbox; the edge draws its card. */
export type OutgoingMessage =
  | { kind: 'townhall'; release: Release; noticeId: string }
  | { kind: 'question'; view: QuestionView }
  | { kind: 'answer'; view: AnswerView }
  | { kind: 'request'; view: RequestView };
