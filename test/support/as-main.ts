import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { request, type Agent } from 'undici';
import { mtlsAgent } from '../../src/net/mtls.js';
import type { Cluster } from './cluster.js';

/**
 * The claims of one identity assertion. Every field can be set, wrong values included, because
 * the tests that use this are about what a tenant does with a bad one; left out, each is what
 * main itself would sign.
 */
export interface Claims {
  /** The tenant the assertion is meant for. */
  aud: string;
  iss?: string;
  sub?: string;
  name?: string;
  iat?: number;
  exp?: number;
  jti?: string;
  /** Unknown rather than typed: a malformed permission set is something to test too. */
  perms?: unknown;
  address?: string;
  /** Signs with this key instead of main's, to play a forger. */
  key?: KeyObject;
}

export interface Direct {
  /** The assertion to send; none at all when absent. */
  token?: string;
  /** Sent as JSON (with its content type, unless `headers` says otherwise). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface DirectReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The raw answer, for bodies that are not one JSON value (JSON lines). */
  text: string;
  /** The answer parsed when it is JSON, otherwise empty. */
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/**
 * Main as the tenants know it: the client certificate the host lets relay, and the key tenants
 * verify assertions with. Calls go straight to a tenant through its host, skipping main's own
 * checks, so a test sees what the tenant enforces by itself.
 */
export class AsMain {
  readonly agent: Agent;
  readonly key: KeyObject;

  constructor(private readonly c: Cluster) {
    const pki = (f: string) => readFileSync(join(c.mainHome, 'pki', f), 'utf8');
    this.agent = mtlsAgent({ caPem: c.caPem, certPem: pki('main-client.pem'), keyPem: pki('main-client.key') });
    this.key = createPrivateKey(pki('assertion.key'));
  }

  /** A signed assertion; each is good for one request (tenants refuse a replayed jti). */
  assertion(o: Claims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ name: o.name ?? 'tester', perms: o.perms ?? {}, ...(o.address !== undefined ? { address: o.address } : {}) })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(o.iss ?? 'palisade-main')
      .setSubject(o.sub ?? 'user-tester')
      .setAudience(o.aud)
      .setIssuedAt(o.iat ?? now)
      .setExpirationTime(o.exp ?? now + 30)
      .setJti(o.jti ?? randomBytes(18).toString('base64url'))
      .sign(o.key ?? this.key);
  }

  /** One request to `tenant`'s own API, `path` as the tenant declares it (`/api/v1/…`). */
  async call(tenant: string, method: string, path: string, o: Direct = {}): Promise<DirectReply> {
    const res = await request(`${this.c.hostUrl}/tenants/${tenant}${path}`, {
      method: method as 'GET',
      dispatcher: this.agent,
      headers: {
        ...(o.token !== undefined ? { 'x-palisade-assertion': o.token } : {}),
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.body.text();
    const json = /^application\/json/.test(String(res.headers['content-type'])) && text !== '';
    return { status: res.statusCode, headers: res.headers, text, body: json ? (JSON.parse(text) as DirectReply['body']) : {} };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
