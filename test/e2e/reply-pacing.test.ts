import assert from 'node:assert/strict';
import { demoTenants } from '../../bot/dev/demo-data';
import { startAppHarness, type AppHarness, type TeamsUser } from '../support/app-harness';

describe('chat replies share the tenant\'s budget with the outbox', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness({ teamsLimits: true });
  });
  after(() => app?.close());

  it('80 people of one tenant typing "help" at once are all answered, with no 429 from Teams', async () => {
    const people: TeamsUser[] = Array.from({ length: 80 }, (_, i) => ({
      tenantId: demoTenants.contoso, aadObjectId: `c0c0c0c0-aaaa-0000-0000-${String(i).padStart(12, '0')}`, name: `Contoso person ${i}`,
    }));
    const answers = await Promise.all(people.map((p) => app.say('help', p)));
    assert.equal(answers.filter((replies) => replies.length === 1).length, 80, 'everyone got the help card');
    assert.equal(app.teams.http429, 0, 'Teams never had to say 429');
  });
});
