import {
  CardFactory,
  type AppBasedLinkQuery,
  type MessagingExtensionAttachment,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import { buildReadOnlyTicketCard } from '../cards/ticket-card';
import { upgradePreview } from '../cards/upgrade-preview';
import type { Logger } from '../logging';
import type { Deps } from '../usecases/context';
import { identifyCaller } from '../usecases/identify-caller';
import { searchUpgrades, sharedUpgrade, type SearchPage, type SharedUpgrade } from '../usecases/search-upgrades';
import { callerFromActivity } from './caller-from-activity';
import { errorText } from './reply-to-activity';
import { upgradeIdInLink } from './schedule-link';
import { turnLogOf } from './turn-log';

/** The search command and its one parameter, as the manifest declares them (manifest/manifest.template.json, composeExtensions). */
export const searchCommandId = 'searchUpgrades';
export const searchParameterName = 'query';

const howToSearch = 'Search by client (Contoso), change id (CHG-2026-0001) or release version (5.0).';

/** What a search invoke asks for: a text and a page, or a sentence saying why it cannot be answered. */
export type SearchInput = { text: string; page: SearchPage } | { refusal: string };

/**
 * Reads a composeExtension/query value (its types are checked by activity-schema.ts). Teams sends
 * the parameter `initialRun` when the command opens: that is an empty search (the upcoming
 * upgrades). The Agents Playground may leave out the command id and the parameter's name: the one
 * search there is, and its first parameter, are meant.
 */
export function searchInput(query: MessagingExtensionQuery): SearchInput {
  if (query.commandId && query.commandId !== searchCommandId) return { refusal: `Upgrade Desk has no search called "${query.commandId}". ${howToSearch}` };
  const parameters = query.parameters ?? [];
  if (!parameters.length) return { refusal: `Type what to look for. ${howToSearch}` };
  const page = { skip: query.queryOptions?.skip, count: query.queryOptions?.count };
  if (parameters.some((p) => p.name === 'initialRun')) return { text: '', page };
  const parameter = parameters.find((p) => p.name === searchParameterName) ?? parameters[0]!;
  return { text: typeof parameter.value === 'string' ? parameter.value : '', page };
}

/**
 * composeExtension/query: the upgrades the person may see that match, each as its read-only
 * ticket card with a one-line preview. A refusal, no match or a failure is a message in the
 * results pane, never an HTTP error.
 */
export async function answerSearch(deps: Deps, context: TurnContext, query: MessagingExtensionQuery, log: Logger): Promise<MessagingExtensionResponse> {
  const input = searchInput(query);
  if ('refusal' in input) return messageResult(input.refusal);
  try {
    const identity = await identifyCaller(deps, callerFromActivity(context.activity));
    const search = await searchUpgrades(deps, { identity, source: 'chat' }, input.text, input.page);
    if (search.found.length) return results(search.found);
    if ((input.page.skip ?? 0) > 0) return results([]);
    return messageResult(search.text ? `No upgrade you can see matches "${search.text}". ${howToSearch}` : `You have no upcoming upgrades. ${howToSearch}`);
  } catch (err) {
    return messageResult(errorText(err, turnLogOf(context, log)));
  }
}

/**
 * composeExtension/queryLink: a link to an upgrade in the Schedule tab unfurls into its read-only
 * ticket card. Any other link, and an upgrade the person may not see or that does not exist,
 * unfurls into nothing, alike: the answer says nothing of whether it exists.
 */
export async function answerLinkQuery(deps: Deps, context: TurnContext, query: AppBasedLinkQuery, log: Logger): Promise<MessagingExtensionResponse> {
  const upgradeId = upgradeIdInLink(query.url ?? '');
  if (!upgradeId) return nothingToUnfurl();
  try {
    const identity = await identifyCaller(deps, callerFromActivity(context.activity));
    return { ...results([await sharedUpgrade(deps, identity, upgradeId)]), cacheInfo: noCache };
  } catch (err) {
    errorText(err, turnLogOf(context, log));
    return nothingToUnfurl();
  }
}

/** Unfurled cards show the upgrade as it is now, to this person: Teams keeps none of them. */
const noCache = { cacheType: 'no-cache' };

function nothingToUnfurl(): MessagingExtensionResponse {
  return { ...results([]), cacheInfo: noCache };
}

function results(found: SharedUpgrade[]): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: found.map(attachmentOf) } };
}

function messageResult(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

/** What is inserted (the read-only ticket card) and how it is listed (a thumbnail card: change id, client, version; state and window). */
function attachmentOf({ ticket, entry }: SharedUpgrade): MessagingExtensionAttachment {
  const preview = upgradePreview({ upgrade: entry, clientName: ticket.clientName, timeZone: ticket.timeZone });
  return { ...CardFactory.adaptiveCard(buildReadOnlyTicketCard(ticket)), preview: CardFactory.thumbnailCard(preview.title, preview.text) };
}
