import type { AdaptiveCard } from '../../cards/adaptive-card';
import type { CardVerb } from '../../cards/verbs';
import type { Principal } from '../../domain/permissions';
import type { Deps } from '../../usecases/context';
import type { ActionInput } from './action-data';

/** One card verb's handler: the use case behind it, answering with the card the clicker sees next. */
export type CardActionHandler = (deps: Deps, principal: Principal, input: ActionInput) => Promise<AdaptiveCard>;

export type CardActionHandlers = Partial<Record<CardVerb, CardActionHandler>>;
