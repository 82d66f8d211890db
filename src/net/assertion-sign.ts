import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { PermissionSet } from '../core/rbac.js';
import { ASSERTION_ISSUER } from './assertion-verify.js';

/** Main's side: an Ed25519 key pair, and one short-lived assertion per tenant request. */
export function generateAssertionKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

export class AssertionSigner {
  private readonly key: KeyObject;
  constructor(privatePem: string, private readonly ttlSeconds = 30) {
    this.key = createPrivateKey(privatePem);
  }

  /** Who is calling, for which tenant (audience), with which permissions there; valid once, briefly. */
  sign(o: { subject: string; name: string; tenant: string; permissions: PermissionSet }): Promise<string> {
    return new SignJWT({ name: o.name, perms: { ...o.permissions.resources, ...Object.fromEntries(o.permissions.flags.map((f) => [f, true])) } })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(ASSERTION_ISSUER)
      .setSubject(o.subject)
      .setAudience(o.tenant)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .setJti(randomBytes(18).toString('base64url'))
      .sign(this.key);
  }
}
