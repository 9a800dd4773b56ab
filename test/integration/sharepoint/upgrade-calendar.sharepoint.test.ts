import assert from 'node:assert/strict';
import { UpgradeCalendar, upgradeCalendarTitle } from '../../../bot/src/sharepoint/upgrade-calendar';
import { sharePointClient } from '../../../bot/src/sharepoint/sharepoint-client';
import { devTokens } from '../../../bot/src/sharepoint/sharepoint-tokens';
import { bearer, entry, sharePointWorld, type SharePointWorld } from './fixture';

describe('SharePoint: the "Upgrade calendar" list (@pnp/sp against the stand-in)', function () {
  let world: SharePointWorld;
  const list = () => world.standin.state.list(world.sitePath, upgradeCalendarTitle);

  beforeEach(async () => {
    world = await sharePointWorld();
  });
  afterEach(async () => {
    await world.standin.close();
  });

  it('on first use creates the list once, as a generic list with typed columns, then adds the change\'s row', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());

    const calls = world.calls();
    assert.deepEqual(calls.slice(0, 2), ["GET web/lists/getByTitle('Upgrade calendar')", 'POST web/lists']);
    assert.equal(calls.filter((c) => c === 'POST web/lists').length, 1);
    const create = world.standin.requests.find((r) => r.method === 'POST' && r.path.endsWith('/_api/web/lists'))!;
    assert.deepEqual({ Title: (create.json as any).Title, BaseTemplate: (create.json as any).BaseTemplate }, { Title: 'Upgrade calendar', BaseTemplate: 100 });

    const fields = Object.fromEntries(list()!.fields.filter((f) => !f.builtIn).map((f) => [f.InternalName, f.TypeAsString]));
    assert.deepEqual(fields, { ChangeId: 'Text', Starts: 'DateTime', Ends: 'DateTime', State: 'Text', FromVersion: 'Text', ToVersion: 'Text', Cancelled: 'Boolean', Link: 'URL' });
    const changeId = list()!.fields.find((f) => f.InternalName === 'ChangeId')!;
    assert.equal(changeId.Indexed, true);
    assert.equal(changeId.EnforceUniqueValues, true);
    const fieldPost = world.standin.requests.find((r) => r.path.endsWith('/fields') && r.method === 'POST')!;
    assert.match(fieldPost.headers['content-type']!, /odata=verbose/);
    assert.deepEqual((fieldPost.json as any).__metadata, { type: 'SP.FieldText' });

    assert.equal(calls.at(-2), "GET web/lists/getByTitle('Upgrade calendar')/items");
    assert.equal(world.standin.requests.at(-2)!.query.$filter, "ChangeId eq 'CHG-1'");
    assert.equal(calls.at(-1), "POST web/lists/getByTitle('Upgrade calendar')/items");
    const rows = list()!.items;
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.values, {
      Title: 'Contoso: upgrade to 4.4',
      ChangeId: 'CHG-1',
      Starts: '2026-12-08T18:00:00.000Z',
      Ends: '2026-12-09T00:00:00.000Z',
      State: 'Booked',
      FromVersion: '4.3',
      ToVersion: '4.4',
      Cancelled: false,
      Link: { Description: 'Open in schedule', Url: entry().link },
    });
    for (const r of world.standin.requests) assert.equal(r.headers.authorization, bearer, `${r.method} ${r.path}`);
  });

  it('a second mirror with a new state updates the same row in place (MERGE, IF-MATCH *), without touching the list again', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());
    const id = list()!.items[0]!.Id;
    world.forget();

    await world.publisher.mirrorUpgrade(world.site, entry({ state: 'In progress' }));

    assert.deepEqual(world.calls(), [
      "GET web/lists/getByTitle('Upgrade calendar')/items",
      `POST (MERGE) web/lists/getByTitle('Upgrade calendar')/items(${id})`,
    ]);
    const update = world.standin.requests[1]!;
    assert.equal(update.headers['if-match'], '*');
    assert.equal((update.json as any).State, 'In progress');
    assert.equal(list()!.items.length, 1);
    assert.equal(list()!.items[0]!.Id, id);
    assert.equal(list()!.items[0]!.values.State, 'In progress');
  });

  it('a cancelled upgrade is marked, not deleted', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());
    await world.publisher.mirrorUpgrade(world.site, entry({ state: 'Cancelled', cancelled: true }));

    assert.equal(list()!.items.length, 1);
    assert.equal(list()!.items[0]!.values.Cancelled, true);
    assert.equal(list()!.items[0]!.values.State, 'Cancelled');
    assert.ok(!world.standin.requests.some((r) => r.method === 'DELETE' || r.headers['x-http-method'] === 'DELETE'));
  });

  it('mirroring the same entry again writes nothing', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());
    world.forget();
    await world.publisher.mirrorUpgrade(world.site, entry());
    assert.deepEqual(world.calls(), ["GET web/lists/getByTitle('Upgrade calendar')/items"]);
    assert.equal(list()!.items[0]!.version, 1);
  });

  it('rows of different changes are kept apart; a change id with a quote is escaped in the filter', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());
    await world.publisher.mirrorUpgrade(world.site, entry({ changeId: "CHG-O'Brien", title: 'Fabrikam: upgrade to 4.4' }));
    await world.publisher.mirrorUpgrade(world.site, entry({ changeId: "CHG-O'Brien", title: 'Fabrikam: upgrade to 4.4', state: 'Done' }));
    assert.ok(world.standin.requests.some((r) => r.query.$filter === "ChangeId eq 'CHG-O''Brien'"));
    assert.deepEqual(
      list()!.items.map((i) => [i.values.ChangeId, i.values.State]),
      [['CHG-1', 'Booked'], ["CHG-O'Brien", 'Done']],
    );
  });

  it('no window yet: Starts and Ends are empty; a link too long for a URL column is left out', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry({ startsAt: undefined, endsAt: undefined, link: `https://teams.microsoft.com/${'x'.repeat(300)}` }));
    const values = list()!.items[0]!.values;
    assert.equal(values.Starts, null);
    assert.equal(values.Ends, null);
    assert.equal(values.Link, null);
  });

  it('a list deleted meanwhile (404 on the row) is made again, once, and the row written', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());
    assert.ok(world.standin.state.deleteList(world.sitePath, upgradeCalendarTitle));
    world.forget();

    await world.publisher.mirrorUpgrade(world.site, entry({ state: 'Rebooked' }));

    const calls = world.calls();
    assert.equal(calls[0], "GET web/lists/getByTitle('Upgrade calendar')/items");
    assert.equal(world.standin.requests[0]!.status, 404);
    assert.equal(calls.filter((c) => c === 'POST web/lists').length, 1);
    assert.equal(list()!.items.length, 1);
    assert.equal(list()!.items[0]!.values.State, 'Rebooked');
  });

  it('a new process finds the existing list, adds only the columns it lacks, and keeps the rows', async () => {
    await world.publisher.mirrorUpgrade(world.site, entry());
    const existing = list()!;
    existing.fields = existing.fields.filter((f) => f.InternalName !== 'Link');
    for (const item of existing.items) delete item.values.Link;
    world.forget();

    const calendar = new UpgradeCalendar();
    await calendar.mirror(sharePointClient(world.site, devTokens()), world.site, entry({ state: 'In progress' }));

    const calls = world.calls();
    assert.ok(!calls.includes('POST web/lists'), calls.join('\n'));
    assert.deepEqual(calls.filter((c) => c.endsWith('/fields')), ["GET web/lists/getByTitle('Upgrade calendar')/fields", "POST web/lists/getByTitle('Upgrade calendar')/fields"]);
    assert.equal((world.standin.requests.find((r) => r.method === 'POST' && r.path.endsWith('/fields'))!.json as any).Title, 'Link');
    assert.equal(list()!.items.length, 1);
    assert.equal(list()!.items[0]!.values.State, 'In progress');
  });
});
