import { createServer, type Server } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertFactory, PUBLIC_ROOT_NAME, WRONG_NAME, type LeafValidity } from '../../src/sim/index.js';
import { tlsHandshake } from './sockets.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function serve(chainPem: string, keyPem: string): Promise<number> {
  const server = createServer({ cert: chainPem, key: keyPem }, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return address.port;
}

describe('certificates made in-process', () => {
  const cases: Array<[LeafValidity, string | undefined]> = [
    ['good', undefined],
    ['expired', 'CERT_HAS_EXPIRED'],
    ['not-yet-valid', 'CERT_NOT_YET_VALID'],
    ['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ];
  it.each(cases)('a %s leaf validates against the sim root as node says', async (validity, error) => {
    const certs = await createCertFactory();
    const leaf = await certs.leaf('registry.example.com', validity);
    const port = await serve(leaf.chainPem, leaf.keyPem);
    const outcome = await tlsHandshake({ port, servername: 'registry.example.com', ca: [certs.publicRoot.pem] });
    expect(outcome.ok).toBe(true);
    expect(outcome.authorizationError).toBe(error);
    expect(outcome.peer?.subject.CN).toBe('registry.example.com');
    expect(outcome.peer?.subjectaltname).toBe('DNS:registry.example.com');
    outcome.socket?.destroy();
  });

  it('a wrong-name leaf is valid but names another host', async () => {
    const certs = await createCertFactory();
    const leaf = await certs.leaf('registry.example.com', 'wrong-name');
    const port = await serve(leaf.chainPem, leaf.keyPem);
    const outcome = await tlsHandshake({ port, servername: 'registry.example.com', ca: [certs.publicRoot.pem] });
    // The chain is trusted; only the name fails (node reports it as the authorization error).
    expect(outcome.authorizationError).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(outcome.peer?.subjectaltname).toBe(`DNS:${WRONG_NAME}`);
    outcome.socket?.destroy();
  });

  it('an intercepted leaf is issued by the named CA, sent along, and trusted only with it', async () => {
    const certs = await createCertFactory();
    const ca = await certs.authority('Contoso TLS Inspection CA');
    const leaf = await certs.leaf('pypi.org', 'good', ca.name);
    const port = await serve(leaf.chainPem, leaf.keyPem);
    const untrusted = await tlsHandshake({ port, servername: 'pypi.org', ca: [certs.publicRoot.pem] });
    expect(untrusted.authorizationError).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(untrusted.peer?.issuer.CN).toBe('Contoso TLS Inspection CA');
    untrusted.socket?.destroy();
    const trusted = await tlsHandshake({ port, servername: 'pypi.org', ca: [certs.publicRoot.pem, ca.pem] });
    expect(trusted.authorized).toBe(true);
    trusted.socket?.destroy();
    expect(certs.publicRoot.name).toBe(PUBLIC_ROOT_NAME);
  });

  it('IP addresses get an IP SAN, and leaves are cached per host', async () => {
    const certs = await createCertFactory();
    const leaf = await certs.leaf('10.0.0.5', 'good');
    expect(await certs.leaf('10.0.0.5', 'good')).toBe(leaf);
    const port = await serve(leaf.chainPem, leaf.keyPem);
    const outcome = await tlsHandshake({ port, ca: [certs.publicRoot.pem] });
    expect(outcome.peer?.subjectaltname).toBe('IP Address:10.0.0.5');
    outcome.socket?.destroy();
  });

  it('signs 80 leaves in parallel (time logged, not asserted)', async () => {
    const started = performance.now();
    const certs = await createCertFactory();
    const leaves = await Promise.all(Array.from({ length: 80 }, (_, i) => certs.leaf(`host${i}.example.com`, 'good')));
    console.log(`80 leaves + root: ${(performance.now() - started).toFixed(1)} ms`);
    expect(new Set(leaves.map((l) => l.chainPem)).size).toBe(80);
  });
});
