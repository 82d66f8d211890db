import { Agent, request, type Dispatcher } from 'undici';
import { isErrorBody } from '../core/errors.js';
import { createKeyAndCsr, fingerprint } from '../net/pki.js';
import { mtlsAgent } from '../net/mtls.js';
import type { TenantStatus } from './supervisor.js';

/** The host's calls to main: enrolling once, then heartbeats over mutual TLS. */

async function postJson<T>(url: string, body: unknown, dispatcher: Dispatcher): Promise<T> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    dispatcher,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const data: unknown = await res.body.json();
  if (res.statusCode >= 400) {
    const msg = isErrorBody(data) ? `${data.error.code}: ${data.error.message}` : `HTTP ${res.statusCode}`;
    throw new Error(`main refused ${new URL(url).pathname}: ${msg}`);
  }
  return data as T;
}

export interface Enrollment {
  hostId: string;
  name: string;
  certPem: string;
  keyPem: string;
  assertionKey: string;
}

/**
 * Main's CA certificate for a host given only main's URL and a token: fetched without
 * verification, then accepted only if its fingerprint is the one the token carries.
 */
export async function fetchCaForToken(mainUrl: string, token: string): Promise<string> {
  const expected = /\.([0-9a-f]{64})$/.exec(token)?.[1];
  if (!expected) throw new Error('this enrollment token carries no CA fingerprint: give --ca FILE');
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    const res = await request(`${mainUrl}/api/v1/ca.pem`, { dispatcher: agent, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const pem = await res.body.text();
    if (res.statusCode !== 200 || fingerprint(pem) !== expected) {
      throw new Error(`the CA certificate served at ${mainUrl} does not match the enrollment token`);
    }
    return pem;
  } finally {
    await agent.close();
  }
}

/** Trades the one-time token for a certificate. The private key never leaves the host. */
export async function enroll(o: { mainUrl: string; token: string; caPem: string; address: string }): Promise<Enrollment> {
  const { keyPem, csrPem } = await createKeyAndCsr('palisade-host');
  const agent = mtlsAgent({ caPem: o.caPem });
  try {
    const res = await postJson<{ host: { id: string; name: string }; certificate: string; assertionKey: string }>(
      `${o.mainUrl}/api/v1/hosts`,
      { token: o.token, csr: csrPem, address: o.address },
      agent,
    );
    return { hostId: res.host.id, name: res.host.name, certPem: res.certificate, keyPem, assertionKey: res.assertionKey };
  } finally {
    await agent.close();
  }
}

export interface DesiredTenant {
  id: string;
  paused: boolean;
}

export class MainLink {
  private readonly agent;
  constructor(
    private readonly mainUrl: string,
    tls: { caPem: string; certPem: string; keyPem: string },
  ) {
    this.agent = mtlsAgent({ ...tls, connections: 2 });
  }

  heartbeat(body: { url: string; version: string; tenants: TenantStatus[] }): Promise<{ tenants: DesiredTenant[]; assertionKey?: string }> {
    return postJson(`${this.mainUrl}/api/v1/hosts/heartbeat`, body, this.agent);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
