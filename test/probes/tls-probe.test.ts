import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type Network } from '../../src/net/index.js';
import { probeTcp, probeTls, TlsStep } from '../../src/probes/index.js';
import { makeCa, makeLeaf, type TestCa } from '../net/fixtures/certs.js';
import { deadline, tcpServer, tlsServer, type TestServer } from '../net/fixtures/servers.js';

const servers: TestServer[] = [];
let publicCa: TestCa;
let network: Network;

beforeAll(async () => {
  publicCa = await makeCa('Test Public Root');
  network = createNetwork({ publicPems: [publicCa.pem], systemCaPath: null, env: {} });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function connect(port: number): Promise<net.Socket> {
  const { socket } = await probeTcp(network, ['127.0.0.1'], port, deadline(2000));
  if (!socket) throw new Error('connect failed');
  return socket as net.Socket;
}

async function keep<T extends TestServer>(server: Promise<T>): Promise<T> {
  const s = await server;
  servers.push(s);
  return s;
}

describe('probeTls', () => {
  it('records the chain, trust, anchor, name match and local time', async () => {
    const leaf = await makeLeaf(publicCa, { names: ['api.test'] });
    const server = await keep(tlsServer(leaf.certPem, leaf.keyPem));
    const { result, socket } = await probeTls(network, await connect(server.port), { servername: 'api.test', alpn: ['http/1.1'] }, deadline(2000));
    socket?.destroy();
    expect(TlsStep.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, outcome: 'established', evidence: { trust: 'public', hostnameMatches: true, alpn: 'http/1.1' } });
    expect(result.evidence.chain[0]).toMatchObject({ subject: 'CN=api.test', issuer: 'CN=Test Public Root, O=netreq tests', selfIssued: false });
    expect(result.evidence.chain[0]?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(result.evidence.anchor).toBe('CN=Test Public Root, O=netreq tests');
    expect(result.evidence.localTime).toBeDefined();
  });

  it('an expired certificate keeps its dates and the error code as evidence', async () => {
    const leaf = await makeLeaf(publicCa, { names: ['old.test'], notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const server = await keep(tlsServer(leaf.certPem, leaf.keyPem));
    const { result, socket } = await probeTls(network, await connect(server.port), { servername: 'old.test' }, deadline(2000));
    socket?.destroy();
    expect(result).toMatchObject({ ok: true, code: 'CERT_HAS_EXPIRED', evidence: { authorizationError: 'CERT_HAS_EXPIRED' } });
    expect(result.evidence.chain[0]?.validTo).toBe('2021-01-01T00:00:00.000Z');
  });

  it('a handshake nobody answers: outcome timeout', async () => {
    const silent = await keep(tcpServer(() => undefined));
    const { result } = await probeTls(network, await connect(silent.port), { servername: 'api.test' }, deadline(300));
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', code: 'ETIMEDOUT' });
  });
  it('a reset during the handshake: outcome failed, ECONNRESET', async () => {
    const reset = await keep(tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy())));
    const { result } = await probeTls(network, await connect(reset.port), { servername: 'api.test' }, deadline(2000));
    expect(result).toMatchObject({ ok: false, outcome: 'failed', code: 'ECONNRESET' });
  });
});
