import { parseChangeId } from '../domain/change-id';
import type { Client } from '../domain/client';
import { isUpgradeDeskError, UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';
import { scheduleEntryOf, type ScheduleEntry } from '../domain/schedule';
import { isFinished } from '../domain/upgrade';
import type { Caller, Deps } from './context';
import { findClient, visibleClients } from './find-client';
import { listUpgrades } from './list-upgrades';
import { loadUpgrade } from './load-upgrade';
import { ticketView } from './upgrade-views';
import type { TicketView } from './views/ticket-view';

/** The longest search: a client, a change id and a version fit many times over. */
export const maxSearchLength = 100;
/** How many of the caller's upcoming upgrades an empty search gives. */
export const upcomingCount = 10;
/** The most results one page of a search gives (Teams asks for 25 at a time). */
export const maxPageSize = 25;

/** An upgrade to share in a conversation: its ticket as anyone there may read it, and its place on the schedule. */
export interface SharedUpgrade {
  /** Read-only: nothing on it acts for the person who shared it. */
  ticket: TicketView;
  entry: ScheduleEntry;
}

export interface UpgradeSearch {
  /** What was searched for, spaces tidied; empty for the caller's upcoming upgrades. */
  text: string;
  found: SharedUpgrade[];
}

export interface SearchPage {
  skip?: number;
  count?: number;
}

/**
 * Upgrades the caller may see that match a search, scoped exactly as the `upgrades` listing
 * (listUpgrades): another client's upgrades never match for a client's person, and someone
 * Upgrade Desk does not know is refused. Every word must match one of an upgrade's client (name
 * or id), change id (CHG-2026-0001, or CHG-1 for its number, or 0001) or target release (5.0; 5
 * for 5.x). Empty text: the caller's open upgrades, soonest first, at most `upcomingCount`.
 * Otherwise the open ones first, soonest first, then the finished ones, latest first.
 */
export async function searchUpgrades(deps: Deps, caller: Caller, text: string, page: SearchPage = {}): Promise<UpgradeSearch> {
  const query = text.trim().replace(/\s+/g, ' ');
  if (query.length > maxSearchLength)
    throw new UpgradeDeskError('bad_input', `That search is ${query.length} characters; keep it to ${maxSearchLength}: a client, a change id like CHG-2026-0001 or a version like 5.0.`);
  if (caller.identity.kind === 'unknown')
    throw new UpgradeDeskError('forbidden', 'Upgrade Desk does not recognise you or your organisation yet, so there are no upgrades to show you. Ask your vendor contact to add your organisation as a client.');
  const words = query.split(' ').filter((w) => normalise(w) !== '');
  const candidates = await candidatesFor(deps, caller, words);
  const matching = candidates.filter(({ upgrade, client }) => words.every((w) => matches(w, upgrade, client)));
  const open = matching.filter((r) => !isFinished(r.upgrade.state));
  const ordered = words.length ? [...open, ...matching.filter((r) => isFinished(r.upgrade.state)).reverse()] : open.slice(0, upcomingCount);
  const skip = page.skip ?? 0;
  const chosen = ordered.slice(skip, skip + Math.min(page.count || maxPageSize, maxPageSize));
  const found = await Promise.all(chosen.map((r) => sharedUpgradeOrNone(deps, caller.identity, r.upgrade.id)));
  return { text: query, found: found.filter((f) => f !== undefined) };
}

/**
 * An upgrade as it is shared in a conversation (a search result picked, a link unfurled): its
 * read-only ticket. One the principal may not see is not found, as if it did not exist.
 */
export async function sharedUpgrade(deps: Deps, principal: Principal, upgradeId: string): Promise<SharedUpgrade> {
  const { upgrade, client, release } = await loadUpgrade(deps, principal, upgradeId);
  const audit = await deps.stores.upgrades.listAudit(upgrade.value.id);
  return { ticket: ticketView(upgrade, client, release, 'readonly', audit.at(-1), deps.scheduleLink), entry: scheduleEntryOf(upgrade.value) };
}

async function sharedUpgradeOrNone(deps: Deps, principal: Principal, upgradeId: string): Promise<SharedUpgrade | undefined> {
  try {
    return await sharedUpgrade(deps, principal, upgradeId);
  } catch (err) {
    // Gone from the store since the schedule index listed it: left out.
    if (isUpgradeDeskError(err) && err.code === 'not_found') return undefined;
    throw err;
  }
}

type Candidate = { upgrade: ScheduleEntry; client: Client };

/**
 * What the words are matched against: the one upgrade a full change id names; else the listing
 * of the `upgrades` command, narrowed to a client when a word names one the caller may see (all
 * of that client's upgrades, not only the months around now).
 */
async function candidatesFor(deps: Deps, caller: Caller, words: string[]): Promise<Candidate[]> {
  const changeId = words.map((w) => parseChangeId(w)).find((r) => r.ok);
  if (changeId?.ok) {
    const loaded = await loadUpgrade(deps, caller.identity, changeId.value.id).catch((err: unknown) => {
      if (isUpgradeDeskError(err) && err.code === 'not_found') return undefined;
      throw err;
    });
    return loaded ? [{ upgrade: scheduleEntryOf(loaded.upgrade.value), client: loaded.client }] : [];
  }
  const clients = visibleClients(caller.identity, await deps.stores.clients.list());
  const named = words.map((w) => clientNamed(w, clients)).find((c) => c !== undefined);
  return (await listUpgrades(deps, caller, named?.id)).rows;
}

function clientNamed(word: string, clients: readonly Client[]): Client | undefined {
  if (looksLikeVersion(word) || looksLikeChangeId(word)) return undefined;
  try {
    return findClient(word, clients);
  } catch {
    return undefined;
  }
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const looksLikeVersion = (word: string) => /^v?\d+(\.\d+)*$/i.test(word) && !/^\d{4,}$/.test(word);
const looksLikeChangeId = (word: string) => /^chg-?[\d-]*$/i.test(word) || /^\d[\d-]{2,}$/.test(word);

function matches(word: string, upgrade: ScheduleEntry, client: Client): boolean {
  return clientMatches(word, client) || changeIdMatches(word, upgrade.id) || versionMatches(word, upgrade.toVersion);
}

/** "con", "Contoso", "traders" (a word of "Northwind Traders"), or the client's id. */
function clientMatches(word: string, client: Client): boolean {
  const w = normalise(word);
  return [client.id, client.name, ...client.name.split(/\s+/)].some((name) => normalise(name).startsWith(w));
}

/** "CHG-2026-0001", "2026-0001", "0001"; "CHG-1": the sequence number without the year; "CHG-2026": the year's. */
function changeIdMatches(word: string, upgradeId: string): boolean {
  if (!looksLikeChangeId(word)) return false;
  const number = /^chg-?(\d+)$/i.exec(word)?.[1];
  const parsed = parseChangeId(upgradeId);
  if (number && parsed.ok) return Number(number) === parsed.value.sequence || (number.length === 4 && Number(number) === parsed.value.year);
  return normalise(upgradeId).includes(normalise(word));
}

/** The target release: "5.0" or "v5.0" is 5.0; "5" is any 5.x. */
function versionMatches(word: string, toVersion: string): boolean {
  if (!looksLikeVersion(word)) return false;
  const version = word.replace(/^v/i, '');
  return toVersion === version || toVersion.startsWith(`${version}.`);
}
