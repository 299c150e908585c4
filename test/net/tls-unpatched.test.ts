import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNetwork, type Network, type TlsResult } from '../../src/net/index.js';
import { makeCa, makeLeaf, type TestCa } from './fixtures/certs.js';
import { deadline, tlsServer, type TestServer } from './fixtures/servers.js';

// tlsConnect used to hand Node an empty certificate during the handshake (its own getPeerCertificate
// on the socket, deleted again at secureConnect). These tests look at the socket while Node runs its
// own handshake code, and at the verdicts that trick was meant to keep.

let publicCa: TestCa;
let corporateCa: TestCa;
let strangerCa: TestCa;
let caFile: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  [publicCa, corporateCa, strangerCa] = await Promise.all([makeCa('Test Public Root'), makeCa('Corp Inspection CA', 'Corp'), makeCa('Stranger CA')]);
  caFile = join(mkdtempSync(join(tmpdir(), 'netreq-ca-')), 'corp.pem');
  writeFileSync(caFile, corporateCa.pem);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function serve(ca: TestCa | undefined, names: string[], extraChain = ''): Promise<number> {
  const leaf = await makeLeaf(ca, { names });
  const server = await tlsServer(leaf.certPem + extraChain, leaf.keyPem);
  servers.push(server);
  return server.port;
}

/** Own properties of the socket that hide a method of TLSSocket (a patched Node object). */
function shadowedMethods(socket: tls.TLSSocket): string[] {
  const prototype: object = tls.TLSSocket.prototype;
  return Reflect.ownKeys(socket)
    .filter((key): key is string => typeof key === 'string' && key in prototype)
    .filter((key) => typeof Reflect.get(socket, key) === 'function');
}

interface Observed {
  readonly result: TlsResult;
  /** Seen when OpenSSL's handshake is done, just before Node's onConnectSecure reads the socket. */
  readonly duringHandshake: readonly string[];
  readonly afterHandshake: readonly string[];
  readonly ownGetPeerCertificate: boolean;
}

const nodeConnect = tls.connect;

async function observedHandshake(network: Network, port: number, servername: string): Promise<Observed> {
  let duringHandshake: string[] | undefined;
  vi.spyOn(tls, 'connect').mockImplementation(((...args: unknown[]) => {
    const socket = Reflect.apply(nodeConnect, tls, args) as tls.TLSSocket;
    // Prepended, so it runs before Node's own 'secure' listener (the one that reads the certificate).
    socket.prependOnceListener('secure', () => {
      duringHandshake = shadowedMethods(socket);
    });
    return socket;
  }) as typeof tls.connect);
  const tcp = await network.connect({ address: '127.0.0.1', port, ...deadline(2000) });
  if (!tcp.ok) throw new Error(`connect failed: ${tcp.code}`);
  const result = await network.tls({ socket: tcp.socket, servername, alpn: ['http/1.1'], ...deadline(3000) });
  if (!result.ok) throw new Error(`handshake failed: ${result.code}`);
  const observed = {
    result,
    duringHandshake: duringHandshake ?? ['(the handshake was never seen)'],
    afterHandshake: shadowedMethods(result.socket),
    ownGetPeerCertificate: result.socket.getPeerCertificate === tls.TLSSocket.prototype.getPeerCertificate,
  };
  result.socket.destroy();
  return observed;
}

function networkWithCorp(): Network {
  return createNetwork({ publicPems: [publicCa.pem], caFiles: [caFile], systemCaPath: null, env: {} });
}

function expectUnpatched(observed: Observed): void {
  expect(observed.duringHandshake).toEqual([]);
  expect(observed.afterHandshake).toEqual([]);
  expect(observed.ownGetPeerCertificate).toBe(true);
}

describe('TLS without patching Node', () => {
  it('one-engine 8: a trusted chain: the socket keeps Node\'s own getPeerCertificate during and after the handshake, the verdict is public and authorized', async () => {
    const observed = await observedHandshake(networkWithCorp(), await serve(publicCa, ['registry.test']), 'registry.test');
    expectUnpatched(observed);
    expect(observed.result).toMatchObject({ ok: true, trust: 'public', authorized: true, hostnameMatches: true, anchor: 'CN=Test Public Root, O=netreq tests' });
  });

  it('one-engine 8: a wrong name on a trusted chain is still ERR_TLS_CERT_ALTNAME_INVALID, with nothing patched', async () => {
    const observed = await observedHandshake(networkWithCorp(), await serve(publicCa, ['other.test']), 'registry.test');
    expectUnpatched(observed);
    expect(observed.result).toMatchObject({ ok: true, trust: 'public', authorized: false, hostnameMatches: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('one-engine 8: an untrusted chain still gives the chain and the reason', async () => {
    const intermediate = await makeCa('Stranger Issuing CA', 'Stranger', strangerCa);
    const observed = await observedHandshake(networkWithCorp(), await serve(intermediate, ['registry.test'], intermediate.pem), 'registry.test');
    expectUnpatched(observed);
    expect(observed.result).toMatchObject({ ok: true, trust: 'untrusted', authorized: false, hostnameMatches: true, anchor: 'CN=Stranger CA, O=netreq tests' });
    if (!observed.result.ok) return;
    expect(observed.result.authorizationError).toMatch(/^(UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_GET_ISSUER_CERT)$/);
    expect(observed.result.chain.map((c) => c.subject.split('\n').find((line) => line.startsWith('CN=')))).toEqual(['CN=registry.test', 'CN=Stranger Issuing CA']);
  });

  it('one-engine 8: an intercepting CA from --ca-file or NODE_EXTRA_CA_CERTS is told apart from the public roots', async () => {
    const port = await serve(corporateCa, ['registry.test']);
    const viaCaFile = await observedHandshake(networkWithCorp(), port, 'registry.test');
    const viaEnv = await observedHandshake(createNetwork({ publicPems: [publicCa.pem], systemCaPath: null, env: { NODE_EXTRA_CA_CERTS: caFile } }), port, 'registry.test');
    for (const observed of [viaCaFile, viaEnv]) {
      expectUnpatched(observed);
      expect(observed.result).toMatchObject({ ok: true, trust: 'extra', authorized: true, hostnameMatches: true, anchor: 'CN=Corp Inspection CA, O=Corp' });
    }
    const withoutIt = await observedHandshake(createNetwork({ publicPems: [publicCa.pem], systemCaPath: null, env: {} }), port, 'registry.test');
    expectUnpatched(withoutIt);
    expect(withoutIt.result).toMatchObject({ ok: true, trust: 'untrusted', authorized: false });
  });
});
