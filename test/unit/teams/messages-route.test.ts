import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { startServer, type RunningServer } from '../../../bot/src/server';
import type { BotAdapter } from '../../../bot/src/teams/adapter';
import { activityProblems } from '../../../bot/src/teams/activity-schema';
import type { Deps } from '../../../bot/src/usecases/context';

const activity = (overrides: Record<string, unknown> = {}) => ({
  type: 'message', id: 'a1', text: 'help', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:x' }, recipient: { id: '28:bot' }, conversation: { id: 'c1', tenantId: 't1' }, ...overrides,
});

describe('POST /api/messages checks the activity before botbuilder sees it', () => {
  let server: RunningServer;
  const seen: Activity[] = [];
  // Like botbuilder: an invoke nobody handles is a bare 501.
  const adapter = { runActivity: async (_auth: string, a: Activity) => (seen.push(a), a.type === 'invoke' ? { status: 501 } : undefined) } as unknown as BotAdapter;
  before(async () => {
    server = await startServer({ config: { port: 0, serviceUrlHosts: [] }, deps: { stores: {} } as unknown as Deps, pingStorage: async () => undefined, adapter, log: () => undefined });
  });
  after(async () => server?.close());
  const post = (body: unknown) => fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('hands a well-formed activity on', async () => {
    const res = await post(activity());
    assert.equal(res.status, 200);
    assert.equal(seen.length, 1);
  });

  it('gives an invoke nobody handles a JSON 501 with a correlation id', async () => {
    const res = await post(activity({ type: 'invoke', name: 'composeExtension/query', value: {} }));
    const body = await res.json();
    assert.equal(res.status, 501);
    assert.equal(body.error, 'invoke_not_supported');
    assert.equal(body.correlationId, res.headers.get('x-correlation-id'));
  });

  it('answers 400 naming the field for each malformed one, and never hands it on', async () => {
    seen.length = 0;
    const bodies = [
      activity({ serviceUrl: [] }), activity({ serviceUrl: {} }), activity({ serviceUrl: 42 }), activity({ serviceUrl: '' }), activity({ serviceUrl: 'javascript:alert(1)' }),
      activity({ conversation: null }), activity({ from: 'x' }), activity({ text: 7 }), activity({ type: 'invoke', name: 'adaptiveCard/action', value: [] }),
      activity({ channelData: [] }), [activity()], 'message', null,
    ];
    for (const body of bodies) {
      const res = await post(body);
      const answer = await res.json();
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(answer.error, 'invalid_activity');
      assert.ok(answer.fields.length >= 1);
      assert.ok(answer.fields.every((f: { field: string }) => answer.message.includes(f.field)), answer.message);
    }
    assert.equal(seen.length, 0);
  });
});

describe('the activity schema', () => {
  it('names each bad field once', () => {
    assert.deepEqual(activityProblems(activity({ serviceUrl: '' })), [{ field: 'serviceUrl', message: 'must not be empty' }]);
    assert.deepEqual(activityProblems(activity({ serviceUrl: [] })), [{ field: 'serviceUrl', message: 'must be text' }]);
    assert.deepEqual(activityProblems(activity({ conversation: { id: '' }, from: {} })).map((p) => p.field).sort(), ['conversation.id', 'from.id']);
    assert.deepEqual(activityProblems(activity({ type: 'invoke' })).map((p) => p.field).sort(), ['name', 'value']);
    assert.deepEqual(activityProblems(activity({ text: 'x'.repeat(10_001) })), [{ field: 'text', message: 'must be at most 10000 characters' }]);
  });

  it('lets what it does not read pass', () => {
    assert.deepEqual(activityProblems(activity({ entities: [{ type: 'mention', mentioned: { id: '28:bot' } }], localTimezone: 'Europe/London', futureField: { any: 1 } })), []);
    assert.deepEqual(activityProblems(activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute' } } })), []);
  });
});
