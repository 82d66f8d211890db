import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { request, type Agent } from 'undici';
import { mtlsAgent, mtlsServerOptions, verifiedPeerRole } from './mtls.js';
import { createCa, createKeyAndCsr, fingerprint, issueCertificate, signCsr, type KeyPair } from './pki.js';

// A host's API: only main may call it.
let ca: KeyPair;
let otherCa: KeyPair;
let hostServer: KeyPair;
let mainClient: KeyPair;
let hostClient: KeyPair;
let foreignClient: KeyPair;
let server: Server;
let url: string;
let handled = 0;
let handshakes = 0;
const agents: Agent[] = [];

function agent(opts: Parameters<typeof mtlsAgent>[0]): Agent {
  const a = mtlsAgent(opts);
  agents.push(a);
  return a;
}

async function get(dispatcher: Agent): Promise<{ status: number; body: string }> {
  const res = await request(url, { dispatcher });
  return { status: res.statusCode, body: await res.body.text() };
}

before(async () => {
  [ca, otherCa] = await Promise.all([createCa('Palisade CA'), createCa('Impostor CA')]);
  const sans = ['localhost', '127.0.0.1'];
  const enrolment = await createKeyAndCsr('host-1');
  [hostServer, mainClient, foreignClient, hostClient] = await Promise.all([
    issueCertificate(ca, { commonName: 'host-1', role: 'host', sans }),
    issueCertificate(ca, { commonName: 'palisade-main', role: 'main', sans }),
    issueCertificate(otherCa, { commonName: 'palisade-main', role: 'main', sans }),
    signCsr(ca, enrolment.csrPem, { commonName: 'host-2', role: 'host', sans }).then((certPem) => ({ certPem, keyPem: enrolment.keyPem })),
  ]);

  server = createServer(mtlsServerOptions({ caPem: ca.certPem, ...hostServer }), (req, res) => {
    handled++;
    const role = verifiedPeerRole(req.socket as TLSSocket, ['main']);
    res.writeHead(role ? 200 : 403, { 'content-type': 'text/plain' }).end(role ?? 'forbidden');
  });
  server.on('secureConnection', () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(async () => {
  await Promise.all(agents.map((a) => a.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

void test('main, presenting its certificate, is answered with its role over kept-alive connections', async () => {
  const dispatcher = agent({ caPem: ca.certPem, ...mainClient, pinFingerprint: fingerprint(hostServer.certPem) });
  const before = handshakes;
  for (let i = 0; i < 5; i++) assert.deepEqual(await get(dispatcher), { status: 200, body: 'main' });
  // Not exactly 1: undici's pool may open a second connection while the first is still draining.
  assert.ok(handshakes - before < 5, `5 requests took ${handshakes - before} handshakes: connections are not reused`);
});

void test('the colon-separated upper-case pin form is accepted too', async () => {
  const colon = fingerprint(hostServer.certPem).toUpperCase().match(/../g)?.join(':') ?? '';
  const dispatcher = agent({ caPem: ca.certPem, ...mainClient, pinFingerprint: colon });
  assert.equal((await get(dispatcher)).status, 200);
});

void test('a client without a certificate is refused before reaching the handler', async () => {
  const before = handled;
  await assert.rejects(get(agent({ caPem: ca.certPem })));
  assert.equal(handled, before);
});

void test('a client whose certificate comes from another CA is refused', async () => {
  const before = handled;
  await assert.rejects(get(agent({ caPem: ca.certPem, ...foreignClient })));
  assert.equal(handled, before);
});

void test('a valid certificate with the wrong role is answered 403', async () => {
  assert.deepEqual(await get(agent({ caPem: ca.certPem, ...hostClient })), { status: 403, body: 'forbidden' });
});

void test('a client pinned to another certificate refuses the server, on every attempt', async () => {
  const dispatcher = agent({ caPem: ca.certPem, ...mainClient, pinFingerprint: fingerprint(mainClient.certPem) });
  const before = handled;
  // Twice: a cached TLS session must not let the second connection skip the pin check.
  await assert.rejects(get(dispatcher), /does not match the pinned/);
  await assert.rejects(get(dispatcher), /does not match the pinned/);
  assert.equal(handled, before);
});

void test('a client trusting another CA refuses the server', async () => {
  const before = handled;
  await assert.rejects(get(agent({ caPem: otherCa.certPem, ...mainClient })), (err: Error & { code?: string }) => {
    assert.match(`${err.code ?? ''} ${err.message}`, /SELF_SIGNED|UNABLE_TO|self[- ]signed|unable to (get|verify)/i);
    return true;
  });
  assert.equal(handled, before);
});

void test('pinning does not waive hostname verification', async () => {
  // Same CA, right role, pinned exactly, but issued for a name we are not connecting to.
  const misnamed = await issueCertificate(ca, { commonName: 'host-9', role: 'host', sans: ['other.invalid'] });
  const other = createServer(mtlsServerOptions({ caPem: ca.certPem, ...misnamed }), (_req, res) => res.end('reached'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const dispatcher = agent({ caPem: ca.certPem, ...mainClient, pinFingerprint: fingerprint(misnamed.certPem) });
    const otherUrl = `https://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    await assert.rejects(request(otherUrl, { dispatcher }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  } finally {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  }
});

void test('mtlsAgent rejects a half-given identity and a malformed pin', () => {
  assert.throws(() => mtlsAgent({ caPem: ca.certPem, certPem: mainClient.certPem }), /together/);
  assert.throws(() => mtlsAgent({ caPem: ca.certPem, pinFingerprint: 'abc' }), /64 hex/);
});
