/**
 * Palisade's certificate authority. Main holds a self-signed CA; a host enrolls by sending a
 * CSR and gets back a leaf whose identity (CN, role in OU, SANs) main decides, so a host can
 * never name itself `main`. ECDSA P-256 / SHA-256 throughout: key generation is cheap enough
 * to run on every enrollment and in every test.
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type * as X509 from '@peculiar/x509';

/** PEM strings; `keyPem` is PKCS#8, as node:tls takes it. */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export type PeerRole = 'main' | 'host';

export interface LeafOptions {
  commonName: string;
  role: PeerRole;
  /** DNS names and IP addresses, e.g. ['localhost', '127.0.0.1']. */
  sans: string[];
  days?: number;
}

type Lib = typeof X509;
type WebCryptoKey = Awaited<ReturnType<typeof webcrypto.subtle.importKey>>;

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
// Leaves start slightly in the past so a peer whose clock lags main's accepts them at once.
const BACKDATE_MS = 5 * 60_000;
const DEFAULT_LEAF_DAYS = 825;
const ORGANIZATION = 'Palisade';
// X.520 caps a CN at 64 characters; control characters have no business in an identity.
const COMMON_NAME = /^[^\p{Cc}]{1,64}$/u;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*$/i;

let loaded: Promise<Lib> | undefined;

/**
 * @peculiar/x509 v2 pulls in tsyringe, which throws at import time unless a Reflect metadata
 * polyfill is present, and reflect-metadata is not a dependency. The library only stores and
 * reads back metadata on its own classes, so a small WeakMap shim is enough. It must be in
 * place before the library is evaluated, hence a dynamic import rather than a static one.
 */
function x509(): Promise<Lib> {
  loaded ??= (async () => {
    installReflectMetadataShim();
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(webcrypto as unknown as Parameters<typeof lib.cryptoProvider.set>[0]);
    return lib;
  })();
  return loaded;
}

function installReflectMetadataShim(): void {
  const reflect = Reflect as unknown as Record<string, unknown>;
  if (typeof reflect.getMetadata === 'function') return; // a real polyfill is loaded: keep it
  const store = new WeakMap<object, Map<unknown, Map<unknown, unknown>>>();
  const table = (target: object, property: unknown, create: boolean): Map<unknown, unknown> | undefined => {
    let byProperty = store.get(target);
    if (!byProperty && create) store.set(target, (byProperty = new Map<unknown, Map<unknown, unknown>>()));
    let entries = byProperty?.get(property);
    if (!entries && create && byProperty) byProperty.set(property, (entries = new Map<unknown, unknown>()));
    return entries;
  };
  const getOwnMetadata = (key: unknown, target: object, property?: unknown): unknown => table(target, property, false)?.get(key);
  const getMetadata = (key: unknown, target: object, property?: unknown): unknown => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const entries = table(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  const defineMetadata = (key: unknown, value: unknown, target: object, property?: unknown): void => {
    table(target, property, true)?.set(key, value);
  };
  for (const [name, value] of Object.entries({ getOwnMetadata, getMetadata, defineMetadata })) {
    Object.defineProperty(Reflect, name, { value, configurable: true, writable: true });
  }
}

export async function createCa(commonName: string, years = 10): Promise<KeyPair> {
  const lib = await x509();
  checkCommonName(commonName);
  if (!Number.isFinite(years) || years <= 0) throw new Error(`CA validity must be positive, got ${years} years`);
  const keys = await generateKeys();
  const now = Date.now();
  const cert = await lib.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ O: [ORGANIZATION] }, { CN: [commonName] }],
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + years * 365 * DAY_MS),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      // pathLength 0: this CA signs leaves only, never a subordinate CA.
      new lib.BasicConstraintsExtension(true, 0, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.keyCertSign | lib.KeyUsageFlags.cRLSign, true),
      await lib.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: exportKey(keys.privateKey) };
}

export async function createKeyAndCsr(commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const lib = await x509();
  checkCommonName(commonName);
  const keys = await generateKeys();
  const csr = await lib.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: SIGNING,
  });
  return { keyPem: exportKey(keys.privateKey), csrPem: csr.toString('pem') };
}

/**
 * Main signs a host's CSR. Only the CSR's public key is used: its subject and any extensions
 * it requests are ignored, and the identity comes from `opts`. The CSR's self-signature must
 * verify, which proves the requester holds the private key.
 */
export async function signCsr(ca: KeyPair, csrPem: string, opts: LeafOptions): Promise<string> {
  const lib = await x509();
  let csr: X509.Pkcs10CertificateRequest;
  try {
    csr = new lib.Pkcs10CertificateRequest(csrPem);
  } catch (err) {
    throw new Error('CSR is not a valid PKCS#10 request', { cause: err });
  }
  if (!(await csr.verify().catch(() => false))) throw new Error('CSR signature does not verify');
  const spki = Buffer.from(csr.publicKey.rawData);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('CSR key must be ECDSA P-256');
  }
  return issueLeaf(lib, ca, spki, opts);
}

