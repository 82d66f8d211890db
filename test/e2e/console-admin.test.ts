/**
 * The console's Settings area in a real headless Chromium: an administrator creates a local user
 * with access to a tenant, a custom role with the permission matrix, an API key (its secret
 * shown once, used, then revoked), reads, filters and verifies the audit trail, and configures
 * the directory; a customer user sees their tenant's users and trail and nothing of main, not
 * even by editing the URL. Every effect is checked through the API. Screenshots for the README.
 * Without Chromium, the API part (users listed with their access and groups) still runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../../src/cli/api-client.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { startDirectory, type TestDirectory } from '../support/ldap.js';
import { launchChromium, noChromium, shot } from '../support/browser.js';

const PASSWORD = 'a long enough passphrase';
const noBrowser = noChromium;

interface Grant {
  scope: { tenant: string } | { label: string } | { all: true };
  role: string;
}
interface ListedUser {
  id: string;
  username: string;
  kind: string;
  access: Grant[];
  groups?: string[];
}
interface Role {
  id: string;
  name: string;
  permissions: { resources: Record<string, string[]>; flags: string[] };
}

let c: Cluster;
let dir: TestDirectory;
let browser: Browser | undefined;

/** A page that records its errors, logged in. */
async function open(username: string, password: string, tenant?: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(c.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  if (tenant) await page.getByLabel(/tenant/i).fill(tenant);
  await page.getByRole('button', { name: /log ?in/i }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { page, errors };
}

const users = async (): Promise<ListedUser[]> => (await c.api.ok<{ items: ListedUser[] }>('GET', '/api/v1/users')).items;

void describe('console settings area', () => {
  before(async () => {
    [c, dir] = await Promise.all([startCluster(), startDirectory()]);
    await c.api.ok('POST', '/api/v1/tenants', { id: 'acme', name: 'Acme Corp', labels: ['finance'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'globex', name: 'Globex' });
    // Something in Acme's own trail for its customer to read.
    await c.api.ok('POST', '/api/v1/tenants/acme/incidents', { name: 'Acme: phishing mail' });
    await c.api.ok('POST', '/api/v1/tenants/acme/users', { username: 'carol', password: PASSWORD, role: 'Administrator' });
    await dir.addUser('alice', 'alice-directory-pw');
    await dir.addToGroup('alice', 'soc-acme');
    if (!noBrowser) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
    await dir?.stop();
  });

  void it("lists main's users with their access, and a directory user's groups", async () => {
    await c.api.ok('PUT', '/api/v1/settings/directory', {
      enabled: true, url: dir.url, bindDn: dir.bindDn, bindPassword: dir.bindPassword, userBase: dir.usersDn,
      userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))', groupAttribute: 'memberOf',
      mappings: [{ group: 'soc-acme', tenant: 'acme', role: 'Analyst' }],
    });
    const alice = new ApiClient(c.url, c.caPem);
    await alice.login('alice', 'alice-directory-pw');
    await alice.close();
    const listed = await users();
    const a = listed.find((u) => u.username === 'alice');
    assert.equal(a?.kind, 'directory');
    assert.ok(a.groups?.includes('soc-acme'), JSON.stringify(a));
    assert.deepEqual(a.access, [{ scope: { tenant: 'acme' }, role: 'analyst' }]);
    const admin = listed.find((u) => u.username === 'admin');
    assert.deepEqual(admin?.access, [{ scope: { all: true }, role: 'administrator' }]);
    assert.equal('groups' in admin, false, 'groups are a directory user\'s only');
    assert.equal(listed.some((u) => u.username.includes('carol')), false, 'customer users are listed under their tenant');
  });

  void it('logs a directory user in through the login page, with the access their group gives', { skip: noBrowser }, async () => {
    const { page, errors } = await open('alice', 'alice-directory-pw');
    await page.getByTestId('incident-row').first().waitFor();
    const rows = await page.getByTestId('incident-row').allInnerTexts();
    assert.ok(rows.length > 0 && rows.every((r) => r.includes('Acme')), rows.join(' | '));
    const scopes = await page.getByLabel('Tenant scope').locator('option').allInnerTexts();
    assert.deepEqual(scopes, ['All tenants', 'Acme Corp'], 'only the tenant soc-acme maps to');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('creates a local user with access to a tenant, and shows a tenant\'s customer users', { skip: noBrowser }, async () => {
    const { page, errors } = await open('admin', c.password);
    await page.goto(`${c.url}/#/users`);
    await page.getByTestId('user-row').filter({ hasText: 'alice' }).getByText('soc-acme', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username', { exact: true }).fill('dana');
    await form.getByLabel('Password', { exact: true }).fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('at least 12 characters').first().waitFor();
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByLabel('Confirm password').fill(PASSWORD);
    await form.getByRole('button', { name: '+ Add grant' }).click();
    await form.getByLabel('Tenant of grant 1').selectOption('acme');
    await form.getByLabel('Role of grant 1').selectOption('analyst');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User dana created.').waitFor();
    const dana = (await users()).find((u) => u.username === 'dana');
    assert.ok(dana, 'created');
    const access = await c.api.ok<{ items: Grant[] }>('GET', `/api/v1/users/${dana.id}/access`);
    assert.deepEqual(access.items, [{ scope: { tenant: 'acme' }, role: 'analyst' }]);
    await page.getByTestId('user-row').filter({ hasText: 'dana' }).getByText('Analyst on Acme Corp').waitFor();
    await shot(page, 'users');

    // On the user's page: one more grant, on the tenants labelled finance, saved whole.
    await page.getByRole('link', { name: 'dana', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Access' });
    await panel.getByLabel('Role of grant 1').waitFor();
    await panel.getByRole('button', { name: '+ Add grant' }).click();
    await panel.getByLabel('Scope of grant 2').selectOption('label');
    await panel.getByLabel('Label of grant 2').fill('finance');
    await panel.getByLabel('Role of grant 2').selectOption('read-only');
    await panel.getByRole('button', { name: 'Save access' }).click();
    await panel.getByText('Access saved.').waitFor();
    const saved = await c.api.ok<{ items: Grant[] }>('GET', `/api/v1/users/${dana.id}/access`);
    assert.deepEqual(saved.items.map((g) => `${g.role} on ${JSON.stringify(g.scope)}`).sort(), ['analyst on {"tenant":"acme"}', 'read-only on {"label":"finance"}']);

    // With Acme in the switcher, Settings administers Acme: its customer users, not main's.
    await page.getByLabel('Tenant scope').selectOption({ label: 'Acme Corp' });
    await page.goto(`${c.url}/#/users`);
    await page.getByTestId('user-row').filter({ hasText: 'carol' }).waitFor();
    assert.equal(await page.getByTestId('user-row').filter({ hasText: 'dana' }).count(), 0);
    await page.getByRole('button', { name: 'Main account' }).click();
    await page.getByTestId('user-row').filter({ hasText: 'dana' }).waitFor();
    await page.getByLabel('Tenant scope').selectOption({ label: 'All tenants' });
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('creates a custom role with the permission matrix', { skip: noBrowser }, async () => {
    const { page, errors } = await open('admin', c.password);
    await page.goto(`${c.url}/#/roles`);
    await page.getByTestId('role-row').filter({ hasText: 'Administrator' }).getByText('Built-in').waitFor();
    await page.getByRole('link', { name: 'New role' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Triage Lead');
    await page.getByLabel('incidents write', { exact: true }).check();
    assert.equal(await page.getByLabel('incidents read', { exact: true }).isChecked(), true, 'write implies read');
    assert.equal(await page.getByLabel('incidents read', { exact: true }).isDisabled(), true);
    await page.getByLabel('playbooks execute', { exact: true }).check();
    await page.getByLabel('audit read', { exact: true }).check();
    await page.getByLabel('Content sync').check();
    await page.getByRole('heading', { name: 'Settings' }).scrollIntoViewIfNeeded();
    await shot(page, 'roles');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('heading', { name: 'Triage Lead' }).waitFor();
    const role = (await c.api.ok<{ items: Role[] }>('GET', '/api/v1/roles')).items.find((r) => r.name === 'Triage Lead');
    assert.ok(role, 'created');
    assert.deepEqual(role.permissions.resources, { incidents: ['read', 'write'], playbooks: ['read', 'execute'], audit: ['read'] });
    assert.deepEqual(role.permissions.flags, ['contentSync']);
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('shows a new API key once, which works until it is revoked', { skip: noBrowser }, async () => {
    const { page, errors } = await open('admin', c.password);
    await page.goto(`${c.url}/#/api-keys`);
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Name', { exact: true }).fill('console script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('API key secret').inputValue();
    assert.match(secret, /^pak_/);
    await page.getByText('shown only this once').waitFor();
    const key = new ApiClient(c.url, c.caPem);
    key.token = secret;
    try {
      const me = await key.call<{ user: { username: string } }>('GET', '/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.username, 'admin');
      await page.getByRole('button', { name: 'I have copied the key' }).click();
      const row = page.getByTestId('api-key-row').filter({ hasText: 'console script' });
      await row.getByText('Active').waitFor();
      assert.equal((await page.locator('body').innerText()).includes(secret), false, 'never shown again');
      await row.getByRole('button', { name: 'Revoke console script' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
      await row.getByText('Revoked').waitFor();
      assert.equal((await key.call('GET', '/api/v1/me')).status, 401, 'refused once revoked');
    } finally {
      await key.close();
    }
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('finds, filters and verifies the audit trail', { skip: noBrowser }, async () => {
    const { page, errors } = await open('admin', c.password);
    await page.goto(`${c.url}/#/audit`);
    const created = page.getByTestId('audit-row').filter({ hasText: 'POST /api/v1/users' }).filter({ hasText: '201' });
    await created.first().waitFor();
    await page.getByLabel('Actor', { exact: true }).fill('admin');
    await page.getByLabel('Action', { exact: true }).fill('POST /api/v1/users');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await waitFor('only user creations listed', async () => {
      const rows = await page.getByTestId('audit-row').allInnerTexts();
      return rows.length === 1 && rows.every((r) => r.includes('POST /api/v1/users') && r.includes('admin'));
    });
    assert.match(page.url(), /action=POST/);
    await page.getByRole('button', { name: /^Details of record/ }).first().click();
    await page.getByText('Previous hash').waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByTestId('audit-verdict').getByText('Chain intact').waitFor();
    assert.equal((await c.api.ok<{ broken: unknown }>('GET', '/api/v1/audit/verify')).broken, null);
    await shot(page, 'audit');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it('saves the directory settings and tests the connection', { skip: noBrowser }, async () => {
    const { page, errors } = await open('admin', c.password);
    await page.goto(`${c.url}/#/directory`);
    const form = page.getByRole('form', { name: 'Directory settings' });
    const url = form.getByLabel('URL', { exact: true });
    await waitFor('the saved URL', async () => (await url.inputValue()) === dir.url);
    assert.equal(await form.getByLabel('Bind password').inputValue(), '', 'the bind password is never shown back');
    await url.fill('ldap://127.0.0.1:1');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Directory settings saved.').waitFor();
    assert.equal((await c.api.ok<{ url: string }>('GET', '/api/v1/settings/directory')).url, 'ldap://127.0.0.1:1');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('directory-test-result').getByText(/Connection failed: the directory could not be used/).waitFor();
    await url.fill(dir.url);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Directory settings saved.').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('directory-test-result').getByText(/^Connected/).waitFor();
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });

  void it("keeps a customer user to their tenant's users and trail, even by editing the URL", { skip: noBrowser }, async () => {
    const { page, errors } = await open('carol', PASSWORD, 'acme');
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('user-row').filter({ hasText: 'carol' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Settings' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Users', 'Roles', 'Audit log']);
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByTestId('audit-verdict').getByText('Chain intact').waitFor();
    for (const hash of ['#/users', '#/api-keys', '#/directory', '#/roles']) {
      await page.goto(`${c.url}/${hash}`);
      await page.waitForTimeout(700);
      const body = await page.locator('body').innerText();
      // Main's roles are usable on every tenant, so the tenant's roles page lists them: not checked here.
      for (const main of ['dana', 'alice', 'console script', dir.url]) assert.equal(body.includes(main), false, `${hash} shows ${main}`);
      if (hash === '#/api-keys') assert.ok(body.includes("API keys are managed by your provider's main account."), body);
    }
    const mainRoutes = asked.filter((p) => /^\/api\/v1\/(users|roles|audit|api-keys|settings)(\/|$)/.test(p));
    assert.deepEqual(mainRoutes, [], 'nothing of main was asked for');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();
  });
});
