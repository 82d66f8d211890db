import type { DirectorySettings } from '../services/directory.js';
import { accessOf, type RouteModule } from './context.js';

const dn = { type: 'string', minLength: 1, maxLength: 1000 } as const;
const mapping = {
  type: 'object',
  additionalProperties: false,
  required: ['group', 'role'],
  properties: {
    group: { type: 'string', minLength: 1, maxLength: 1000 },
    tenant: { type: 'string', maxLength: 40 },
    label: { type: 'string', maxLength: 63 },
    role: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

/** The LDAP directory main's network accounts log in against, and which groups give which roles where. */
export const directoryRoutes: RouteModule = (app, s) => {
  app.get('/api/v1/settings/directory', { schema: { summary: 'The directory (LDAP) configuration, without its bind password' } }, async (req) => {
    accessOf(req).requireMain('settings', 'admin');
    const settings = await s.directory.get();
    return settings ? { ...settings, bindPasswordSet: true } : { enabled: false, configured: false };
  });

  app.put<{ Body: DirectorySettings & { bindPassword?: string } }>(
    '/api/v1/settings/directory',
    {
      schema: {
        summary: 'Configure the directory: url (ldaps:// or ldap:// with startTls), bind DN/password, user base and filter ({username}), group attribute, group → {tenant | label | tenant "*", role} mappings',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['enabled', 'url', 'bindDn', 'userBase', 'userFilter', 'groupAttribute', 'mappings'],
          properties: {
            enabled: { type: 'boolean' },
            url: { type: 'string', minLength: 8, maxLength: 500 },
            startTls: { type: 'boolean', default: false },
            caPem: { type: 'string', maxLength: 20_000, pattern: '-----BEGIN CERTIFICATE-----' },
            bindDn: dn,
            bindPassword: { type: 'string', minLength: 1, maxLength: 1000 },
            userBase: dn,
            userFilter: { type: 'string', minLength: 3, maxLength: 1000 },
            groupAttribute: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9-]{0,63}$' },
            groupBase: dn,
            groupMemberAttribute: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9-]{0,63}$' },
            mappings: { type: 'array', maxItems: 1000, items: mapping },
          },
        },
      },
    },
    async (req) => {
      accessOf(req).requireMain('settings', 'admin');
      const tenantIds = new Set((await s.tenants.list()).map((t) => t.id));
      await s.access.checkEntries(req.body.mappings.map(({ group: _, ...entry }) => entry), tenantIds, 'mappings');
      return { ...(await s.directory.set(req.body)), bindPasswordSet: true };
    },
  );

  app.post('/api/v1/settings/directory/test', { config: { readOnly: true }, schema: { summary: 'Bind with the service account and count the entries under the user base' } }, async (req) => {
    accessOf(req).requireMain('settings', 'admin');
    return s.directory.test();
  });
};
