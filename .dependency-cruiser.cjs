/** Process boundaries: main and tenant share only core, store and net; core does no I/O. */
module.exports = {
  forbidden: [
    { name: 'main-not-tenant', severity: 'error', from: { path: '^src/main' }, to: { path: '^src/tenant' } },
    { name: 'tenant-not-main', severity: 'error', from: { path: '^src/tenant' }, to: { path: '^src/main' } },
    { name: 'host-not-main-or-tenant', severity: 'error', from: { path: '^src/host' }, to: { path: '^src/(main|tenant)' } },
    { name: 'main-tenant-not-host', severity: 'error', from: { path: '^src/(main|tenant)' }, to: { path: '^src/host' } },
    { name: 'core-is-pure', severity: 'error', from: { path: '^src/core' }, to: { path: '^src/(main|tenant|host|store|net|cli)' } },
    { name: 'core-no-io', severity: 'error', from: { path: '^src/core' }, to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|tls|dgram)$' } },
    { name: 'shared-not-processes', severity: 'error', from: { path: '^src/(store|net)' }, to: { path: '^src/(main|tenant|host|cli)' } },
    // The console talks to main only over HTTP: it imports nothing of the server, nor the server of it.
    { name: 'web-not-server', severity: 'error', from: { path: '^web/' }, to: { path: '^src/' } },
    { name: 'server-not-web', severity: 'error', from: { path: '^src/' }, to: { path: '^web/' } },
    // Areas share through common/, api/ and shell/, never through each other's files.
    {
      name: 'web-areas-apart',
      severity: 'error',
      from: { path: '^web/src/(content|tenants|admin|dashboard|incidents)/' },
      to: { path: '^web/src/(content|tenants|admin|dashboard|incidents)/', pathNot: '^web/src/$1/' },
    },
    // Pages call the API through api/ modules; only they use the transport.
    { name: 'web-transport-in-api', severity: 'error', from: { path: '^web/src/', pathNot: '^web/src/api/' }, to: { path: '^web/src/api/http\\.ts$' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
