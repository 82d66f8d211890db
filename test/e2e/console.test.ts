/**
 * The web console in a real headless Chromium (Debian's, driven by playwright-core): log in,
 * switch tenants, search, open an incident, run a war room command, complete a manual task of
 * its playbook; a customer user reaches no other tenant, not even by editing the URL.
 * Screenshots of the pages go to docs/screenshots/ for the README.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { playbookYaml } from '../support/playbooks.js';
import { launchChromium, noChromium, shot } from '../support/browser.js';

const PASSWORD = 'a long enough passphrase';
const skip = noChromium;

let c: Cluster;
let browser: Browser;

async function login(page: Page, username: string, password: string, tenant?: string): Promise<void> {
  await page.goto(c.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  if (tenant) await page.getByLabel(/tenant/i).fill(tenant);
  await page.getByRole('button', { name: /log ?in|sign ?in/i }).click();
}

/** The page's sessionStorage, for code run in the page (the tests compile without DOM types). */
type InPage = { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } };

/** Logs in on the login page already shown (the address is kept). */
async function loginAgain(page: Page): Promise<void> {
  await page.getByLabel(/user ?name/i).fill('admin');
  await page.getByLabel(/password/i).fill(c.password);
  await page.getByRole('button', { name: /log ?in|sign ?in/i }).click();
}

