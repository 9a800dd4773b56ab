import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../bot/dev/free-port';
import { startPlayground, type RunningPlayground } from '../../bot/dev/playground';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { launchChromium, loopbackPage } from '../support/browser';

describe('the Agents Playground against the bot', function () {
  this.timeout(90_000);
  let app: AppHarness;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;

  before(async () => {
    app = await startAppHarness();
    playground = await startPlayground({ botUrl: app.server.url, role: 'csa', port: await freePort(), workDir: '.data/test-playground' });
    browser = await launchChromium();
    page = await loopbackPage(browser);
    await page.goto(playground.url);
  });
  after(async () => {
    await browser?.close();
    await playground?.stop();
    await app?.close();
  });

  async function send(text: string, expect: RegExp): Promise<void> {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.waitFor({ timeout: 30_000 });
    await box.click();
    await box.fill(text);
    await page.keyboard.press('Enter');
    await page.getByText(expect).first().waitFor({ timeout: 15_000 });
  }

  it('answers help, windows and upgrades with cards a person can read', async () => {
    await send('help', /Upgrade Desk commands/);
    await send('windows contoso', /Next upgrade windows for Contoso/);
    assert.ok(await page.getByText(/Fri 4 Dec 2026 18:00-24:00 GMT/).first().isVisible());
    await send('upgrades', /Windows proposed/);
    await page.screenshot({ path: '.data/test-playground/playground.png' });
  });
});
