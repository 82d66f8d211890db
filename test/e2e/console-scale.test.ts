/**
 * The incidents list at scale, in a real headless Chromium: two tenants of 5,000 incidents each,
 * the all-tenants view scrolled to its end until all 10,000 are loaded (a small first page, then
 * bigger ones by cursor), with only a few dozen rows in the DOM at any time; the rows the list
 * ends with are the API's; a selection made far down survives scrolling back up and its bulk
 * action reaches the API, as does one on more rows than a bulk request takes (sent in several).
 * The keyboard walks the rows. Scroll steps are timed in the page for the record, with only a very
 * generous sanity bound: benchmarks (bench/console.ts) measure speed, tests do not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { launchChromium, noChromium, shot } from '../support/browser.js';

const skip = noChromium;

const TENANTS = [['north', 'North Bank'], ['south', 'South Retail']] as const;
const PER_TENANT = 5_000;
const ALL = TENANTS.length * PER_TENANT;
/** Far more than a screen of rows plus the overscan, far fewer than a page of them. */
const MAX_DOM_ROWS = 150;
/** A sanity bound, not a target: a scroll step that takes this long is broken, not slow. */
const SANE_STEP_MS = 2_000;

interface Listed {
  items: { tenant: string; id: number; name: string }[];
  cursor: string | null;
}

/** What the checks read of an element in the page (the tests compile without the DOM's types). */
interface Box {
  getBoundingClientRect(): { top: number; bottom: number; height: number };
  closest(selector: string): Box | null;
}

/** Whether a row is wholly inside the list's scroll box. */
function inBox(r: Box): boolean {
  const box = r.closest('[data-testid="incident-scroll"]')?.getBoundingClientRect();
  const row = r.getBoundingClientRect();
  return box !== undefined && row.top >= box.top && row.bottom <= box.bottom + 1;
}

interface Step {
  ms: number;
  rows: number;
  first: number;
  last: number;
}

let c: Cluster;
let browser: Browser;

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(c.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /log ?in|sign ?in/i }).click();
}

/** Moves the list's scroll box to `to` (px; 'end' for its bottom) and times it to the second frame after. */
function scrollStep(page: Page, to: number | 'end'): Promise<Step> {
  return page.evaluate<Step>(`(async () => {
    const box = document.querySelector('[data-testid="incident-scroll"]');
    const t = performance.now();
    box.scrollTop = ${to === 'end' ? 'box.scrollHeight' : String(to)};
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const ms = performance.now() - t;
    const rows = [...document.querySelectorAll('[data-testid="incident-row"]')].map((r) => Number(r.dataset.index));
    return { ms, rows: rows.length, first: Math.min(...rows), last: Math.max(...rows) };
  })()`);
}

async function loadedCount(page: Page): Promise<{ loaded: number; total: number }> {
  const text = await page.getByTestId('incident-count').innerText();
  const m = /([\d,]+) of ([\d,]+) loaded/.exec(text);
  assert.ok(m, `a count of loaded incidents, not "${text}"`);
  return { loaded: Number(m[1]!.replaceAll(',', '')), total: Number(m[2]!.replaceAll(',', '')) };
}

