/**
 * Mutual TLS between main and hosts. Trust is our CA only (never the system roots), and the
 * role a peer plays comes from the OU that main wrote into its certificate.
 */
import { createHash } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate, type TLSSocket, type TlsOptions } from 'node:tls';
import { Agent } from 'undici';
import { roleOf, type PeerRole } from './pki.js';

const MIN_TLS = 'TLSv1.2';
const DEFAULT_CONNECTIONS = 32;
const PIN = /^[0-9a-f]{64}$/;

/**
 * TLS options for a server that only completes handshakes with clients holding a certificate
 * from `caPem`. Which roles may do what is checked per request with `verifiedPeerRole`: TLS
 * options cannot express it.
 */
export function mtlsServerOptions(opts: { caPem: string; certPem: string; keyPem: string }): TlsOptions {
  return {
    ca: opts.caPem, // replaces the system roots: a publicly trusted client cert must not get in
    cert: opts.certPem,
    key: opts.keyPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: MIN_TLS,
  };
}

/** The verified peer role for a TLS socket, or null when it is unauthorized or has another role. */
export function verifiedPeerRole(socket: TLSSocket, allowedRoles: PeerRole[]): PeerRole | null {
  // `authorized` is only true when the chain verified against our CA; with
  // rejectUnauthorized it always is, but this must not depend on how the server was built.
  if (!socket.authorized) return null;
  const cert = socket.getPeerCertificate() as PeerCertificate | Record<string, never> | null;
  if (!cert || !('subject' in cert)) return null;
  const role = roleOf(cert);
  return role !== null && allowedRoles.includes(role) ? role : null;
}

/**
 * An undici Agent that presents our client certificate, trusts only `caPem`, and, with
 * `pinFingerprint` (sha256 of the leaf DER, as `fingerprint` returns), refuses any other
 * server certificate even when our CA signed it.
 */
export function mtlsAgent(opts: {
  caPem: string;
  certPem?: string;
  keyPem?: string;
  pinFingerprint?: string;
  connections?: number;
}): Agent {
  if ((opts.certPem === undefined) !== (opts.keyPem === undefined)) {
    throw new Error('mtlsAgent: certPem and keyPem must be given together');
  }
  const pin = opts.pinFingerprint === undefined ? undefined : normalizePin(opts.pinFingerprint);
  return new Agent({
    connections: opts.connections ?? DEFAULT_CONNECTIONS,
    // undici keeps connections alive by default; pipelining 1 is its default and says so here.
    pipelining: 1,
    connect: {
      ca: opts.caPem,
      ...(opts.certPem !== undefined ? { cert: opts.certPem, key: opts.keyPem } : {}),
      rejectUnauthorized: true,
      minVersion: MIN_TLS,
      ...(pin === undefined
        ? {}
        : {
            checkServerIdentity: pinnedIdentity(pin),
            // Node skips checkServerIdentity on a resumed session, so a cached session would
            // let a later connection through unpinned. Full handshakes only.
            maxCachedSessions: 0,
          }),
    },
  });
}

function pinnedIdentity(pin: string): (host: string, cert: PeerCertificate) => Error | undefined {
  return (host, cert) => {
    // Pinning adds to hostname verification; it does not replace it.
    const err = checkServerIdentity(host, cert);
    if (err) return err;
    const actual = createHash('sha256').update(cert.raw).digest('hex');
    if (actual !== pin) {
      return Object.assign(new Error(`server certificate fingerprint ${actual} does not match the pinned ${pin}`), {
        code: 'ERR_PALISADE_PIN_MISMATCH',
      });
    }
    return undefined;
  };
}

function normalizePin(value: string): string {
  // Accept the colon-separated upper-case form node's fingerprint256 prints.
  const pin = value.replace(/:/g, '').toLowerCase();
  if (!PIN.test(pin)) throw new Error('mtlsAgent: pinFingerprint must be a sha256 fingerprint (64 hex digits)');
  return pin;
}
