import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../../bot/src/cards/adaptive-card';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../../bot/src/domain/client';
import type { Role } from '../../../bot/src/domain/audit';
import type { Identity } from '../../../bot/src/domain/staff';
import type { Deps } from '../../../bot/src/usecases/context';
import { commands, findCommand, helpReply } from '../../../bot/src/teams/commands/catalogue';
import { parseCommand } from '../../../bot/src/teams/command-parser';
import { assertValidCard } from '../../support/card-validation';
import { readable } from './support/card-walk';

const contoso: Client = {
  id: 'contoso', name: 'Contoso', tenantId: 'tenant-contoso', timeZone: 'Europe/London', phase: 'bau', csaId: 'alex',
  ownerIds: ['patti'], windowPolicy: defaultWindowPolicy, decisionPolicy: defaultDecisionPolicy, currentVersion: '4.3', blackoutDates: [],
};
const staff = (...roles: Role[]): Identity => ({ kind: 'staff', staff: { aadObjectId: 'alex', name: 'Alex Wilber', roles } });
const owner: Identity = { kind: 'owner', client: contoso, aadObjectId: 'patti', name: 'Patti Fernandez' };
const member: Identity = { kind: 'member', client: contoso, aadObjectId: 'nestor', name: 'Nestor Wilke' };
const stranger: Identity = { kind: 'unknown', aadObjectId: 'x', name: 'Someone', tenantId: 'tenant-elsewhere' };

/** The card help answers with, for this person, checked against Adaptive Card 1.5. */
function helpFor(identity: Identity, intro?: string): AdaptiveCard {
  const reply = helpReply(identity, intro);
  assert.ok('card' in reply);
  assertValidCard(reply.card);
  return reply.card;
}

/** The command words a help card offers: the first word of each usage in bold. */
function offered(card: AdaptiveCard): string[] {
  return card.body.flatMap((e) => (e.type === 'ColumnSet' && e.columns[0]?.items[0]?.type === 'TextBlock' ? [e.columns[0].items[0].text.split(' ')[0]!] : []));
}

/**
 * What Teams and the Agents Playground show of a TextBlock: anything written like an HTML tag is
 * taken as markup and dropped (seen in the Playground: "show <CHG-id>" reads "show ").
 */
const asRendered = (text: string) => text.replace(/<\/?[A-Za-z][^<>]*>/g, '');

const staffOnly = ['book', 'reschedule', 'cancel', 'deliveries', 'publish'];

describe('help card', () => {
  it('shows every placeholder of every command so that it survives Teams markup: {CHG-id}, not <CHG-id>', () => {
    const t = readable(helpFor(staff('csa', 'implementation_lead', 'engineer', 'release_manager')));
    assert.equal(asRendered(t), t, 'some text would be dropped as markup');
    for (const usage of ['windows {client} [version]', 'show {CHG-id}', 'book {client} {version}', 'cancel {CHG-id} {reason}', 'event {CHG-id} {event} [note]', 'deliveries {notice | CHG-id}'])
      assert.ok(t.includes(usage), `help should read "${usage}"`);
    assert.ok(t.includes('"overrun {reason}"'));
    assert.ok(readable(helpFor(owner)).includes('request upgrade {version} [self-service]'));
  });

  it('no command usage or description is written with <...>, which Teams would drop', () => {
    for (const c of commands) {
      assert.equal(asRendered(c.usage), c.usage, c.usage);
      assert.equal(asRendered(c.description), c.description, c.description);
    }
  });

  it('a command typed without its arguments answers with the syntax written so that it can be read', async () => {
    for (const typed of ['windows', 'show', 'book', 'cancel', 'reschedule', 'event', 'deliveries', 'request']) {
      const command = findCommand(parseCommand(typed));
      assert.ok(command, typed);
      const err = await command.run({} as Deps, { identity: staff('csa', 'engineer'), source: 'chat' }, parseCommand(typed)).then(
        () => assert.fail(`${typed} without arguments should be refused`),
        (e: unknown) => e as { userMessage: string },
      );
      assert.match(err.userMessage, /\{[A-Za-z-]+\}/, typed);
      assert.equal(asRendered(err.userMessage), err.userMessage, err.userMessage);
    }
  });

  it('offers a client owner only what owners may use: no staff-only commands', () => {
    const c = helpFor(owner);
    assert.deepEqual(offered(c), ['help', 'windows', 'upgrades', 'show', 'request', 'event', 'notices', 'sharepoint']);
    const t = readable(c);
    for (const word of staffOnly) assert.doesNotMatch(t, new RegExp(`^${word} `, 'm'), `${word} offered to an owner`);
    assert.match(t, /Commands for you as an owner of Contoso\./);
    assert.match(t, /owners, for a self-service upgrade/);
  });

  it('offers a client\'s other people only the commands to look', () => {
    const c = helpFor(member);
    assert.deepEqual(offered(c), ['help', 'windows', 'upgrades', 'show']);
    assert.match(readable(c), /Commands for you as one of Contoso's people\./);
  });

  it('offers someone it does not know only help, and says why', () => {
    const c = helpFor(stranger);
    assert.deepEqual(offered(c), ['help']);
    assert.match(readable(c), /does not recognise you or your organisation yet/);
  });

  it('offers vendor staff the commands of their roles', () => {
    assert.deepEqual(offered(helpFor(staff('csa', 'implementation_lead'))), ['help', 'windows', 'upgrades', 'show', 'book', 'reschedule', 'cancel', 'deliveries', 'sharepoint']);
    assert.deepEqual(offered(helpFor(staff('engineer'))), ['help', 'windows', 'upgrades', 'show', 'event', 'deliveries']);
    assert.deepEqual(offered(helpFor(staff('release_manager'))), ['help', 'windows', 'upgrades', 'show', 'deliveries', 'publish', 'sharepoint']);
    assert.match(readable(helpFor(staff('csa', 'implementation_lead'))), /Commands for you as vendor staff \(CSA, implementation lead\)\./);
  });

  it('the help command answers for the person who asks', async () => {
    const help = findCommand(parseCommand('help'))!;
    const reply = await help.run({} as Deps, { identity: owner, source: 'chat' }, parseCommand('help'));
    assert.ok('card' in reply);
    assert.deepEqual(offered(reply.card), offered(helpFor(owner)));
  });

  it('says that in a channel the bot must be @mentioned', () => {
    assert.match(readable(helpFor(owner)), /In a channel, Teams passes a message to the bot only when it @mentions the bot: type "@Upgrade Desk notices here"\./);
    assert.match(readable(helpFor(staff('engineer'))), /type "@Upgrade Desk upgrades"/);
  });

  it('names an unknown command it was given', () => {
    assert.match(readable(helpFor(member, 'I don\'t know "deploy". Here is what you can do:')), /^I don't know "deploy"\. Here is what you can do:$/m);
  });
});
