import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { parsePermissions, type PermissionSet } from '../core/rbac.js';

/**
 * Verification of the identity assertions main signs for each tenant request (compact JWS,
 * EdDSA/Ed25519). Written on node:crypto rather than a JWT library: every tenant process
 * loads it, and a library would cost each one ~7 MiB and ~50 ms at start.
 */
export const ASSERTION_HEADER = 'x-palisade-assertion';
export const ASSERTION_ISSUER = 'palisade-main';
export const MAX_ASSERTION_SECONDS = 60;
const SKEW_SECONDS = 5;

export interface Asserted {
  subject: string;
  name: string;
  permissions: PermissionSet;
  /** The client's address as main saw it (absent when main gave none). */
  address?: string;
  /** The head of main's audit trail (`<seq>.<hash>`) when main signed this: the tenant witnesses it. */
  head?: string;
}

const refuse = (why: string): AppError => new AppError('unauthorized', `identity assertion refused: ${why}`);

function json(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw refuse('malformed');
  }
}

export class AssertionVerifier {
  private key: KeyObject | null = null;
  /** Ids seen and when they expire: an assertion is good for one request only. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly tenantId: string,
    publicKeyPem: string | undefined,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    if (publicKeyPem) this.setKey(publicKeyPem);
  }

  setKey(publicKeyPem: string): void {
    this.key = createPublicKey(publicKeyPem);
  }

  verify(token: string | undefined): Asserted {
    if (!this.key) throw refuse('this tenant has no key from main yet');
    if (!token) throw refuse('missing');
    const parts = token.split('.');
    if (parts.length !== 3 || token.length > 16_384) throw refuse('malformed');
    const [h, p, s] = parts as [string, string, string];
    const header = json(h);
    if (header['alg'] !== 'EdDSA' || header['crit'] !== undefined) throw refuse('unsupported algorithm');
    if (!verify(null, Buffer.from(`${h}.${p}`), this.key, Buffer.from(s, 'base64url'))) throw refuse('bad signature');
    const claims = json(p);
    const now = this.nowSeconds();
    const { iss, aud, sub, exp, iat, jti } = claims;
    if (iss !== ASSERTION_ISSUER) throw refuse('wrong issuer');
    if (aud !== this.tenantId && !(Array.isArray(aud) && aud.length === 1 && aud[0] === this.tenantId)) throw refuse('not meant for this tenant');
    if (typeof exp !== 'number' || typeof iat !== 'number' || exp <= now - SKEW_SECONDS) throw refuse('expired');
    if (iat > now + SKEW_SECONDS || exp - iat > MAX_ASSERTION_SECONDS) throw refuse('lifetime not allowed');
    if (typeof sub !== 'string' || typeof jti !== 'string' || jti.length < 16 || jti.length > 128) throw refuse('malformed');
    this.prune(now);
    if (this.seen.has(jti)) throw refuse('replayed');
    this.seen.set(jti, exp + SKEW_SECONDS);
    let permissions: PermissionSet;
    try {
      permissions = parsePermissions(claims['perms']);
    } catch {
      throw refuse('malformed permissions');
    }
    const address = claims['address'];
    if (address !== undefined && (typeof address !== 'string' || address.length > 200)) throw refuse('malformed address');
    const head = claims['head'];
    if (head !== undefined && (typeof head !== 'string' || !/^[0-9]{1,16}\.[0-9a-f]{64}$/.test(head))) throw refuse('malformed head');
    return {
      subject: sub,
      name: typeof claims['name'] === 'string' ? claims['name'] : sub,
      permissions,
      ...(address !== undefined ? { address } : {}),
      ...(head !== undefined ? { head } : {}),
    };
  }

  private prune(now: number): void {
    if (this.seen.size < 1024) return;
    for (const [id, until] of this.seen) if (until < now) this.seen.delete(id);
  }
}
