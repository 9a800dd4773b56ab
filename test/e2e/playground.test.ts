import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../bot/dev/free-port';
import { demoPeople, startPlayground, startPlaygrounds, type DemoPerson, type RunningPlayground } from '../../bot/dev/playground';
import { issueAutomationKey } from '../../bot/src/api/automation-keys';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { launchChromium, loopbackPage } from '../support/browser';

const person = (role: string): DemoPerson => demoPeople.find((p) => p.role === role)!;

async function send(page: Page, text: string, expect: RegExp): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
  await box.waitFor({ timeout: 30_000 });
  await box.click();
  await box.fill(text);
  await page.keyboard.press('Enter');
  await page.getByText(expect).first().waitFor({ timeout: 15_000 });
}

describe('the Agents Playground against the bot', function () {
  this.timeout(120_000);
  let app: AppHarness;
  let browser: Browser;
  const running: RunningPlayground[] = [];

  before(async () => {
    app = await startAppHarness();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await Promise.all(running.map((p) => p.stop()));
    await app?.close();
  });

  it('answers help, windows and upgrades with cards a person can read', async () => {
    const csa = await startPlayground({ botUrl: app.server.url, person: person('csa'), port: await freePort(), workDir: '.data/test-playground/csa' });
    running.push(csa);
    const page = await loopbackPage(browser);
    await page.goto(csa.url);
    await send(page, 'help', /Upgrade Desk commands/);
    await send(page, 'windows contoso', /Next upgrade windows for Contoso/);
    assert.ok(await page.getByText(/Fri 4 Dec 2026 18:00-24:00 GMT/).first().isVisible());
    await send(page, 'upgrades', /Windows proposed/);
    await page.screenshot({ path: '.data/test-playground/playground.png' });
  });

  it('every demo client owner is online at once: a release reaches all three clients\' channels', async () => {
    const people = ['release-manager', 'contoso-owner', 'fabrikam-owner', 'northwind-owner'].map(person);
    const started = await startPlaygrounds({ botUrl: app.server.url, firstPort: await freePort(), workDir: '.data/test-playground', people });
    running.push(...started);
    assert.deepEqual(started.map((p) => p.userName), ['Adele Vance', 'Patti Fernandez', 'Isaiah Langer', 'Diego Siciliani']);
    const owners = started.slice(1);
    // A Playground shows only what arrives while its page is open, as a person keeps Teams open.
    const pages = await Promise.all(owners.map(async (p) => {
      const page = await loopbackPage(browser);
      await page.goto(p.url);
      await page.getByText('General').first().click();
      return page;
    }));
    const key = (await issueAutomationKey(app.keys, { scope: { kind: 'vendor' }, now: new Date() })).key;
    const res = await fetch(`${app.server.url}/api/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: '5.2', kind: 'minor', availableOn: '2027-05-03', highlights: ['Records retention labels'] }),
    });
    assert.equal(res.status, 201);
    for (const [i, page] of pages.entries()) {
      await page.getByText('Release 5.2 is coming').first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: `.data/test-playground/townhall-${owners[i]!.person.role}.png` });
    }
    const report = await fetch(`${app.server.url}/api/notices/townhall:5.2/deliveries`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json());
    assert.deepEqual([report.total, report.sent, report.failed], [3, 3, 0]);
  });

  it('takes another port when the one asked for is busy, and says which', async () => {
    const port = await freePort();
    const squatter: Server = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const moved = await startPlayground({ botUrl: app.server.url, person: person('engineer'), port, workDir: '.data/test-playground/engineer' });
      running.push(moved);
      assert.equal(moved.requestedPort, port);
      assert.notEqual(moved.port, port);
      const served = await fetch(`${moved.url}/_internal/v1/config`).then((r) => r.json());
      assert.equal(served.config.currentUser.name, 'Megan Bowen');
    } finally {
      squatter.close();
    }
  });
});
