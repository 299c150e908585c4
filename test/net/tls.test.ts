import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNetwork, type Network, type TlsResult } from '../../src/net/index.js';
import { nameOf } from '../../src/probes/index.js';
import { makeCa, makeLeaf, type TestCa } from './fixtures/certs.js';
import { deadline, tcpServer, tlsServer, type TestServer } from './fixtures/servers.js';

const DAY = 86_400_000;
let publicCa: TestCa;
let corporateCa: TestCa;
let strangerCa: TestCa;
let caFile: string;
const servers: TestServer[] = [];

async function serve(ca: TestCa | undefined, names: string[], dates: { notBefore?: Date; notAfter?: Date } = {}): Promise<number> {
  const leaf = await makeLeaf(ca, { names, ...dates });
  const server = await tlsServer(leaf.certPem, leaf.keyPem);
  servers.push(server);
  return server.port;
}

beforeAll(async () => {
  [publicCa, corporateCa, strangerCa] = await Promise.all([makeCa('Test Public Root'), makeCa('Corp Inspection CA', 'Corp'), makeCa('Stranger CA')]);
  caFile = join(tempFolder('netreq-ca-'), 'corp.pem');
  writeFileSync(caFile, corporateCa.pem);
});
/** The test's temporary folders, removed after it. */
const folders: string[] = [];
function tempFolder(prefix: string): string {
  const made = mkdtempSync(join(tmpdir(), prefix));
  folders.push(made);
  return made;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function networkWithCorp(): Network {
  return createNetwork({ publicPems: [publicCa.pem], caFiles: [caFile], systemCaPath: null, env: {} });
}

async function handshake(network: Network, port: number, servername: string, timeoutMs = 3000): Promise<TlsResult> {
  const tcp = await network.connect({ address: '127.0.0.1', port, ...deadline(2000) });
  if (!tcp.ok) throw new Error(`connect failed: ${tcp.code}`);
  const result = await network.tls({ socket: tcp.socket, servername, alpn: ['http/1.1'], ...deadline(timeoutMs) });
  if (result.ok) result.socket.destroy();
  return result;
}

describe('tls', () => {
  it('a chain from a public root: trust public, authorized, name matches', async () => {
    const port = await serve(publicCa, ['registry.test']);
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'public', authorized: true, hostnameMatches: true, alpn: 'http/1.1' });
    if (!result.ok) return;
    expect(result.anchor).toContain('CN=Test Public Root');
    expect(result.chain[0]?.subject).toContain('CN=registry.test');
    expect(result.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('a chain from a --ca-file CA: trust extra, anchor names the CA', async () => {
    const port = await serve(corporateCa, ['registry.test']);
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'extra', authorized: true, hostnameMatches: true });
    if (result.ok) expect(result.anchor).toBe('CN=Corp Inspection CA, O=Corp');
  });

  it('a chain from NODE_EXTRA_CA_CERTS counts as extra too', async () => {
    const port = await serve(corporateCa, ['registry.test']);
    const network = createNetwork({ publicPems: [publicCa.pem], systemCaPath: null, env: { NODE_EXTRA_CA_CERTS: caFile } });
    expect(network.trust.extraCaSources[0]).toContain('NODE_EXTRA_CA_CERTS');
    expect(await handshake(network, port, 'registry.test')).toMatchObject({ ok: true, trust: 'extra' });
  });

  it('an unknown CA: untrusted, not authorized, anchor is the issuer', async () => {
    const port = await serve(strangerCa, ['registry.test']);
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'untrusted', authorized: false, hostnameMatches: true });
    if (!result.ok) return;
    expect(result.anchor).toContain('CN=Stranger CA');
    expect(result.authorizationError).toMatch(/UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  it('a self-signed leaf: untrusted, DEPTH_ZERO_SELF_SIGNED_CERT', async () => {
    const port = await serve(undefined, ['registry.test']);
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'untrusted', authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('a wrong name: trusted chain, hostnameMatches false', async () => {
    const port = await serve(publicCa, ['other.test']);
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    // As Node itself reports a name that does not match a trusted chain.
    expect(result).toMatchObject({ ok: true, trust: 'public', hostnameMatches: false, authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('one-engine 8: no Node object patched, and Node converts no certificate: the handshake knows no anchors, netreq verifies', async () => {
    const port = await serve(publicCa, ['registry.test']);
    const network = networkWithCorp();
    const tcp = await network.connect({ address: '127.0.0.1', port, ...deadline(2000) });
    if (!tcp.ok) throw new Error(`connect failed: ${tcp.code}`);
    const conversions = vi.spyOn(tls.TLSSocket.prototype, 'getPeerCertificate');
    try {
      const result = await network.tls({ socket: tcp.socket, servername: 'registry.test', ...deadline(3000) });
      if (!result.ok) throw new Error(`handshake failed: ${result.code}`);
      expect(conversions).not.toHaveBeenCalled();
      expect(Object.hasOwn(result.socket, 'getPeerCertificate')).toBe(false);
      expect(Object.hasOwn(result.socket, 'checkServerIdentity')).toBe(false);
      // Node's own verdict is OpenSSL's against an empty store; netreq's is against the trust store.
      expect(result.socket.authorized).toBe(false);
      expect(String(result.socket.authorizationError)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(result).toMatchObject({ authorized: true, trust: 'public' });
      result.socket.destroy();
    } finally {
      conversions.mockRestore();
    }
  });

  it('an expired certificate: CERT_HAS_EXPIRED, the anchor still found', async () => {
    const port = await serve(publicCa, ['registry.test'], { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'public', authorized: false, authorizationError: 'CERT_HAS_EXPIRED' });
  });

  it('an expired certificate from an unknown CA: untrusted, though Node reports the last error, CERT_HAS_EXPIRED', async () => {
    const port = await serve(strangerCa, ['registry.test'], { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    const result = await handshake(networkWithCorp(), port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'untrusted', authorized: false });
    if (result.ok) expect(result.authorizationError).toBe('CERT_HAS_EXPIRED');
  });

  it('a --ca-file that repeats a public root: the chain still counts as public', async () => {
    const port = await serve(publicCa, ['registry.test']);
    const bundle = join(tempFolder('netreq-ca-'), 'bundle.pem');
    writeFileSync(bundle, `${corporateCa.pem}\n${publicCa.pem}`);
    const network = createNetwork({ publicPems: [publicCa.pem], caFiles: [bundle], systemCaPath: null, env: {} });
    expect(await handshake(network, port, 'registry.test')).toMatchObject({ ok: true, trust: 'public', authorized: true, anchor: 'CN=Test Public Root, O=netreq tests' });
  });

  it("with Node's bundled roots, a --ca-file CA is trusted as extra and an unknown one is not", async () => {
    const network = createNetwork({ caFiles: [caFile], systemCaPath: null, env: {} });
    const corp = await handshake(network, await serve(corporateCa, ['registry.test']), 'registry.test');
    expect(corp).toMatchObject({ ok: true, trust: 'extra', authorized: true, anchor: 'CN=Corp Inspection CA, O=Corp' });
    const stranger = await handshake(network, await serve(strangerCa, ['registry.test']), 'registry.test');
    expect(stranger).toMatchObject({ ok: true, trust: 'untrusted', authorized: false });
  });

  it('an IP literal: no SNI, the IP SAN checked', async () => {
    const port = await serve(publicCa, ['127.0.0.1']);
    const result = await handshake(networkWithCorp(), port, '127.0.0.1');
    expect(result).toMatchObject({ ok: true, trust: 'public', hostnameMatches: true });
  });

  it('a silent server after a good TCP connect: ETIMEDOUT', async () => {
    const silent = await tcpServer(() => undefined);
    servers.push(silent);
    expect(await handshake(networkWithCorp(), silent.port, 'registry.test', 300)).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
  });

  it('a plain-text server: a handshake error code, not a throw', async () => {
    const plain = await tcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    servers.push(plain);
    const result = await handshake(networkWithCorp(), plain.port, 'registry.test');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toMatch(/^(ERR_SSL_|ECONNRESET|EPROTO)/);
  });

  it('the clock offset moves now()', () => {
    const skewed = createNetwork({ clockOffsetMs: 3_600_000, systemCaPath: null, env: {} });
    expect(skewed.now() - Date.now()).toBeGreaterThan(3_500_000);
  });
});

describe('tls chains', () => {
  it('leaf + intermediate sent by the server: anchored by the public root', async () => {
    const intermediate = await makeCa('Test Issuing CA', 'netreq tests', publicCa);
    const leaf = await makeLeaf(intermediate, { names: ['registry.test'] });
    const server = await tlsServer(leaf.certPem + intermediate.pem, leaf.keyPem);
    servers.push(server);
    const result = await handshake(networkWithCorp(), server.port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'public', authorized: true });
    if (!result.ok) return;
    expect(result.anchor).toContain('CN=Test Public Root');
    // The chain as the server sent it: the root that anchors it is named by `anchor`, not appended.
    expect(result.chain.map((c) => nameOf(c.subject))).toEqual(['CN=registry.test', 'CN=Test Issuing CA, O=netreq tests']);
  });

  it('the root sent along with an interception leaf: extra when it is the --ca-file CA', async () => {
    const leaf = await makeLeaf(corporateCa, { names: ['registry.test'] });
    const server = await tlsServer(leaf.certPem + corporateCa.pem, leaf.keyPem);
    servers.push(server);
    expect(await handshake(networkWithCorp(), server.port, 'registry.test')).toMatchObject({ ok: true, trust: 'extra' });
  });

  it('the same interception without the CA trusted: untrusted, anchor names the CA', async () => {
    const leaf = await makeLeaf(corporateCa, { names: ['registry.test'] });
    const server = await tlsServer(leaf.certPem + corporateCa.pem, leaf.keyPem);
    servers.push(server);
    const network = createNetwork({ publicPems: [publicCa.pem], systemCaPath: null, env: {} });
    const result = await handshake(network, server.port, 'registry.test');
    expect(result).toMatchObject({ ok: true, trust: 'untrusted', authorized: false, anchor: 'CN=Corp Inspection CA, O=Corp' });
  });
});

describe('createNetwork options', () => {
  it('throws naming an unreadable --ca-file', () => {
    expect(() => createNetwork({ caFiles: ['/nonexistent/ca.pem'], systemCaPath: null, env: {} })).toThrow(/--ca-file \/nonexistent\/ca\.pem.*ENOENT/);
  });

  it('throws naming a file without a certificate', () => {
    const file = join(tempFolder('netreq-bad-'), 'bad.pem');
    writeFileSync(file, 'not a certificate\n');
    expect(() => createNetwork({ caFiles: [file], systemCaPath: null, env: {} })).toThrow(/bad\.pem: no PEM certificate/);
  });

  it('throws naming a corrupt certificate', () => {
    const file = join(tempFolder('netreq-bad-'), 'corrupt.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(() => createNetwork({ caFiles: [file], systemCaPath: null, env: {} })).toThrow(/corrupt\.pem: certificate #1/);
  });

  it('throws naming an unreadable NODE_EXTRA_CA_CERTS', () => {
    expect(() => createNetwork({ systemCaPath: null, env: { NODE_EXTRA_CA_CERTS: '/nonexistent/extra.pem' } })).toThrow(/NODE_EXTRA_CA_CERTS/);
  });

  it('defaults to the bundled public roots and reads the system store as extra', () => {
    const network = createNetwork({ env: {} });
    expect(network.trust.publicPems.length).toBeGreaterThan(50);
    expect(network.kind).toBe('real');
  });
});
