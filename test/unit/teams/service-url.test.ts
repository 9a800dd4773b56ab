import assert from 'node:assert/strict';
import { serviceUrlAllowed } from '../../../bot/src/teams/adapter';

describe('reply service URL allowlist', () => {
  const hosts = ['smba.trafficmanager.net'];
  it('allows the exact Teams host over https', () => {
    assert.equal(serviceUrlAllowed('https://smba.trafficmanager.net/emea/', hosts), true);
    assert.equal(serviceUrlAllowed('https://SMBA.trafficmanager.net/amer/', hosts), true);
  });
  it('refuses look-alike hosts, http, and anything that is not a URL', () => {
    for (const url of ['https://smba.trafficmanager.net.evil.example/', 'https://evil.example/smba.trafficmanager.net', 'http://smba.trafficmanager.net/', 'https://x.smba.trafficmanager.net/', 'not a url', undefined, 42])
      assert.equal(serviceUrlAllowed(url, hosts), false, String(url));
  });
});
