import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { PermissionSet } from '../core/rbac.js';
import { ASSERTION_ISSUER } from './assertion-verify.js';

/**
 * Main's side: an Ed25519 key pair, and one short-lived assertion per tenant request, as a
 * standard compact JWS (EdDSA) that any JOSE library verifies. Signed with node:crypto
 * directly: a cross-tenant search signs one per tenant, so each costs microseconds.
 */
export function generateAssertionKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

export class AssertionSigner {
  private readonly key: KeyObject;
  constructor(
    privatePem: string,
    private readonly ttlSeconds = 30,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.key = createPrivateKey(privatePem);
  }

  /**
   * Who is calling, from which address, for which tenant (audience), with which permissions
   * there; valid once, briefly.
   */
  sign(o: { subject: string; name: string; tenant: string; permissions: PermissionSet; address?: string; head?: string }): Promise<string> {
    const iat = this.nowSeconds();
    const claims = {
      iss: ASSERTION_ISSUER,
      sub: o.subject,
      aud: o.tenant,
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomBytes(18).toString('base64url'),
      name: o.name,
      ...(o.address !== undefined ? { address: o.address } : {}),
      ...(o.head ? { head: o.head } : {}),
      perms: { ...o.permissions.resources, ...Object.fromEntries(o.permissions.flags.map((f) => [f, true])) },
    };
    const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return Promise.resolve(`${input}.${sign(null, Buffer.from(input), this.key).toString('base64url')}`);
  }
}