/** For main's own certificates: a fresh key plus a leaf signed by the CA, same rules as signCsr. */
export async function issueCertificate(ca: KeyPair, opts: LeafOptions): Promise<KeyPair> {
  const lib = await x509();
  const keys = await generateKeys();
  const certPem = await issueLeaf(lib, ca, keys.publicKey, opts);
  return { certPem, keyPem: exportKey(keys.privateKey) };
}

/** SHA-256 of the certificate's DER, lowercase hex without separators. */
export function fingerprint(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}

/** The role in a node:tls PeerCertificate subject; several OUs (node gives an array) mean none. */
export function roleOf(cert: { subject?: Record<string, unknown> } | undefined): PeerRole | null {
  const ou = cert?.subject?.OU;
  return ou === 'main' || ou === 'host' ? ou : null;
}

async function issueLeaf(lib: Lib, ca: KeyPair, publicKey: ArrayBuffer | Buffer | WebCryptoKey, opts: LeafOptions): Promise<string> {
  checkCommonName(opts.commonName);
  if (opts.role !== 'main' && opts.role !== 'host') throw new Error(`unknown role ${String(opts.role)}`);
  const days = opts.days ?? DEFAULT_LEAF_DAYS;
  if (!Number.isFinite(days) || days <= 0) throw new Error(`validity must be positive, got ${days} days`);
  const sans = opts.sans.map(toGeneralName);

  const { cert: caCert, signingKey } = await loadCa(lib, ca);
  const now = Date.now();
  // A leaf cannot be trusted past its CA's expiry, so it does not claim to be.
  const notAfter = new Date(Math.min(now + days * DAY_MS, caCert.notAfter.getTime()));
  const caKeyId = caCert.getExtension(lib.SubjectKeyIdentifierExtension)?.keyId;
  const extensions: X509.Extension[] = [
    new lib.BasicConstraintsExtension(false, undefined, true),
    new lib.KeyUsagesExtension(lib.KeyUsageFlags.digitalSignature, true),
    new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.serverAuth, lib.ExtendedKeyUsage.clientAuth]),
    await lib.SubjectKeyIdentifierExtension.create(publicKey),
    caKeyId ? new lib.AuthorityKeyIdentifierExtension(caKeyId) : await lib.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
  ];
  // RFC 5280 forbids an empty SAN extension, so a SAN-less leaf (client-only) has none.
  if (sans.length > 0) extensions.push(new lib.SubjectAlternativeNameExtension(sans));

  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    // Structured names, never a DN string: a CN such as "x, OU=main" must stay one value.
    subject: [{ O: [ORGANIZATION] }, { OU: [opts.role] }, { CN: [opts.commonName] }],
    issuer: caCert.subjectName,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter,
    publicKey,
    signingKey,
    signingAlgorithm: SIGNING,
    extensions,
  });
  return cert.toString('pem');
}

async function loadCa(lib: Lib, ca: KeyPair): Promise<{ cert: X509.X509Certificate; signingKey: WebCryptoKey }> {
  const nodeCert = new X509Certificate(ca.certPem);
  const privateKey = createPrivateKey(ca.keyPem);
  // Catch a swapped key or a leaf passed as CA here, rather than minting certificates nobody accepts.
  if (!nodeCert.ca) throw new Error('CA certificate is not a CA (basicConstraints CA:false)');
  if (!nodeCert.checkPrivateKey(privateKey)) throw new Error('CA key does not match the CA certificate');
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const signingKey = await webcrypto.subtle.importKey('pkcs8', der, EC_KEY, false, ['sign']);
  return { cert: new lib.X509Certificate(ca.certPem), signingKey };
}

function toGeneralName(san: string): { type: 'dns' | 'ip'; value: string } {
  if (isIP(san) !== 0) return { type: 'ip', value: san };
  if (!DNS_NAME.test(san)) throw new Error(`SAN ${JSON.stringify(san)} is neither an IP address nor a DNS name`);
  return { type: 'dns', value: san.toLowerCase() };
}

function checkCommonName(commonName: string): void {
  if (!COMMON_NAME.test(commonName)) throw new Error(`invalid common name ${JSON.stringify(commonName)}`);
}

/** 16 random bytes; the first byte kept in 0x01..0x7f so the DER INTEGER is positive and exactly 16 bytes. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) || 0x01;
  return bytes.toString('hex');
}

function generateKeys(): Promise<{ publicKey: WebCryptoKey; privateKey: WebCryptoKey }> {
  return webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
}

function exportKey(key: WebCryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}
