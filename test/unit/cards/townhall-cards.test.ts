import assert from 'node:assert/strict';
import { buildAnswerCard } from '../../../bot/src/cards/answer-card';
import { buildQuestionCard, type QuestionView } from '../../../bot/src/cards/question-card';
import { buildRequestCard, type RequestKind } from '../../../bot/src/cards/request-card';
import { buildTownhallCard } from '../../../bot/src/cards/townhall-card';
import { assertValidCard } from '../../support/card-validation';
import { actionsOf, executes, inputIdsOf, readable, showCards, titles } from './support/card-walk';
import { major, minor, userIds, zone } from './support/fixtures';

describe('townhall card', () => {
  it('announces the release: kind, dates, highlights, roadmap and the links there are', () => {
    const c = buildTownhallCard({ release: major, viewer: 'readonly' });
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /Release 5\.0 is coming\nMajor release/);
    assert.match(t, /Available: Mon 2 Nov 2026/);
    assert.match(t, /Townhall: Tue 20 Oct 2026/);
    assert.match(t, /• New workspace designer/);
    assert.match(t, /• 5\.1: Copilot summaries/);
    const links = actionsOf(c).filter((a) => a.type === 'Action.OpenUrl');
    assert.deepEqual(links.map((l) => [l.title, l.type === 'Action.OpenUrl' ? l.url : '']), [
      ['Release notes', 'https://support.example.com/notes-5-0'],
      ['Townhall recording', 'https://video.example.com/th-5-0'],
      ['Slide deck', 'https://files.example.com/th-5-0.pptx'],
    ]);
  });

  it('leaves out links and sections that are not there', () => {
    const c = buildTownhallCard({ release: minor, viewer: 'readonly' });
    assertValidCard(c);
    assert.equal(actionsOf(c).filter((a) => a.type === 'Action.OpenUrl').length, 0);
    assert.doesNotMatch(readable(c), /roadmap|Townhall:/);
    assert.match(readable(c), /Minor release/);
  });

  it('lets anyone ask a question or request a showcase call or training, carrying the version', () => {
    const c = buildTownhallCard({ release: major, viewer: 'readonly' });
    const ask = showCards(c).find((s) => s.title === 'Ask a question');
    assert.ok(ask);
    assert.deepEqual(inputIdsOf(ask.card), ['question']);
    assert.deepEqual(executes(c).map((a) => a.data), [
      { verb: 'townhall.question', version: '5.0' },
      { verb: 'townhall.showcase', version: '5.0' },
      { verb: 'townhall.training', version: '5.0' },
    ]);
    assert.ok(!titles(c).includes('Start planning the upgrade'));
  });

  it('gives owners "Start planning the upgrade", and refreshes for them when posted as a notice', () => {
    const c = buildTownhallCard({ release: major, viewer: 'owner', noticeId: 'N1', refreshUserIds: userIds(65) });
    assertValidCard(c);
    assert.deepEqual(executes(c, 'townhall.plan')[0]?.data, { verb: 'townhall.plan', version: '5.0' });
    assert.equal(c.refresh?.userIds?.length, 60);
    assert.deepEqual(c.refresh?.action.data, { verb: 'card.refresh', card: 'notice', noticeId: 'N1' });
  });
});

describe('question and answer cards', () => {
  const q: QuestionView = {
    questionId: 'Q7', version: '5.0', clientName: 'Contoso', askedBy: 'Olivia Owner', askedAt: '2026-10-21T15:00:00.000Z',
    question: 'Does 5.0 need a new licence?', timeZone: zone,
  };

  it('gives the release manager the question and an answer box', () => {
    const c = buildQuestionCard(q);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /Question about release 5\.0/);
    assert.match(t, /From: Olivia Owner \(Contoso\)/);
    assert.match(t, /Asked: Wed 21 Oct 2026 11:00 GMT-4 \(Wed 21 Oct 2026 15:00 UTC\)/);
    assert.match(t, /Does 5\.0 need a new licence\?/);
    assert.deepEqual(inputIdsOf(c), ['answer']);
    assert.deepEqual(executes(c)[0]?.data, { verb: 'townhall.answer', questionId: 'Q7' });
  });

  it('shows the answer once given, with no input', () => {
    const c = buildQuestionCard({ ...q, answer: { text: 'No.', by: 'Rita Release', at: '2026-10-21T16:00:00.000Z' } });
    assertValidCard(c);
    assert.match(readable(c), /Answered by Rita Release/);
    assert.deepEqual(inputIdsOf(c), []);
    assert.deepEqual(titles(c), []);
  });

  it('brings the answer back to the asker', () => {
    const c = buildAnswerCard({ version: '5.0', question: q.question, answer: 'No new licence.', answeredBy: 'Rita Release', answeredAt: '2026-10-21T16:00:00.000Z', timeZone: zone });
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /Does 5\.0 need a new licence\?/);
    assert.match(t, /Rita Release answered\nNo new licence\./);
    assert.match(t, /Wed 21 Oct 2026 12:00 GMT-4 \(Wed 21 Oct 2026 16:00 UTC\)/);
  });
});

describe('request card', () => {
  const expected: Record<RequestKind, RegExp> = {
    showcase: /Showcase call requested: Contoso/,
    training: /Training or a screenshare requested: Contoso/,
    plan: /Upgrade planning requested: Contoso[\s\S]*book contoso 5\.0/,
  };
  for (const kind of ['showcase', 'training', 'plan'] as const) {
    it(`tells the CSA or implementation lead of a ${kind} request, with the ticket`, () => {
      const c = buildRequestCard({
        kind, ticketRef: 'REQ-2026-0009', clientId: 'contoso', clientName: 'Contoso', phase: kind === 'plan' ? 'bau' : 'implementation',
        version: '5.0', requestedBy: 'Olivia Owner', requestedAt: '2026-10-21T15:00:00.000Z', timeZone: zone,
      });
      assertValidCard(c);
      const t = readable(c);
      assert.match(t, expected[kind]);
      assert.match(t, /Ticket: REQ-2026-0009/);
      assert.match(t, /Requested by: Olivia Owner/);
      assert.match(t, kind === 'plan' ? /Business as usual \(CSA\)/ : /Implementation \(implementation lead\)/);
    });
  }
});