void describe('web console: 10,000 incidents, virtualised', { skip }, () => {
  /** The all-tenants list in the API's order (created, newest first), paged from Node. */
  const listed: Listed['items'] = [];

  before(async () => {
    c = await startCluster();
    const now = Date.now();
    await Promise.all(
      TENANTS.map(async ([id, name]) => {
        await c.api.ok('POST', '/api/v1/tenants', { id, name });
        const made = await c.api.ok<{ created: number }>('POST', `/api/v1/tenants/${id}/incidents`, sampleIncidents(id, PER_TENANT, now));
        assert.equal(made.created, PER_TENANT);
      }),
    );
    let cursor: string | null = null;
    do {
      const page: Listed = await c.api.ok<Listed>('POST', '/api/v1/incidents/search', { size: 1000, sort: { field: 'created', order: 'desc' }, ...(cursor ? { cursor } : {}) });
      listed.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== null);
    assert.equal(listed.length, ALL);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  void it('scrolls all 10,000 into the list with few rows in the DOM, and keeps a selection made far down', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    await waitFor('the first page and the total', async () => (await loadedCount(page)).total === ALL);
    const start = await loadedCount(page);
    assert.ok(start.loaded > 0 && start.loaded <= 200, `a modest first page, not ${start.loaded} rows`);
    assert.match(await page.getByTestId('incident-row').first().innerText(), /North Bank|South Retail/, 'the Account column');
    const height = await page.getByTestId('incident-row').first().evaluate((r: Box) => r.getBoundingClientRect().height);
    assert.equal(height, 35, 'every row is as tall as the virtualiser counts on');

    const steps: Step[] = [];
    let maxRows = 0;
    const step = async (to: number | 'end'): Promise<Step> => {
      const s = await scrollStep(page, to);
      steps.push(s);
      maxRows = Math.max(maxRows, s.rows);
      assert.ok(s.rows > 0 && s.rows < MAX_DOM_ROWS, `${s.rows} rows in the DOM`);
      assert.ok(s.ms < SANE_STEP_MS, `a scroll step took ${s.ms.toFixed(0)} ms`);
      return s;
    };
    // To the end of what is loaded, again and again: each time the next page comes in.
    let loaded = start.loaded;
    while (loaded < ALL) {
      const s = await step('end');
      assert.equal(s.last, loaded - 1, 'the last row loaded is rendered at the bottom');
      const before = loaded;
      loaded = await waitFor(`more than ${before} rows`, async () => {
        const n = (await loadedCount(page)).loaded;
        return n > before ? n : undefined;
      });
    }
    assert.deepEqual(await loadedCount(page), { loaded: ALL, total: ALL });
    const end = await step('end');
    assert.equal(end.last, ALL - 1);
    await page.getByText(`End of the list: ${ALL.toLocaleString('en-US')} incidents`).waitFor();
    const last = page.locator(`[data-testid="incident-row"][data-index="${ALL - 1}"]`);
    await last.waitFor();
    assert.equal(await last.evaluate(inBox), true, 'the last incident is in view');
    const lastListed = listed[ALL - 1]!;
    assert.ok((await last.innerText()).includes(lastListed.name), 'the list ends with the API’s last incident');
    await shot(page, 'incidents-10k');

    // Jumps into the middle render the rows there, and they are the API's.
    for (const index of [7_321, 2_500, 5_000]) {
      const s = await step(index * 35);
      assert.ok(s.first <= index && s.last >= index, `row ${index} rendered after a jump (${s.first}–${s.last})`);
      const row = page.locator(`[data-testid="incident-row"][data-index="${index}"]`);
      assert.ok((await row.innerText()).includes(listed[index]!.name), `row ${index} is the API's`);
    }

    // A selection far down survives scrolling back to the top. (The row last focused stays in the
    // DOM, so the second one checked is the one to watch leave it.)
    const targets = [listed[ALL - 2]!, listed[ALL - 3]!];
    await step('end');
    await page.locator(`[data-testid="incident-row"][data-index="${ALL - 2}"]`).getByTestId('select-row').check();
    await page.locator(`[data-testid="incident-row"][data-index="${ALL - 3}"]`).getByTestId('select-row').check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('2 selected').waitFor();
    const top = await step(0);
    assert.equal(top.first, 0);
    assert.equal(await page.locator(`[data-testid="incident-row"][data-index="${ALL - 2}"]`).count(), 0, 'the selected row left the DOM');
    assert.equal(await bar.getByText('2 selected').count(), 1, 'the selection survived');
    assert.equal(await page.getByLabel('Select all loaded incidents').evaluate((b: { indeterminate: boolean }) => b.indeterminate), true);

    // The keyboard walks the rows: into the list, two down, back up one.
    await page.getByTestId('incident-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate('document.activeElement?.dataset?.index'), '1');
    await page.keyboard.press('End');
    await waitFor('the last row to take the focus', async () => (await page.evaluate('document.activeElement?.dataset?.index')) === String(ALL - 1));
    assert.equal(await last.evaluate(inBox), true, 'End shows the last row');
    await page.keyboard.press('Home');
    await waitFor('the first row to take the focus', async () => (await page.evaluate('document.activeElement?.dataset?.index')) === '0');

    // The bulk bar acts on the row selected while it is out of the DOM.
    const assign = bar.getByRole('form', { name: 'Assign' });
    await assign.getByRole('textbox').fill('scale-tester');
    await assign.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('bulk-result').getByText('2 updated, 0 failed').waitFor();
    for (const t of targets) {
      const changed = await c.api.ok<{ owner: string }>('GET', `/api/v1/tenants/${t.tenant}/incidents/${t.id}`);
      assert.equal(changed.owner, 'scale-tester');
    }

    // More than one bulk request's worth: every row loaded, assigned in requests of 1,000.
    await waitFor('the list to reload', async () => (await loadedCount(page)).loaded === start.loaded);
    while ((await loadedCount(page)).loaded < 1_100) {
      const before = (await loadedCount(page)).loaded;
      await step('end');
      await waitFor('the next page', async () => (await loadedCount(page)).loaded > before);
    }
    const many = (await loadedCount(page)).loaded;
    await page.getByLabel('Select all loaded incidents').check();
    await bar.getByText(`${many.toLocaleString('en-US')} selected`).waitFor();
    await assign.getByRole('textbox').fill('batcher');
    await assign.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('bulk-result').getByText(`${many} updated, 0 failed`).waitFor({ timeout: 60_000 });
    const assigned = await c.api.ok<{ total: number }>('POST', '/api/v1/incidents/search', { query: 'owner:batcher', size: 1, total: true });
    assert.equal(assigned.total, many, 'every row selected was assigned');

    const ms = steps.map((s) => s.ms).sort((a, b) => a - b);
    console.log(
      `scroll steps: ${ms.length}, median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms; ` +
        `most rows in the DOM: ${maxRows}; first page ${start.loaded} rows`,
    );
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });
  void it('brings the list back where it was left after opening an incident, in the same session only', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    // Deep enough that a second page had to load: 20 screens down.
    for (let n = 0; n < 6; n++) await scrollStep(page, 'end');
    await waitFor('a second page', async () => (await loadedCount(page)).loaded > 100);
    const target = 400;
    await scrollStep(page, 35 * target);
    const row = page.locator(`[data-testid="incident-row"][data-index="${target + 5}"]`);
    await row.waitFor();
    const before = await loadedCount(page);
    const name = listed[target + 5]!.name;
    assert.ok((await row.innerText()).includes(name));
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name }).waitFor();
    await page.goBack();
    const back = page.locator(`[data-testid="incident-row"][data-index="${target + 5}"]`);
    await back.waitFor();
    assert.equal(await back.evaluate(inBox), true, 'the row left on screen is on screen again');
    // A page still on its way when the row was opened may have arrived since: at least as many, never a first page.
    const after = await loadedCount(page);
    assert.ok(after.loaded >= before.loaded && after.loaded > 100 && after.total === before.total, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);

    // Another session of the tab (here the same user, logged in again) starts from the top.
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    await waitFor('a first page', async () => (await loadedCount(page)).loaded === 100);
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });
});
