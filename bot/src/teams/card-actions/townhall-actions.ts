import { formatCalendarDate } from '../../cards/card-parts';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { buildConfirmationCard } from '../../cards/confirmation-card';
import { buildQuestionCard } from '../../cards/question-card';
import type { RequestKind } from '../../cards/request-card';
import type { Principal } from '../../domain/permissions';
import type { Deps } from '../../usecases/context';
import { buildReleaseFormCard } from '../../cards/release-form-card';
import { releaseFormErrors } from '../../cards/release-form-fields';
import { inputIds } from '../../cards/verbs';
import { parseReleaseBody } from '../../api/release-body';
import { UpgradeDeskError } from '../../domain/errors';
import { countOf } from '../../domain/plural';
import { ReleaseInvalidError } from '../../domain/release-rules';
import { publishRelease } from '../../usecases/publish-release';
import { answerQuestion, askQuestion, requestFollowUp } from '../../usecases/townhall';
import { field } from './action-data';
import type { CardActionHandlers } from './handler';
import { formValues, releaseBodyFromForm } from './release-form';

export const townhallActions: CardActionHandlers = {
  'townhall.question': async (deps, principal, { data }) => {
    const sent = await askQuestion(deps, principal, field(data, 'version'), field(data, inputIds.question, 'your question'));
    return buildConfirmationCard({ heading: 'Question sent', message: 'The release manager will answer you here in Teams.', facts: [['Reference', sent.reference], ['Release', sent.version]] });
  },
  'townhall.answer': async (deps, principal, { data }) => buildQuestionCard(await answerQuestion(deps, principal, field(data, 'questionId'), field(data, inputIds.answer, 'the answer'))),
  'townhall.showcase': (deps, principal, { data }) => followUp(deps, principal, 'showcase', field(data, 'version')),
  'townhall.training': (deps, principal, { data }) => followUp(deps, principal, 'training', field(data, 'version')),
  'townhall.plan': (deps, principal, { data }) => followUp(deps, principal, 'plan', field(data, 'version')),

  /** The release manager's form: the same checks as POST /api/releases; errors come back next to their fields. */
  'release.publish': async (deps, principal, { data }) => {
    if (principal.kind !== 'staff' || !principal.staff.roles.includes('release_manager'))
      throw new UpgradeDeskError('forbidden', 'Only the vendor\'s release managers publish releases.');
    const values = formValues(data);
    const parsed = parseReleaseBody(releaseBodyFromForm(values));
    if (!parsed.ok) return buildReleaseFormCard({ values, errors: releaseFormErrors(parsed.problems) });
    try {
      const { release, channels: delivered } = await publishRelease(deps, parsed.draft);
      return buildConfirmationCard({
        heading: `Release ${release.version} published`,
        message: `The townhall announcement is on its way to ${countOf(delivered, 'client channel')}. Type "deliveries townhall:${release.version}" to follow it.`,
        facts: [['Release', release.kind === 'major' ? 'Major release' : 'Minor release'], ['Available', formatCalendarDate(release.availableOn)]],
      });
    } catch (err) {
      if (err instanceof ReleaseInvalidError) return buildReleaseFormCard({ values, errors: releaseFormErrors(err.problems) });
      if (err instanceof UpgradeDeskError && err.code === 'conflict')
        return buildReleaseFormCard({ values, errors: { version: `Release ${values.version} exists already.` } });
      throw err;
    }
  },
};

async function followUp(deps: Deps, principal: Principal, kind: RequestKind, version: string): Promise<AdaptiveCard> {
  const sent = await requestFollowUp(deps, principal, kind, version);
  return buildConfirmationCard({
    heading: 'Request sent',
    message: `Your ${sent.contactRole}${sent.contactName ? `, ${sent.contactName},` : ''} has it and will be in touch.`,
    facts: [['Ticket', sent.ticket], ['Release', sent.version]],
  });
}
