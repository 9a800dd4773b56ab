import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { buildTab } from '../../tabs/build.mjs';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../support/browser';

const artifacts = '.data/test-tab';
const now = new Date('2026-11-25T10:00:00Z');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical findings on the page as it is now. Fluent's focus manager
 * (Tabster) puts aria-hidden focus sentinels at the edges of focus zones that hand focus on at
 * once; they are left out of the scan.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() => (window as any).axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] }))) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

describe('the schedule tab in headless Chromium', function () {
  this.timeout(120_000);
  let app: AppHarness;
  let browser: Browser;

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    await buildTab({ production: true });
    app = await startAppHarness({ now });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh browser tab at the harness's "now", on the tab's page (query: theme, upgrade). */
  async function openTab(query = ''): Promise<Page> {
    // A viewer in Berlin: neither the server's zone (UTC) nor a demo client's.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    await page.clock.install({ time: now });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    (page as any).errors = errors;
    await page.goto(`${app.server.url}/tab${query}`);
    return page;
  }

  async function signIn(page: Page, name: string): Promise<void> {
    await page.getByRole('button', { name: `Sign in as ${name}` }).click();
    await page.getByRole('heading', { name: /Upgrade schedule/ }).waitFor();
    await page.locator('.ud-event').first().waitFor();
  }

  const eventTitles = (page: Page) => page.locator('.ud-calendar .ud-event').allTextContents();

  it('serves the built tab under /tab with content types and cache headers', async () => {
    const page = await fetch(`${app.server.url}/tab/schedule`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    const html = await page.text();
    const script = /src="(\/tab\/app-[^"]+\.js)"/.exec(html)![1]!;
    const css = /href="(\/tab\/app-[^"]+\.css)"/.exec(html)![1]!;
    const js = await fetch(`${app.server.url}${script}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /^text\/javascript/);
    assert.match(js.headers.get('cache-control')!, /immutable/);
    assert.match((await fetch(`${app.server.url}${css}`)).headers.get('content-type')!, /^text\/css/);
    assert.equal((await fetch(`${app.server.url}/tab/nothing-here.js`)).status, 404);
    assert.equal((await fetch(`${app.server.url}/tab/..%2Fpackage.json`)).status, 404);
  });

  it('outside Teams the page loads at once and offers the dev sign-in', async () => {
    const started = Date.now();
    const page = await openTab();
    await page.getByRole('heading', { name: 'Upgrade Desk: sign in' }).waitFor();
    await page.getByRole('button', { name: 'Sign in as Alex Wilber' }).waitFor();
    assert.ok(Date.now() - started < 5_000, `sign-in took ${Date.now() - started} ms`);
    assert.ok(await page.getByRole('button', { name: 'Sign in as Patti Fernandez' }).isVisible());
    await page.screenshot({ path: `${artifacts}/sign-in.png` });
    assert.deepEqual((page as any).errors, []);
    await page.close();
  });

  it('as the CSA: the demo schedule, month/week/list, a filter, the detail with its timeline, and no serious axe findings', async () => {
    const page = await openTab();
    await signIn(page, 'Alex Wilber');
    const problems: string[] = [];
    assert.match((await page.locator('.ud-zone-note').textContent())!, /your time zone, Europe\/Berlin/);
    assert.equal(await page.locator('.ud-calendar .ud-today').count(), 1);
    const month = await eventTitles(page);
    assert.ok(month.some((t) => t.includes('Contoso')), month.join('\n'));
    assert.ok(month.some((t) => t.includes('Fabrikam')), month.join('\n'));
    await page.screenshot({ path: `${artifacts}/csa-month.png`, fullPage: true });
    problems.push(...(await seriousViolations(page)).map((p) => `month: ${p}`));

    await page.getByRole('tab', { name: 'Week view' }).click();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.locator('.ud-event').first().waitFor();
    await page.screenshot({ path: `${artifacts}/csa-week.png`, fullPage: true });
    problems.push(...(await seriousViolations(page)).map((p) => `week: ${p}`));

    await page.getByRole('tab', { name: 'List view' }).click();
    await page.locator('.ud-event').first().waitFor();
    await page.screenshot({ path: `${artifacts}/csa-list.png`, fullPage: true });
    problems.push(...(await seriousViolations(page)).map((p) => `list: ${p}`));
    await page.getByRole('tab', { name: 'Month view' }).click();
    await page.locator('.ud-event').first().waitFor();

    // A filter narrows it: only Fabrikam's windows remain.
    await page.getByLabel('Client').selectOption('fabrikam');
    await page.waitForFunction(() => [...document.querySelectorAll('.ud-calendar .ud-event')].every((e) => e.textContent!.includes('Fabrikam')));
    const fabrikam = await eventTitles(page);
    assert.ok(fabrikam.length > 0 && fabrikam.every((t) => t.includes('Fabrikam')), fabrikam.join('\n'));
    await page.getByLabel('Client').selectOption('');
    await page.getByLabel('Search').fill('contoso');
    await page.waitForFunction(() => [...document.querySelectorAll('.ud-calendar .ud-event')].every((e) => e.textContent!.includes('Contoso')));
    await page.getByLabel('Search').fill('');

    // The detail: Contoso's booked upgrade, the window in two zones, readiness and the timeline.
    await page.locator('.ud-calendar .ud-event', { hasText: 'Contoso' }).first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('heading', { name: 'Timeline' }).waitFor();
    await drawer.getByText(/at Contoso/).first().waitFor();
    await page.waitForTimeout(400); // the drawer slides in
    assert.ok((await drawer.locator('.ud-timeline-entry').count()) > 0);
    await page.screenshot({ path: `${artifacts}/csa-detail.png` });
    problems.push(...(await seriousViolations(page)).map((p) => `detail: ${p}`));
    assert.deepEqual(problems, []);
    assert.deepEqual((page as any).errors, []);
    await page.close();
  });

  it('the ICS download of what is on screen parses, one event per upgrade window', async () => {
    const page = await openTab();
    await signIn(page, 'Alex Wilber');
    await page.getByRole('button', { name: 'Calendar' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download \.ics/ }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    assert.ok(events.length > 0, text);
    assert.ok(events.some((e) => /Contoso/.test(e.summary)), events.map((e) => e.summary).join('\n'));
    await page.getByRole('button', { name: /subscription URL/ }).click();
    const url = await page.getByLabel(/Subscription URL/).inputValue();
    assert.match(url, /^https?:\/\/.+/);
    const feed = await fetch(url);
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /BEGIN:VCALENDAR/);
    await page.close();
  });

  for (const theme of ['dark', 'contrast'] as const) {
    it(`renders in the Teams ${theme} theme with no serious axe findings`, async () => {
      const page = await openTab(`?theme=${theme}`);
      await signIn(page, 'Alex Wilber');
      const background = await page.locator('.ud-root').evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.notEqual(background, 'rgb(255, 255, 255)');
      await page.screenshot({ path: `${artifacts}/csa-month-${theme}.png`, fullPage: true });
      assert.deepEqual(await seriousViolations(page), []);
      await page.close();
    });
  }

  it('staff see capacity and the release charts (loaded on demand)', async () => {
    const page = await openTab();
    const chunks: string[] = [];
    page.on('request', (r) => r.url().includes('/tab/chunks/ReleaseInsights') && chunks.push(r.url()));
    await signIn(page, 'Alex Wilber');
    assert.deepEqual(chunks, [], 'the charts load only when Releases opens');
    await page.getByRole('tab', { name: 'Capacity' }).click();
    await page.locator('.ud-heat td').first().waitFor();
    await page.screenshot({ path: `${artifacts}/csa-capacity.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('tab', { name: 'Releases' }).click();
    await page.getByRole('heading', { name: 'Rollout per release' }).waitFor();
    await page.locator('.ud-releases svg').first().waitFor();
    assert.equal(chunks.length, 1);
    assert.deepEqual((page as any).errors, []);
    await page.screenshot({ path: `${artifacts}/csa-releases.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it("the Contoso owner sees Contoso's upgrades only, and a deep link opens one", async () => {
    const page = await openTab();
    await signIn(page, 'Patti Fernandez');
    const titles = await eventTitles(page);
    assert.ok(titles.length > 0);
    assert.ok(titles.every((t) => t.includes('Contoso')), titles.join('\n'));
    assert.equal(await page.getByText(/Fabrikam|Northwind/).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'Capacity' }).count(), 0);
    await page.screenshot({ path: `${artifacts}/contoso-owner.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    const id = /CHG-\d{4}-\d{4}/.exec((await page.locator('.ud-side').textContent()) ?? '')?.[0];
    assert.ok(id, 'the next window names its change id');
    const linked = await openTab(`?upgrade=${id}`);
    await signIn(linked, 'Patti Fernandez');
    await linked.getByRole('dialog').getByRole('heading', { name: 'Timeline' }).waitFor();
    assert.match((await linked.getByRole('dialog').textContent()) ?? '', new RegExp(id));
    await linked.close();
    await page.close();
  });
});
