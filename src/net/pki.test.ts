import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { createCa, createKeyAndCsr, fingerprint, issueCertificate, roleOf, signCsr, type KeyPair } from './pki.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DAY_MS = 86_400_000;

let caPromise: Promise<KeyPair> | undefined;
const sharedCa = (): Promise<KeyPair> => (caPromise ??= createCa('Palisade Test CA'));

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function derToPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

void test('createCa makes a self-signed P-256 CA whose constraints are critical', async () => {
  const ca = await sharedCa();
  const cert = new X509Certificate(ca.certPem);
  assert.equal(cert.ca, true);
  assert.match(cert.subject, /CN=Palisade Test CA/);
  assert.equal(cert.checkIssued(cert), true);
  assert.equal(cert.verify(cert.publicKey), true);
  assert.equal(cert.checkPrivateKey(createPrivateKey(ca.keyPem)), true);
  assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.match(ca.keyPem, /^-----BEGIN PRIVATE KEY-----/);

  // node:crypto does not expose criticality; the library is safe to load now that pki has run.
  const x509 = await import('@peculiar/x509');
  const parsed = new x509.X509Certificate(ca.certPem);
  const bc = parsed.getExtension(x509.BasicConstraintsExtension);
  const ku = parsed.getExtension(x509.KeyUsagesExtension);
  assert.equal(bc?.ca, true);
  assert.equal(bc?.critical, true);
  assert.equal(ku?.critical, true);
  assert.equal(ku?.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
});

void test('signCsr issues the identity main chose, not the one the CSR asked for', async () => {
  const ca = await sharedCa();
  const caCert = new X509Certificate(ca.certPem);
  const { keyPem, csrPem } = await createKeyAndCsr('i-am-main');
  const leafPem = await signCsr(ca, csrPem, { commonName: 'host-1', role: 'host', sans: ['localhost', '127.0.0.1', '::1'] });
  const leaf = new X509Certificate(leafPem);

  assert.equal(leaf.verify(caCert.publicKey), true);
  assert.equal(leaf.checkIssued(caCert), true);
  assert.equal(leaf.checkPrivateKey(createPrivateKey(keyPem)), true, 'the leaf certifies the CSR key');
  assert.equal(leaf.ca, false);
  assert.deepEqual({ ...leaf.toLegacyObject().subject }, { O: 'Palisade', OU: 'host', CN: 'host-1' });
  assert.doesNotMatch(leaf.subject, /i-am-main/);
  assert.equal(leaf.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.deepEqual([...(leaf.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH]);
  assert.match(leaf.serialNumber, /^[0-7][0-9A-F]{31}$/, '16-byte positive serial');
  const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / DAY_MS;
  assert.ok(Math.abs(days - 825) < 0.01, `default validity 825 days, got ${days}`);
  assert.equal(roleOf(leaf.toLegacyObject()), 'host');
});

void test('signCsr keeps a hostile common name as one value and honours days', async () => {
  const ca = await sharedCa();
  const { csrPem } = await createKeyAndCsr('anything');
  const leaf = new X509Certificate(await signCsr(ca, csrPem, { commonName: 'x, OU=main', role: 'host', sans: [], days: 7 }));
  assert.deepEqual({ ...leaf.toLegacyObject().subject }, { O: 'Palisade', OU: 'host', CN: 'x, OU=main' });
  assert.equal(leaf.subjectAltName, undefined);
  const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / DAY_MS;
  assert.ok(Math.abs(days - 7) < 0.01);
});

void test('a leaf never outlives its CA', async () => {
  const shortCa = await createCa('Short CA', 1);
  const leaf = await issueCertificate(shortCa, { commonName: 'main', role: 'main', sans: ['localhost'], days: 5000 });
  assert.equal(new X509Certificate(leaf.certPem).validTo, new X509Certificate(shortCa.certPem).validTo);
});

void test('signCsr refuses a tampered, malformed or non-P-256 CSR', async () => {
  const ca = await sharedCa();
  const opts = { commonName: 'host-2', role: 'host' as const, sans: ['localhost'] };
  const { csrPem } = await createKeyAndCsr('tamper-me');
  const der = pemToDer(csrPem);
  const at = der.indexOf('tamper-me');
  assert.ok(at > 0);
  der[at] = 'T'.charCodeAt(0); // still well-formed ASN.1, but no longer what was signed
  await assert.rejects(signCsr(ca, derToPem(der, 'CERTIFICATE REQUEST'), opts), /signature/);
  await assert.rejects(signCsr(ca, '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n', opts));

  const x509 = await import('@peculiar/x509');
  const p384 = { name: 'ECDSA', namedCurve: 'P-384' };
  const keys = await webcrypto.subtle.generateKey(p384, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=big', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } });
  await assert.rejects(signCsr(ca, csr.toString('pem'), opts), /P-256/);
});

void test('issuance refuses bad SANs, common names and a mismatched CA key', async () => {
  const ca = await sharedCa();
  const other = await createCa('Other CA');
  await assert.rejects(issueCertificate(ca, { commonName: 'm', role: 'main', sans: ['not a host'] }), /SAN/);
  await assert.rejects(issueCertificate(ca, { commonName: '', role: 'main', sans: [] }), /common name/);
  await assert.rejects(issueCertificate({ certPem: ca.certPem, keyPem: other.keyPem }, { commonName: 'm', role: 'main', sans: [] }), /does not match/);
  const leaf = await issueCertificate(ca, { commonName: 'm', role: 'main', sans: [] });
  await assert.rejects(issueCertificate(leaf, { commonName: 'm2', role: 'main', sans: [] }), /not a CA/);
});

void test('issueCertificate returns a matching key and a main-role certificate', async () => {
  const ca = await sharedCa();
  const main = await issueCertificate(ca, { commonName: 'palisade-main', role: 'main', sans: ['localhost', '127.0.0.1'] });
  const cert = new X509Certificate(main.certPem);
  assert.equal(cert.checkPrivateKey(createPrivateKey(main.keyPem)), true);
  assert.equal(cert.checkIssued(new X509Certificate(ca.certPem)), true);
  assert.equal(roleOf(cert.toLegacyObject()), 'main');
  assert.deepEqual([...(cert.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH]);
});

void test('fingerprint is a stable lowercase sha256 of the DER', async () => {
  const ca = await sharedCa();
  const fp = fingerprint(ca.certPem);
  assert.match(fp, /^[0-9a-f]{64}$/);
  assert.equal(fingerprint(ca.certPem), fp);
  assert.equal(fp, new X509Certificate(ca.certPem).fingerprint256.replace(/:/g, '').toLowerCase());
  const other = await issueCertificate(ca, { commonName: 'x', role: 'host', sans: [] });
  assert.notEqual(fingerprint(other.certPem), fp);
});

void test('roleOf accepts exactly one OU of main or host', () => {
  assert.equal(roleOf({ subject: { OU: 'main' } }), 'main');
  assert.equal(roleOf({ subject: { OU: 'host' } }), 'host');
  assert.equal(roleOf({ subject: { OU: ['main', 'host'] } }), null);
  assert.equal(roleOf({ subject: { OU: 'Main' } }), null);
  assert.equal(roleOf({ subject: {} }), null);
  assert.equal(roleOf({}), null);
  assert.equal(roleOf(undefined), null);
});
