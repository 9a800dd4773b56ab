import assert from 'node:assert/strict';
import { scheduleLinkFor, upgradeIdInLink } from '../../../bot/src/teams/schedule-link';

describe('links to an upgrade in the Schedule tab (what link unfurling reads)', () => {
  const appId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

  it('reads back the change id of every link scheduleLinkFor makes', () => {
    const deepLink = scheduleLinkFor({ teamsAppId: appId, baseUrl: () => undefined });
    const tabUrl = scheduleLinkFor({ baseUrl: () => 'https://updesk.example.com/' });
    const underPath = scheduleLinkFor({ baseUrl: () => 'https://example.com/upgrade-desk' });
    for (const link of [deepLink, tabUrl, underPath]) assert.equal(upgradeIdInLink(link('CHG-2026-0042')!), 'CHG-2026-0042', link('CHG-2026-0042'));
  });

  it('reads the Schedule page of the tab and a Teams deep link with its context URL-encoded', () => {
    assert.equal(upgradeIdInLink('https://updesk.example.com/tab/schedule?upgrade=CHG-2026-0001'), 'CHG-2026-0001');
    assert.equal(upgradeIdInLink('https://updesk.example.com/tab/?upgrade=CHG-2026-0001&theme=dark'), 'CHG-2026-0001');
    const context = encodeURIComponent(JSON.stringify({ subEntityId: 'CHG-2026-0007', channelId: '' }));
    assert.equal(upgradeIdInLink(`https://teams.microsoft.com/l/entity/${appId}/schedule?context=${context}&label=Schedule`), 'CHG-2026-0007');
  });

  it('reads nothing from any other link', () => {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: 'CHG-2026-0007' }));
    for (const link of [
      'https://updesk.example.com/tab',
      'https://updesk.example.com/tab/configure?upgrade=CHG-2026-0001',
      'https://updesk.example.com/api/upgrades?upgrade=CHG-2026-0001',
      'https://updesk.example.com/tab?upgrade=',
      `https://teams.microsoft.com/l/entity/${appId}/conversations?context=${context}`,
      `https://teams.microsoft.com/l/entity/${appId}/schedule?context=%7Bnot-json`,
      `https://teams.microsoft.com/l/entity/${appId}/schedule?context=${encodeURIComponent('{"subEntityId":7}')}`,
      `https://teams.microsoft.com/l/entity/${appId}/schedule`,
      'ftp://updesk.example.com/tab?upgrade=CHG-2026-0001',
      'not a link',
      '',
    ])
      assert.equal(upgradeIdInLink(link), undefined, link);
  });
});
