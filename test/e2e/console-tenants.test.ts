/**
 * The console's tenants and hosts area in a real headless Chromium: an administrator creates a
 * tenant through the form (a label, a role for a local user), pauses and resumes it, edits its
 * labels and deletes it typing its name, each effect checked through the API; the hosts page
 * lists the cluster's host and issues an enrollment token. A main user who may only read sees
 * no button that changes anything. Screenshots go to docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { launchChromium, noChromium, shot } from '../support/browser.js';

const PASSWORD = 'a long enough passphrase';
const skip = noChromium;

interface TenantView {
  id: string;
  name: string;
  labels: string[];
  state: string;
  process: { status: string } | null;
}
interface Grant {
  scope: { tenant?: string; label?: string; all?: true };
  role: string;
}

let c: Cluster;
let browser: Browser;
let danaId = '';

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(c.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /log ?in|sign ?in/i }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

const tenant = (id: string): Promise<TenantView> => c.api.ok<TenantView>('GET', `/api/v1/tenants/${id}`);

void describe('console: tenants and hosts', { skip }, () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'globex', name: 'Globex', labels: ['emea'] });
    danaId = (await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'dana', password: PASSWORD })).id;
    // A main user who may look at tenants and hosts, and change nothing.
    const role = await c.api.ok<{ id: string }>('POST', '/api/v1/roles', { name: 'Tenant viewer', permissions: { tenants: ['read'], hosts: ['read'] } });
    const viewer = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'victor', password: PASSWORD });
    await c.api.ok('PUT', `/api/v1/users/${viewer.id}/access`, [{ tenant: '*', role: role.id }]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  void it('creates a tenant with a label and a grant, pauses, resumes, relabels and deletes it', async () => {
    const { page, errors } = await newPage();
    await login(page, 'admin', c.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.locator('[data-testid="tenant-row"][data-tenant="globex"]').waitFor();

    await page.getByRole('link', { name: 'Create tenant' }).click();
    const form = page.getByRole('form', { name: 'Create tenant' });
    await form.getByLabel(/^Name/).fill('Initech Labs');
    assert.equal(await form.getByLabel(/^Id/).inputValue(), 'initech-labs', 'the id is suggested from the name');
    const labels = form.getByLabel('Labels', { exact: true });
    await labels.fill('finance');
    await labels.press('Enter');
    await form.getByRole('button', { name: '+ Add a user' }).click();
    await form.getByLabel('User 1', { exact: true }).selectOption({ label: 'dana' });
    await form.getByLabel('Role for user 1').selectOption({ label: 'Analyst' });
    await form.getByRole('button', { name: 'Create tenant' }).click();

    await page.getByRole('heading', { name: 'Initech Labs' }).waitFor();
    await page.getByTestId('grant-outcome').filter({ hasText: 'dana as Analyst: granted' }).waitFor();
    const created = await tenant('initech-labs');
    assert.equal(created.name, 'Initech Labs');
    assert.deepEqual(created.labels, ['finance']);
    const grants = (await c.api.ok<{ items: Grant[] }>('GET', `/api/v1/users/${danaId}/access`)).items;
    assert.ok(grants.some((g) => g.scope.tenant === 'initech-labs' && g.role === 'analyst'), `dana holds Analyst on the new tenant: ${JSON.stringify(grants)}`);
    const switcher = page.getByLabel('Tenant scope');
    await switcher.locator('option', { hasText: 'Initech Labs' }).waitFor({ state: 'attached' });
    await page.getByTestId('access-holder').filter({ hasText: 'dana' }).waitFor();

    await waitFor('the tenant to run', async () => (await tenant('initech-labs')).process?.status === 'running');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const paused = await tenant('initech-labs');
    assert.equal(paused.state, 'paused');
    await waitFor('the process to stop', async () => (await tenant('initech-labs')).process?.status === 'paused');
    await page.getByTestId('tenant-status').filter({ hasText: 'paused' }).first().waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    assert.equal((await tenant('initech-labs')).state, 'active');
    await waitFor('the tenant to run again', async () => (await tenant('initech-labs')).process?.status === 'running');
    await page.getByTestId('tenant-status').filter({ hasText: 'running' }).first().waitFor();

    await page.getByRole('button', { name: 'Edit labels' }).click();
    const edit = page.getByRole('form', { name: 'Edit labels' });
    const labelBox = edit.getByLabel('Labels of this tenant', { exact: true });
    await labelBox.fill('bad label!');
    await labelBox.press('Enter');
    await edit.getByRole('alert').filter({ hasText: 'not a valid label' }).waitFor();
    await labelBox.fill('eu-west');
    await labelBox.press('Enter');
    await edit.getByRole('button', { name: 'Remove label finance' }).click();
    await edit.getByRole('button', { name: 'Save labels' }).click();
    await page.getByTestId('tenant-labels').filter({ hasText: 'eu-west' }).waitFor();
    assert.deepEqual((await tenant('initech-labs')).labels, ['eu-west']);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Tenants' }).click();
    await page.locator('[data-testid="tenant-row"][data-tenant="initech-labs"]').getByText('running').waitFor();
    await shot(page, 'tenants');
    const filter = page.getByLabel('Filter tenants');
    await filter.fill('eu-west');
    await waitFor('the filtered rows', async () => (await page.getByTestId('tenant-row').count()) === 1);
    await filter.fill('');
    await page.getByRole('link', { name: 'Initech Labs' }).click();

    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Initech Labs?' });
    const confirm = dialog.getByRole('button', { name: 'Delete tenant' });
    await dialog.getByLabel('Confirmation').fill('initech-labs');
    assert.equal(await confirm.isDisabled(), true, 'the id is not the name');
    await dialog.getByLabel('Confirmation').fill('Initech Labs');
    await confirm.click();
    await page.getByRole('heading', { name: 'Tenants', exact: true }).waitFor();
    assert.equal((await c.api.call('GET', '/api/v1/tenants/initech-labs')).status, 404, 'the tenant is gone');
    await waitFor('the switcher to forget it', async () => (await page.getByLabel('Tenant scope').locator('option', { hasText: 'Initech Labs' }).count()) === 0);
    assert.equal(await page.locator('[data-tenant="initech-labs"]').count(), 0);

    await page.getByRole('navigation', { name: 'Tenants and hosts' }).getByRole('link', { name: 'Hosts' }).click();
    const hostRow = page.getByTestId('host-row').filter({ hasText: 'host-1' });
    await hostRow.getByTestId('host-status').filter({ hasText: 'online' }).waitFor();
    const enroll = page.getByRole('form', { name: 'Issue an enrollment token' });
    await enroll.getByLabel('Host name').fill('host-2');
    await enroll.getByLabel('Valid for (minutes)').fill('30');
    await enroll.getByRole('button', { name: 'Issue token' }).click();
    const token = await page.getByLabel('Enrollment token', { exact: true }).inputValue();
    assert.match(token, /^pse_[A-Za-z0-9_-]+\.[0-9a-f]{64}$/);
    assert.match(await page.getByLabel('Enrollment command').innerText(), new RegExp(`--main ${c.url.replace(/[.]/g, '\\.')} --enroll ${token.replace(/[.]/g, '\\.')}`));
    await page.getByText('it will not be shown again').waitFor();
    await shot(page, 'hosts');

    await hostRow.getByRole('link', { name: 'host-1' }).click();
    await page.getByRole('heading', { name: 'Tenants on this host' }).waitFor();
    await page.locator('[data-testid="tenant-row"][data-tenant="globex"]').waitFor();
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it("shows the API's refusal of a tenant, and keeps a tenant whose grant failed, naming the user", async () => {
    const { page, errors } = await newPage();
    const temp = await c.api.ok<{ id: string }>('POST', '/api/v1/roles', { name: 'Short lived', permissions: { incidents: ['read'] } });
    await login(page, 'admin', c.password);
    await page.goto(`${c.url}/#/tenants?create=1`);
    const form = page.getByRole('form', { name: 'Create tenant' });
    await form.getByLabel(/^Name/).fill('Globex');
    await form.getByLabel(/^Id/).fill('Not An Id');
    await form.getByRole('button', { name: 'Create tenant' }).click();
    await form.getByRole('alert').filter({ hasText: 'lowercase letters' }).waitFor();
    await form.getByLabel(/^Id/).fill('globex-two');
    await form.getByRole('button', { name: 'Create tenant' }).click();
    await form.getByRole('alert').filter({ hasText: 'a tenant named Globex exists already' }).waitFor();

    await form.getByLabel(/^Name/).fill('Hooli');
    await form.getByLabel(/^Id/).fill('');
    assert.equal(await form.getByLabel(/^Id/).inputValue(), 'hooli', 'an emptied id follows the name again');
    await form.getByRole('button', { name: '+ Add a user' }).click();
    await form.getByLabel('User 1', { exact: true }).selectOption({ label: 'dana' });
    await form.getByLabel('Role for user 1').selectOption({ label: 'Short lived' });
    // The role goes away between choosing it and creating: the grant fails, the tenant stays.
    await c.api.ok('DELETE', `/api/v1/roles/${temp.id}`);
    await form.getByRole('button', { name: 'Create tenant' }).click();
    const outcome = page.getByTestId('create-outcome');
    await outcome.getByText('1 of 1 access grants failed').waitFor();
    await outcome.locator('[data-testid="grant-outcome"][data-ok="false"]').filter({ hasText: /dana as Short lived: .*not a role/ }).waitFor();
    assert.equal((await tenant('hooli')).name, 'Hooli', 'the tenant was created all the same');
    const grants = (await c.api.ok<{ items: Grant[] }>('GET', `/api/v1/users/${danaId}/access`)).items;
    assert.ok(!grants.some((g) => g.scope.tenant === 'hooli'), 'dana got nothing on it');
    await outcome.getByRole('button', { name: 'Dismiss' }).click();
    await waitFor('the address without created', async () => !page.url().includes('created'));
    assert.equal(await page.getByTestId('create-outcome').count(), 0);
    await c.api.ok('DELETE', '/api/v1/tenants/hooli?confirm=Hooli');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('offers a main user who may only read no create, pause, delete or enrollment', async () => {
    const { page, errors } = await newPage();
    await login(page, 'victor', PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.locator('[data-testid="tenant-row"][data-tenant="globex"]').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create tenant' }).count(), 0);

    await page.getByRole('link', { name: 'Globex' }).click();
    await page.getByRole('heading', { name: 'Globex' }).waitFor();
    await page.getByTestId('tenant-labels').getByText('emea').waitFor();
    for (const name of ['Pause', 'Resume', 'Delete…', 'Edit labels']) assert.equal(await page.getByRole('button', { name }).count(), 0, `no ${name} button`);

    await page.getByRole('navigation', { name: 'Tenants and hosts' }).getByRole('link', { name: 'Hosts' }).click();
    await page.getByTestId('host-row').filter({ hasText: 'host-1' }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Issue an enrollment token' }).count(), 0);

    await page.goto(`${c.url}/#/tenants?create=1`);
    await page.getByText('Creating tenants needs the account management permission.').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Create tenant' }).count(), 0);
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });
});
