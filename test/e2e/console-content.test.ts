/**
 * The console's content area in a real headless Chromium: import a playbook through the page
 * (and see a broken one refused, naming file, field and reason), edit it into version 2, diff
 * the two versions, preview a sync, start one and watch each tenant's progress reach done, see
 * the pushed copy locked in a tenant's view, and install a pack from the marketplace folder.
 * Every effect is checked through the API too. Screenshots go to docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { playbookYaml } from '../support/playbooks.js';
import { launchChromium, noChromium, shot } from '../support/browser.js';

const MARKET = new URL('../../../examples/marketplace/', import.meta.url);
const skip = noChromium;
const PLAYBOOK = 'console-import';
const PASSWORD = 'a long enough passphrase';

let c: Cluster;
let browser: Browser;

async function login(page: Page, username: string, password: string, tenant?: string): Promise<void> {
  await page.goto(c.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  if (tenant) await page.getByLabel(/tenant/i).fill(tenant);
  await page.getByRole('button', { name: /log ?in|sign ?in/i }).click();
}

async function adminPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await login(page, 'admin', c.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Content' }).click();
  await page.getByRole('navigation', { name: 'Content sections' }).waitFor();
  return { page, errors };
}

const held = async (tenant: string): Promise<{ id: string; owner: string }[]> =>
  (await c.api.ok<{ items: { id: string; owner: string }[] }>('GET', `/api/v1/tenants/${tenant}/content/playbooks`)).items;

void describe('console: content library, sync, packs', { skip }, () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'fin', name: 'Finance Co', labels: ['finance'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'ret', name: 'Retail Co', labels: ['retail'] });
    await c.api.ok('POST', '/api/v1/tenants/fin/users', { username: 'finadmin', password: PASSWORD, role: 'Administrator' });
    // The repository's sample marketplace, where main looks by default.
    const market = join(c.mainHome, 'marketplace');
    for (const pack of ['PalisadeStarter', 'XsoarSamples']) cpSync(new URL(pack, MARKET), join(market, pack), { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  void it('imports a playbook, refuses a broken one by file and field, edits it into version 2 and diffs the two', async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('link', { name: 'Import…' }).click();

    // A broken file first: nothing is saved, and the page names the file, the field and the reason.
    await page.getByRole('tab', { name: 'Paste text' }).click();
    await page.getByLabel('File name (says the kind and format)').fill('playbook-broken.yml');
    await page.getByLabel('File content').fill(playbookYaml('broken', [{ id: '1', name: 'Only task', next: ['7'] }]));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const issue = page.getByTestId('import-issue');
    await issue.waitFor();
    assert.match(await issue.innerText(), /playbook-broken\.yml\s+tasks\.1\.nexttasks[^\s]*\s+.*"7"/);
    assert.equal((await c.api.call('GET', '/api/v1/content/playbooks/broken')).status, 404, 'nothing half-imported');

    await page.getByRole('tab', { name: 'Upload files' }).click();
    const yaml = playbookYaml(PLAYBOOK, [
      { id: '1', script: 'Set', args: { key: 'Imported', value: 'yes' }, next: ['2'] },
      { id: '2', script: 'Print', args: { value: 'imported through the console' } },
    ]);
    await page.locator('input[type="file"]').setInputFiles({ name: `playbook-${PLAYBOOK}.yml`, mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await page.getByLabel('Propagation labels for every item (optional)').fill('finance, retail');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-result').getByText('Imported 1 item').waitFor();
    const v1 = await c.api.ok<{ version: number; labels: string[] }>('GET', `/api/v1/content/playbooks/${PLAYBOOK}`);
    assert.deepEqual([v1.version, v1.labels], [1, ['finance', 'retail']]);

    await page.getByRole('link', { name: 'Back to the library' }).click();
    const row = page.getByTestId('content-row').filter({ hasText: PLAYBOOK });
    await row.waitFor();
    assert.match(await row.innerText(), /v1[\s\S]*finance[\s\S]*retail/);
    await row.getByRole('link', { name: PLAYBOOK }).click();
    await page.getByRole('heading', { name: PLAYBOOK }).waitFor();
    const docText = page.getByLabel('Document text');
    await docText.waitFor();
    assert.match(await docText.innerText(), new RegExp(`^id: ${PLAYBOOK}$`, 'm'));

    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByLabel('Document editor');
    await editor.fill(`${await editor.inputValue()}description: tuned in the console\n`);
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Saved as version 2').waitFor();
    const v2 = await c.api.ok<{ version: number; doc: { description?: string } }>('GET', `/api/v1/content/playbooks/${PLAYBOOK}`);
    assert.deepEqual([v2.version, v2.doc.description], [2, 'tuned in the console']);

    await page.getByRole('tab', { name: 'Versions & diff' }).click();
    await waitFor('both versions listed', async () => (await page.getByTestId('version-row').count()) === 2);
    await page.getByLabel('Compare from version 1').check();
    await page.getByLabel('Compare to version 2').check();
    await page.getByRole('button', { name: 'Compare v1 → v2' }).click();
    const change = page.getByTestId('diff-row').filter({ hasText: 'description' });
    await change.waitFor();
    assert.match(await change.innerText(), /description[\s\S]*\(absent\)[\s\S]*tuned in the console/);
    assert.ok(page.url().includes('from=1') && page.url().includes('to=2'), 'the diff is in the address');
    await shot(page, 'content');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('previews a sync, starts one and follows each tenant to done; the tenant view shows the locked copy', async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('navigation', { name: 'Content sections' }).getByRole('link', { name: 'Sync & drift' }).click();
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await waitFor('a preview row per tenant', async () => (await page.getByTestId('preview-row').count()) === 2);
    await page.getByTestId('drift-row').first().waitFor();

    await page.getByRole('button', { name: 'Sync now' }).click();
    const job = page.getByTestId('sync-job');
    await job.waitFor();
    await waitFor('a progress row per tenant', async () => (await page.getByTestId('sync-tenant-row').count()) === 2);
    await waitFor('the job to end', async () => (await job.getAttribute('data-status')) === 'succeeded');
    const states: string[] = [];
    for (const r of await page.getByTestId('sync-tenant-row').all()) states.push(`${(await r.getAttribute('data-tenant')) ?? ''}:${(await r.getAttribute('data-state')) ?? ''}`);
    assert.deepEqual(states.sort(), ['fin:done', 'ret:done']);
    assert.equal(await page.getByRole('progressbar', { name: 'Tenants synced' }).getAttribute('value'), '2');
    for (const tenant of ['fin', 'ret']) {
      const copy = (await held(tenant)).find((p) => p.id === PLAYBOOK);
      assert.equal(copy?.owner, 'main', `${tenant} holds main's copy`);
    }
    await shot(page, 'sync');

    await page.getByLabel('Tenant scope').selectOption({ label: 'Finance Co' });
    await page.getByRole('navigation', { name: 'Content sections' }).getByRole('link', { name: 'Finance Co content' }).click();
    const copy = page.getByTestId('tenant-content-row').filter({ hasText: PLAYBOOK });
    await copy.waitFor();
    assert.match(await copy.innerText(), /main · locked/i);
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it("gives a customer user their tenant's content only, and lets its administrator detach main's copy", async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'finadmin', PASSWORD, 'fin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Content' }).click();
    const copy = page.getByTestId('tenant-content-row').filter({ hasText: PLAYBOOK });
    await copy.waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Content sections' }).count(), 0, 'no main library, sync, packs or marketplace');
    // Main's pages by address: still this tenant's view.
    await page.goto(`${c.url}/#/content/sync`);
    await page.getByRole('heading', { name: 'Finance Co: content' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sync now' }).count(), 0);
    await copy.getByRole('button', { name: `Detach ${PLAYBOOK}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Detach' }).click();
    await waitFor('the copy to be the tenant\'s own', async () => (await copy.getAttribute('data-owner')) === 'tenant');
    assert.equal((await held('fin')).find((p) => p.id === PLAYBOOK)?.owner, 'tenant');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('installs a pack from the marketplace and lists it under Packs', async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('navigation', { name: 'Content sections' }).getByRole('link', { name: 'Marketplace' }).click();
    const card = page.getByTestId('market-pack').and(page.locator('[data-pack="PalisadeStarter"]'));
    await card.waitFor();
    await card.getByRole('button', { name: 'Install…' }).click();
    await card.getByLabel('Labels for its items (optional)').fill('finance');
    await card.getByRole('button', { name: /^Install 1\.0\.0$/ }).click();
    const result = page.getByTestId('install-result');
    await result.getByText('Installed PalisadeStarter 1.0.0').waitFor();
    assert.match(await result.innerText(), /XsoarSamples[\s\S]*dependency/i);
    const packs = await c.api.ok<{ items: { id: string; labels: string[] }[] }>('GET', '/api/v1/packs');
    assert.deepEqual(packs.items.map((p) => p.id).sort(), ['PalisadeStarter', 'XsoarSamples']);
    assert.deepEqual(packs.items.find((p) => p.id === 'PalisadeStarter')?.labels, ['finance']);

    await page.getByRole('navigation', { name: 'Content sections' }).getByRole('link', { name: 'Packs' }).click();
    const row = page.getByTestId('pack-row').and(page.locator('[data-pack="PalisadeStarter"]'));
    await row.waitFor();
    await row.getByRole('link', { name: 'Palisade Starter' }).click();
    await page.getByRole('heading', { name: 'Palisade Starter' }).waitFor();
    assert.ok((await page.getByTestId('pack-item').count()) > 0, 'the pack page lists its items');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });
});
