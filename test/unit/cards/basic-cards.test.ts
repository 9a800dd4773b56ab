import assert from 'node:assert/strict';
import { buildErrorCard } from '../../../bot/src/cards/error-card';
import { buildHelpCard } from '../../../bot/src/cards/help-card';
import { buildUpgradesCard } from '../../../bot/src/cards/upgrades-card';
import { buildWindowsCard } from '../../../bot/src/cards/windows-card';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { assertValidCard, cardProblems } from '../../support/card-validation';

const textOf = (card: unknown) => JSON.stringify(card);

describe('cards', () => {
  it('the validator rejects a card that breaks the schema', () => {
    assert.ok(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] }).length > 0);
  });

  it('help lists every command with its description', () => {
    const card = buildHelpCard({ commands: [{ usage: 'windows {client}', description: 'Next windows.' }], intro: 'I don\'t know "foo".' });
    assertValidCard(card);
    assert.match(textOf(card), /windows \{client\}/);
    assert.match(textOf(card), /Next windows\./);
    assert.match(textOf(card), /I don't know/);
  });

  it('the windows card shows each window in the client zone and in UTC with places left', () => {
    const card = buildWindowsCard({
      clientName: 'Contoso', timeZone: 'Europe/London', kind: 'major', version: '5.0',
      windows: [{ startsAt: '2027-03-30T17:00:00.000Z', endsAt: '2027-03-30T23:00:00.000Z', placesLeft: 1 }],
    });
    assertValidCard(card);
    const t = textOf(card);
    assert.match(t, /Tue 30 Mar 2027 18:00-24:00 BST/);
    assert.match(t, /Tue 30 Mar 2027 17:00-23:00 UTC/);
    assert.match(t, /"value":"1"/);
  });

  it('the windows card says so when nothing is free', () => {
    const card = buildWindowsCard({ clientName: 'Contoso', timeZone: 'Europe/London', kind: 'minor', windows: [] });
    assertValidCard(card);
    assert.match(textOf(card), /No window is free/);
  });

  it('the upgrades card shows id, versions, state and window', () => {
    const upgrade: Upgrade = {
      id: 'CHG-2026-0001', clientId: 'contoso', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'booked',
      proposedWindows: [], window: { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' },
      prerequisitesDone: [], createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
    };
    const card = buildUpgradesCard({ heading: 'Upgrades', rows: [{ upgrade, clientName: 'Contoso', timeZone: 'Europe/London' }] });
    assertValidCard(card);
    const t = textOf(card);
    assert.match(t, /CHG-2026-0001/);
    assert.match(t, /4\.3 → 5\.0/);
    assert.match(t, /Booked/);
    assert.match(t, /Fri 4 Dec 2026 18:00-24:00 GMT/);
  });

  it('the upgrades card counts proposed windows in proper singular and plural', () => {
    const w = (day: number) => ({ startsAt: `2026-12-0${day}T18:00:00.000Z`, endsAt: `2026-12-0${day + 1}T00:00:00.000Z` });
    const proposed = (n: number): Upgrade => ({
      id: `CHG-2026-000${n}`, clientId: 'contoso', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'proposed',
      proposedWindows: [w(1), w(4), w(8)].slice(0, n), prerequisitesDone: [], createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
    });
    const t = textOf(buildUpgradesCard({ heading: 'Upgrades', rows: [1, 3].map((n) => ({ upgrade: proposed(n), clientName: 'Contoso', timeZone: 'Europe/London' })) }));
    assert.match(t, /1 window proposed, none agreed yet/);
    assert.match(t, /3 windows proposed, none agreed yet/);
    assert.doesNotMatch(t, /\(s\)/);
  });

  it('the error card carries the message and a reference', () => {
    const card = buildErrorCard({ message: 'There is no client called "x".', correlationId: 'abc' });
    assertValidCard(card);
    assert.match(textOf(card), /no client called/);
    assert.match(textOf(card), /Reference: abc/);
  });
});
