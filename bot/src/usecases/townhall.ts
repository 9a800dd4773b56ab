import { upgradeContactId } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';
import type { Release } from '../domain/release';
import type { Deps } from './context';
import type { ClientRequest } from './ports';
import type { QuestionView, RequestKind } from './views/townhall-messages';

export const townhallNoticeId = (version: string) => `townhall:${version}`;

/** The townhall announcement to every client's notice channel. */
export async function announceRelease(deps: Deps, release: Release): Promise<{ delivered: number }> {
  if (!deps.messenger) return { delivered: 0 };
  const noticeId = townhallNoticeId(release.version);
  // Every reader sees the buttons; "Start planning" checks that the one who clicks is an owner.
  return deps.messenger.send(noticeId, 'townhall', [{ kind: 'every_client_channel' }], { kind: 'townhall', release, noticeId });
}

function clientPerson(p: Principal) {
  if (p.kind !== 'owner' && p.kind !== 'member')
    throw new UpgradeDeskError('forbidden', 'These buttons are for the people of a client; vendor staff can follow up in the client\'s ticket instead.');
  return p;
}

async function release(deps: Deps, version: string): Promise<Release> {
  const found = await deps.stores.releases.get(version);
  if (!found) throw new UpgradeDeskError('not_found', `Release ${version} is not on record any more.`);
  return found;
}

const requestId = (now: Date) => `REQ-${now.getUTCFullYear()}-${now.getTime().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase()}`;

/** A client's question about a release goes to the vendor's release managers, who answer on the card. */
export async function askQuestion(deps: Deps, principal: Principal, version: string, question: string): Promise<{ reference: string; version: string }> {
  const person = clientPerson(principal);
  await release(deps, version);
  const now = deps.clock.now();
  const request: ClientRequest = {
    id: requestId(now), kind: 'question', version, clientId: person.client.id, tenantId: person.client.tenantId,
    askedById: person.aadObjectId, askedByName: person.name, askedAt: now.toISOString(), text: question,
  };
  await deps.stores.requests.create(request);
  const managers = (await deps.stores.staff.list()).filter((s) => s.roles.includes('release_manager'));
  const view: QuestionView = { questionId: request.id, version, clientName: person.client.name, askedBy: person.name, askedAt: request.askedAt, question, timeZone: 'UTC' };
  await deps.messenger?.send(`question:${request.id}`, 'question', managers.map((m) => ({ kind: 'person', tenantId: deps.vendorTenantId, aadObjectId: m.aadObjectId })), { kind: 'question', view });
  return { reference: request.id, version };
}

/** A release manager answers: the answer goes back to the person who asked. Returns the question as it now stands. */
export async function answerQuestion(deps: Deps, principal: Principal, questionId: string, answer: string): Promise<QuestionView> {
  if (principal.kind !== 'staff' || !principal.staff.roles.includes('release_manager'))
    throw new UpgradeDeskError('forbidden', 'Only the vendor\'s release managers answer townhall questions.');
  const stored = await deps.stores.requests.get(questionId);
  if (!stored || stored.value.kind !== 'question') throw new UpgradeDeskError('not_found', `There is no question ${questionId}.`);
  const q = stored.value;
  const client = await deps.stores.clients.get(q.clientId);
  const view = { questionId, version: q.version, clientName: client?.name ?? q.clientId, askedBy: q.askedByName, askedAt: q.askedAt, question: q.text ?? '', timeZone: 'UTC' };
  if (q.answer) return { ...view, answer: q.answer };
  const answered: ClientRequest = { ...q, answer: { text: answer, by: principal.staff.name, at: deps.clock.now().toISOString() } };
  await deps.stores.requests.update(answered, stored.etag);
  const reply = { version: q.version, question: q.text ?? '', answer, answeredBy: principal.staff.name, answeredAt: answered.answer!.at, timeZone: client?.timeZone ?? 'UTC' };
  await deps.messenger?.send(`answer:${questionId}`, 'answer', [{ kind: 'person', tenantId: q.tenantId, aadObjectId: q.askedById }], { kind: 'answer', view: reply });
  return { ...view, answer: answered.answer };
}

/** A showcase call, training or planning request reaches the client's CSA (BAU) or implementation lead, as a ticket entry. */
export async function requestFollowUp(deps: Deps, principal: Principal, kind: RequestKind, version: string): Promise<{ ticket: string; version: string; contactRole: 'CSA' | 'implementation lead'; contactName?: string }> {
  const person = clientPerson(principal);
  if (kind === 'plan' && person.kind !== 'owner') throw new UpgradeDeskError('forbidden', `Only ${person.client.name}'s owners can start planning an upgrade.`);
  await release(deps, version);
  const now = deps.clock.now();
  const request: ClientRequest = {
    id: requestId(now), kind, version, clientId: person.client.id, tenantId: person.client.tenantId,
    askedById: person.aadObjectId, askedByName: person.name, askedAt: now.toISOString(),
  };
  await deps.stores.requests.create(request);
  const contactId = upgradeContactId(person.client);
  const contact = await deps.stores.staff.get(contactId);
  const view = {
    kind, ticketRef: request.id, clientId: person.client.id, clientName: person.client.name, phase: person.client.phase,
    version, requestedBy: person.name, requestedAt: request.askedAt, timeZone: person.client.timeZone,
  };
  await deps.messenger?.send(`request:${request.id}`, `request_${kind}`, [{ kind: 'person', tenantId: deps.vendorTenantId, aadObjectId: contactId }], { kind: 'request', view });
  return { ticket: request.id, version, contactRole: person.client.phase === 'implementation' ? 'implementation lead' : 'CSA', contactName: contact?.name };
}
