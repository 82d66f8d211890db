// TLS for the test directory (./ldap.ts, `startDirectory({ tls: true })`): a throwaway CA from
// the project's own PKI and a server certificate for 127.0.0.1 and localhost, installed in
// slapd or in the ldapjs fallback.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { createCa, issueCertificate } from '../../src/net/pki.js';

export interface DirectoryTls {
  /** The CA that signed the directory's certificate: what a client must trust. */
  caPem: string;
  certPem: string;
  /** PKCS#8 PEM (P-256), as pki.ts makes it. */
  keyPem: string;
}

export async function makeDirectoryTls(): Promise<DirectoryTls> {
  const ca = await createCa('Palisade test directory CA', 1);
  // The role only fills the subject's OU; what clients check is the SANs.
  const leaf = await issueCertificate(ca, { commonName: 'palisade-test-directory', role: 'host', sans: ['127.0.0.1', 'localhost'], days: 2 });
  return { caPem: ca.certPem, certPem: leaf.certPem, keyPem: leaf.keyPem };
}

/**
 * Writes the CA, certificate and key into slapd's folder (0600: slapd runs as the test's own
 * user, see ./ldap.ts) and returns the slapd.conf lines that load them; they are global
 * directives, so they go before `database`. Debian's slapd is built with GnuTLS, which reads
 * an EC key in PKCS#8 PEM ("BEGIN PRIVATE KEY") as is, so the key needs no conversion to SEC1.
 * Clients are not asked for a certificate (TLSVerifyClient defaults to never).
 */
export function slapdTlsConfig(dir: string, tls: DirectoryTls): string[] {
  const files: [directive: string, name: string, pem: string][] = [
    ['TLSCACertificateFile', 'ca.pem', tls.caPem],
    ['TLSCertificateFile', 'cert.pem', tls.certPem],
    ['TLSCertificateKeyFile', 'key.pem', tls.keyPem],
  ];
  return files.map(([directive, name, pem]) => {
    const path = join(dir, name);
    writeFileSync(path, pem, { mode: 0o600 });
    return `${directive} "${path}"`;
  });
}

/** What an ldapts Client needs to trust the directory, for the harness's own admin connections. */
export function clientTlsOptions(tls: DirectoryTls): ConnectionOptions {
  return { ca: tls.caPem, minVersion: 'TLSv1.2' };
}