void describe('web console in Chromium', { skip }, () => {
  let incidentId = 0;
  before(async () => {
    c = await startCluster();
    for (const [id, name] of [['acme', 'Acme Corp'], ['globex', 'Globex']] as const) {
      await c.api.ok('POST', '/api/v1/tenants', { id, name });
      await c.api.ok('POST', `/api/v1/tenants/${id}/incidents`, [
        { name: `${name}: phishing mail to the CFO`, type: 'Phishing', severity: 3 },
        { name: `${name}: malware beacon`, type: 'Malware', severity: 4 },
        { name: `${name}: failed logins`, type: 'Access', severity: 1 },
      ]);
    }
    await c.api.ok('POST', '/api/v1/tenants/acme/content/playbooks', {
      text: playbookYaml('console-triage', [
        { id: '1', script: 'Set', args: { key: 'Triage.Started', value: 'yes' }, next: ['2'] },
        { id: '2', name: 'Call the reporter', next: ['3'] },
        { id: '3', script: 'Print', args: { value: 'triage done' } },
      ]),
      fileName: 'console-triage.yml',
    });
    incidentId = 1;
    await c.api.ok('POST', `/api/v1/tenants/acme/incidents/${incidentId}/playbook/run`, { playbookId: 'console-triage' });
    await c.api.ok('POST', '/api/v1/tenants/acme/users', { username: 'carol', password: PASSWORD, role: 'Analyst' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  void it('logs in, searches all tenants, opens an incident, runs a war room command and completes a manual task', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    assert.equal(await page.getByTestId('incident-row').count(), 6, 'both tenants, three incidents each');
    await shot(page, 'incidents');

    const query = page.getByRole('textbox', { name: /query/i });
    await query.fill('severity:>=high');
    await query.press('Enter');
    await waitFor('the filtered rows', async () => (await page.getByTestId('incident-row').count()) === 4);
    await query.fill('severity:>=');
    await query.press('Enter');
    await page.getByText(/position|column|expected/i).first().waitFor();

    await query.fill('"phishing mail"');
    await query.press('Enter');
    await waitFor('one row per tenant', async () => (await page.getByTestId('incident-row').count()) === 2);
    await page.getByTestId('incident-row').filter({ hasText: 'Acme Corp' }).first().click();
    await page.getByText('Acme Corp: phishing mail to the CFO').first().waitFor();

    const command = page.getByTestId('war-room-command');
    await command.fill('!Print value="hello from the console"');
    await command.press('Enter');
    await page.getByText('hello from the console').last().waitFor();
    await shot(page, 'war-room');

    await page.getByRole('tab', { name: /work ?plan/i }).or(page.getByRole('button', { name: /work ?plan/i })).first().click();
    await page.getByTestId('complete-task-2').click();
    await waitFor('the run to complete', async () => {
      const p = await c.api.ok<{ state: string }>('GET', `/api/v1/tenants/acme/incidents/${incidentId}/workplan`);
      return p.state === 'completed';
    });
    await page.getByText(/completed/i).first().waitFor();
    await shot(page, 'work-plan');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it("keeps a customer user in their tenant, through the UI and by editing the URL", async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true });
    await login(page, 'carol', PASSWORD, 'acme');
    await page.getByTestId('incident-row').first().waitFor();
    const rows = await page.getByTestId('incident-row').allInnerTexts();
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => !r.includes('Globex')), 'only Acme incidents');
    await page.goto(`${c.url}/#/incidents/globex/1`);
    await page.waitForTimeout(1000);
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes('Globex: phishing'), 'the other tenant stays out of reach');
    await page.close();
  });

  void it('shows the dashboard across tenants and for one', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The charts draw at once: the screenshot shows them finished, not half-way through an animation.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    await page.goto(`${c.url}/#/dashboard`);
    await page.getByTestId('dashboard').waitFor();
    const total = page.getByTestId('kpi-total').locator('.kpi-value');
    await waitFor('the total of both tenants', async () => (await total.innerText()).trim() === '6');
    assert.match(await page.getByTestId('kpi-total').innerText(), /\b6\b/);
    assert.equal(await page.getByTestId('dashboard-tenant-errors').count(), 0, 'every tenant answered');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).and(page.locator('[aria-current="page"]')).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await shot(page, 'dashboard');

    await page.getByLabel('Tenant scope').selectOption({ label: 'Acme Corp' });
    await waitFor('the total of Acme alone', async () => (await total.innerText()).trim() === '3');
    await page.getByText('Incidents by status and severity').waitFor();
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('edits an incident and closes it with a reason', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    await page.goto(`${c.url}/#/incidents/globex/2`);
    await page.getByText('Globex: malware beacon').first().waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('form', { name: 'Edit incident' });
    await edit.getByLabel('Name').fill('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByRole('alert').getByText(/name cannot be empty/i).waitFor();
    await edit.getByLabel('Name').fill('Globex: malware beacon on the mail gateway');
    await edit.getByLabel('Owner').fill('dana');
    await edit.getByLabel('Severity').selectOption({ label: 'High' });
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Globex: malware beacon on the mail gateway' }).waitFor();
    const edited = await c.api.ok<{ name: string; owner: string; severity: number }>('GET', '/api/v1/tenants/globex/incidents/2');
    assert.deepEqual([edited.name, edited.owner, edited.severity], ['Globex: malware beacon on the mail gateway', 'dana', 3]);

    await page.getByRole('button', { name: 'Close incident' }).click();
    const close = page.getByRole('form', { name: 'Close incident' });
    await close.getByLabel('Close reason').selectOption('False Positive');
    await close.getByLabel('Close notes').fill('Known scanner of the MSSP');
    await close.getByRole('button', { name: 'Close incident' }).click();
    await page.getByRole('definition').getByText('Known scanner of the MSSP').waitFor();
    const closed = await c.api.ok<{ status: string; closeReason: string; closeNotes: string }>('GET', '/api/v1/tenants/globex/incidents/2');
    assert.deepEqual([closed.status, closed.closeReason, closed.closeNotes], ['done', 'False Positive', 'Known scanner of the MSSP']);
    assert.equal(await page.getByRole('button', { name: 'Close incident' }).count(), 0, 'a closed incident offers no close');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('ends an expired session on the login page and comes back to the same page after logging in', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    await page.goto(`${c.url}/#/dashboard`);
    await page.getByTestId('dashboard').waitFor();
    // The session ends on the server (as at its expiry or a logout elsewhere) while the page is open.
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': (globalThis as unknown as InPage).sessionStorage.getItem('palisade.csrf') ?? '' } });
      return r.status;
    });
    assert.equal(status, 204);
    // The next page that asks the API finds out (the incidents list would come back from this tab's memory).
    await page.getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.getByText(/session expired/i).waitFor();
    assert.equal(await page.getByTestId('incident-row').count(), 0, 'nothing shown without a session');
    await page.goto(`${c.url}/#/dashboard`);
    await loginAgain(page);
    await page.getByTestId('dashboard').waitFor();

    // Five minutes before the end main named at login, a banner says so; at the end the console logs out by itself.
    const expireAt = (ms: number) => page.evaluate((at) => (globalThis as unknown as InPage).sessionStorage.setItem('palisade.expires', at), new Date(Date.now() + ms).toISOString());
    await expireAt(2 * 60_000);
    await page.reload();
    await page.getByTestId('session-expiry').waitFor();
    assert.match(await page.getByTestId('session-expiry').innerText(), /session ends at/i);
    await expireAt(3000);
    await page.reload();
    await page.getByText(/session expired/i).waitFor({ timeout: 10_000 });
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(me, 401, 'the session ended on the server too');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('applies a bulk action to incidents of two tenants', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin', c.password);
    await page.getByTestId('incident-row').first().waitFor();
    const query = page.getByRole('textbox', { name: 'Query' });
    await query.fill('"failed logins"');
    await query.press('Enter');
    await waitFor('one row per tenant', async () => (await page.getByTestId('incident-row').count()) === 2);
    assert.equal(await page.getByTestId('bulk-bar').count(), 0, 'no bulk bar before a selection');
    for (const box of await page.getByTestId('select-row').all()) await box.check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('2 selected').waitFor();
    const setSeverity = bar.getByRole('form', { name: 'Set severity' });
    await setSeverity.getByRole('combobox').selectOption({ label: 'Critical' });
    await setSeverity.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('bulk-result').getByText('2 updated, 0 failed').waitFor();
    for (const tenant of ['acme', 'globex']) {
      const incident = await c.api.ok<{ name: string; severity: number }>('GET', `/api/v1/tenants/${tenant}/incidents/3`);
      assert.match(incident.name, /failed logins/);
      assert.equal(incident.severity, 4, `${tenant}'s incident is critical`);
    }
    await waitFor('the selection to clear', async () => (await page.getByTestId('bulk-bar').count()) === 0);
    assert.equal(await page.getByTestId('select-row').and(page.locator(':checked')).count(), 0);
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });
});
