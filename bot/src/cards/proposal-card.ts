import type { ReleaseKind } from '../domain/release';
import type { UpgradeContact } from '../domain/staff';
import type { UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card';
import { actionSet, bullets, heading, subCard, subtle, when, windowFacts, type ViewerRole } from './card-parts';
import { execute, inputIds } from './verbs';
import type { ProposalView } from '../usecases/views/proposal-view';

export type { ProposalView } from '../usecases/views/proposal-view';

/** The windows a CSA offered; owners accept one or ask for others. */
export function buildProposalCard(view: ProposalView): AdaptiveCard {
  const owner = view.viewer === 'owner';
  const windows: CardElement[] = view.windows.map((w, i) => ({
    type: 'Container',
    separator: i > 0,
    items: [
      text(`Option ${i + 1}`, { weight: 'Bolder' }),
      facts(windowFacts(w, view.timeZone)),
      ...when(
        owner,
        actionSet([
          execute('Accept this window', { verb: 'proposal.accept', upgradeId: view.upgradeId, startsAt: w.startsAt, v: view.v }, {
            style: 'positive',
            associatedInputs: 'none',
          }),
        ]),
      ),
    ],
  }));
  const body: CardElement[] = [
    title(`Upgrade windows proposed: ${view.upgradeId}`),
    subtle(`${view.clientName} · release ${view.version} (${view.kind}) · times in ${view.timeZone} and UTC`),
    ...(view.notice ? [text(view.notice, { color: 'Warning' })] : []),
    ...(windows.length ? windows : [text('No window is free right now; the CSA will propose new dates.', { color: 'Warning' })]),
    ...(view.kind === 'major' ? majorNotes(view) : []),
    ...declinedNote(view),
    ...when(!owner && !view.declined, subtle("Waiting for the client's owners to pick a window.")),
  ];
  return card(body, actionsFor(view));
}

function majorNotes(view: ProposalView): CardElement[] {
  return [
    heading('Before a major upgrade'),
    ...(view.prerequisites.length ? [text('Prerequisites to complete before the window:'), ...bullets(view.prerequisites)] : []),
    text('CAB approval will be needed: record the approver and change reference on the readiness card before the upgrade starts.'),
    // Only the owners are offered the call; the bot does not take requests in chat, so the line names who to ask.
    ...when(view.viewer === 'owner', text(walkthroughOffer(view.contact), { isSubtle: true })),
  ];
}

/** "Would a walkthrough call help? Ask Alex Wilber, your CSA (alexw@example.com), ..." */
function walkthroughOffer(contact: UpgradeContact | undefined): string {
  const who = contact ? `${contact.name}, your ${contact.role}${contact.email ? ` (${contact.email})` : ''},` : 'your CSA';
  return `Would a walkthrough call help? Ask ${who} to organise a call to run through the upgrade documentation.`;
}

function declinedNote(view: ProposalView): CardElement[] {
  if (!view.declined) return [];
  return [
    heading(`None of these suit ${view.declined.by}`),
    text(view.declined.comment, { spacing: 'None' }),
    ...when(view.viewer === 'owner', subtle('The CSA has been asked for other windows.')),
  ];
}

function actionsFor(view: ProposalView): CardAction[] {
  if (view.viewer === 'csa' && view.declined)
    return [execute('Propose other windows', { verb: 'proposal.more', upgradeId: view.upgradeId }, { style: 'positive' })];
  if (view.viewer !== 'owner') return [];
  return [
    {
      type: 'Action.ShowCard',
      title: 'None of these suit',
      card: subCard(
        [
          {
            type: 'Input.Text',
            id: inputIds.comment,
            label: 'What would suit you better?',
            placeholder: 'e.g. any Friday after the 15th',
            isMultiline: true,
            isRequired: true,
            errorMessage: 'Say why none of these suit, so the CSA can offer better windows.',
            maxLength: 1000,
          },
        ],
        [execute('Ask for other windows', { verb: 'proposal.decline', upgradeId: view.upgradeId, v: view.v })],
      ),
    },
  ];
}
