import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertFactory, PUBLIC_ROOT_NAME, WRONG_NAME, type LeafValidity } from '../../src/sim/index.js';
import * as der from '../../src/sim/der.js';
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

  it('an intercepted leaf sent alone (leafOnly): the client cannot find its issuer, a chain that reads as incomplete', async () => {
    const certs = await createCertFactory();
    const ca = await certs.authority('Gateway Inspection CA');
    const leaf = await certs.leaf('quay.io', 'good', ca.name, true);
    expect(leaf.chainPem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(1);
    expect(await certs.leaf('quay.io', 'good', ca.name)).not.toBe(leaf);
    const port = await serve(leaf.chainPem, leaf.keyPem);
    const untrusted = await tlsHandshake({ port, servername: 'quay.io', ca: [certs.publicRoot.pem] });
    expect(untrusted.authorizationError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(untrusted.peer?.issuer.CN).toBe('Gateway Inspection CA');
    untrusted.socket?.destroy();
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

describe('certificates as node:crypto and openssl read them', () => {
  const DAY = 86_400_000;
  const windows: Array<[LeafValidity, number, number]> = [
    ['good', -1, 90],
    ['wrong-name', -1, 90],
    ['self-signed', -1, 90],
    ['expired', -400, -30],
    ['not-yet-valid', 30, 400],
  ];

  function certificatesIn(chainPem: string): X509Certificate[] {
    return (chainPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map((pem) => new X509Certificate(pem));
  }

  function onlyCertificateIn(chainPem: string): X509Certificate {
    const [leaf, ...rest] = certificatesIn(chainPem);
    if (leaf === undefined || rest.length > 0) throw new Error(`expected one certificate, got ${rest.length + (leaf ? 1 : 0)}`);
    return leaf;
  }

  it('the public root is a self-signed CA with the simulator subject', async () => {
    const certs = await createCertFactory();
    const root = new X509Certificate(certs.publicRoot.pem);
    expect(root.ca).toBe(true);
    expect(root.subject).toBe(`CN=${PUBLIC_ROOT_NAME}\nO=NetReq Simulator`);
    expect(root.issuer).toBe(root.subject);
    expect(root.checkIssued(root)).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(root.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('a good leaf chains to the root, is no CA, and names its host', async () => {
    const certs = await createCertFactory();
    const root = new X509Certificate(certs.publicRoot.pem);
    const issued = await certs.leaf('Registry.Example.com', 'good');
    const leaf = onlyCertificateIn(issued.chainPem);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:registry.example.com');
    expect(leaf.checkHost('registry.example.com')).toBe('registry.example.com');
    expect(leaf.checkHost('other.example.com')).toBeUndefined();
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.checkPrivateKey(createPrivateKey(issued.keyPem))).toBe(true);
    expect(issued.subject).toBe('CN=registry.example.com');
    expect(issued.issuer).toBe(`CN=${PUBLIC_ROOT_NAME}, O=NetReq Simulator`);
  });

  it('an intercepted leaf is sent with its CA, which it chains to', async () => {
    const certs = await createCertFactory();
    const authority = await certs.authority('Contoso TLS Inspection CA');
    const issued = await certs.leaf('pypi.org', 'good', authority.name);
    const [leaf, ca, ...rest] = certificatesIn(issued.chainPem);
    expect(rest).toHaveLength(0);
    expect(ca?.raw.equals(new X509Certificate(authority.pem).raw)).toBe(true);
    expect(ca?.ca).toBe(true);
    expect(ca !== undefined && leaf?.checkIssued(ca)).toBe(true);
    expect(ca !== undefined && leaf?.verify(ca.publicKey)).toBe(true);
    expect(leaf?.verify(new X509Certificate(certs.publicRoot.pem).publicKey)).toBe(false);
    expect(issued.issuer).toBe('CN=Contoso TLS Inspection CA, O=NetReq Simulator');
    expect(await certs.authority(authority.name)).toEqual(authority);
  });

  it('a self-signed leaf is its own issuer and signer', async () => {
    const certs = await createCertFactory();
    const issued = await certs.leaf('registry.example.com', 'self-signed');
    const leaf = onlyCertificateIn(issued.chainPem);
    expect(leaf.ca).toBe(false);
    expect(leaf.issuer).toBe(leaf.subject);
    expect(leaf.verify(leaf.publicKey)).toBe(true);
    expect(leaf.verify(new X509Certificate(certs.publicRoot.pem).publicKey)).toBe(false);
    expect(issued.issuer).toBe('CN=registry.example.com');
  });

  it.each(windows)('%s: valid from now %i days to now %i days', async (validity, fromDays, toDays) => {
    const certs = await createCertFactory();
    const before = Date.now();
    const leaf = onlyCertificateIn((await certs.leaf('registry.example.com', validity)).chainPem);
    const after = Date.now();
    // The encoding keeps whole seconds.
    const inWindow = (text: string, days: number): void => {
      const at = Date.parse(text);
      expect(at).toBeGreaterThanOrEqual(before + days * DAY - 1000);
      expect(at).toBeLessThanOrEqual(after + days * DAY);
    };
    inWindow(leaf.validFrom, fromDays);
    inWindow(leaf.validTo, toDays);
  });

  it('IP hosts get IP SANs, v4 and v6', async () => {
    const certs = await createCertFactory();
    const v4 = onlyCertificateIn((await certs.leaf('10.0.0.5', 'good')).chainPem);
    expect(v4.subjectAltName).toBe('IP Address:10.0.0.5');
    expect(v4.checkIP('10.0.0.5')).toBe('10.0.0.5');
    expect(v4.checkIP('10.0.0.6')).toBeUndefined();
    const v6 = onlyCertificateIn((await certs.leaf('fd00::1:2', 'good')).chainPem);
    expect(v6.checkIP('fd00:0:0:0:0:0:1:2')).toBeDefined();
    const mapped = onlyCertificateIn((await certs.leaf('::ffff:192.0.2.1', 'good')).chainPem);
    expect(mapped.checkIP('::ffff:c000:201')).toBeDefined();
  });

  it('a wrong-name leaf carries the wrong name in subject and SAN', async () => {
    const certs = await createCertFactory();
    const issued = await certs.leaf('registry.example.com', 'wrong-name');
    const leaf = onlyCertificateIn(issued.chainPem);
    expect(leaf.subjectAltName).toBe(`DNS:${WRONG_NAME}`);
    expect(leaf.checkHost('registry.example.com')).toBeUndefined();
    expect(issued.subject).toBe(`CN=${WRONG_NAME}`);
  });

  it('every leaf shares one key, and a refused issuance is not cached', async () => {
    const certs = await createCertFactory();
    const [a, b] = await Promise.all([certs.leaf('a.example', 'good'), certs.leaf('b.example', 'expired')]);
    expect(a.keyPem).toBe(b.keyPem);
    // A space is no part of a dNSName, so this host cannot be issued.
    const first = certs.leaf('é example', 'good');
    await expect(first).rejects.toThrow(/dNSName/);
    const second = certs.leaf('é example', 'good');
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow(/dNSName/);
  });

  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  const hasOpenssl = openssl.status === 0;
  // Without the openssl CLI there is nothing to run; node's own checks above still cover the chain.
  it.skipIf(!hasOpenssl)('openssl verify accepts a good leaf and reports an expired one (skipped when openssl is not on PATH)', async () => {
    const certs = await createCertFactory();
    const dir = await mkdtemp(join(tmpdir(), 'netreq-certs-'));
    try {
      const write = async (name: string, pem: string): Promise<string> => {
        const file = join(dir, name);
        await writeFile(file, `${pem}\n`);
        return file;
      };
      const ca = await write('ca.pem', certs.publicRoot.pem);
      const good = await write('good.pem', (await certs.leaf('registry.example.com', 'good')).chainPem);
      const expired = await write('expired.pem', (await certs.leaf('registry.example.com', 'expired')).chainPem);
      const verify = (leaf: string) =>
        spawnSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-verify_hostname', 'registry.example.com', '-CAfile', ca, leaf], { encoding: 'utf8' });
      const accepted = verify(good);
      expect(accepted.stdout + accepted.stderr).toContain(': OK');
      expect(accepted.status).toBe(0);
      const refused = verify(expired);
      expect(refused.status).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain('certificate has expired');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the DER encoder', () => {
  const hex = (bytes: Buffer): string => bytes.toString('hex');

  it('encodes integers positive and minimal', () => {
    expect(hex(der.integer(2))).toBe('020102');
    expect(hex(der.integer(0))).toBe('020100');
    expect(hex(der.integer(128))).toBe('02020080');
    expect(hex(der.integer(Buffer.from([0, 0, 0x7f])))).toBe('02017f');
    expect(hex(der.integer(Buffer.from([0xff, 0x01])))).toBe('020300ff01');
  });

  it('encodes object identifiers and long lengths', () => {
    expect(hex(der.oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(der.oid('2.5.29.19'))).toBe('0603551d13');
    expect(hex(der.oid('2.999.3'))).toBe('0603883703');
    expect(() => der.oid('1.40')).toThrow(RangeError);
    expect(hex(der.octetString(Buffer.alloc(200)).subarray(0, 3))).toBe('0481c8');
    expect(hex(der.octetString(Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c');
    expect(hex(der.octetString(Buffer.alloc(127)).subarray(0, 2))).toBe('047f');
  });

  it('uses UTCTime for 1950 to 2049 and GeneralizedTime otherwise', () => {
    expect(der.time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59, 999))).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(der.time(new Date(Date.UTC(1950, 0, 2, 3, 4, 5))).toString('latin1')).toBe('\x17\x0d500102030405Z');
    expect(der.time(new Date(Date.UTC(2050, 0, 1))).toString('latin1')).toBe('\x18\x0f20500101000000Z');
    expect(der.time(new Date(Date.UTC(1949, 11, 31))).toString('latin1')).toBe('\x18\x0f19491231000000Z');
  });

  it('encodes named bits, strings, booleans and tags as X.509 wants them', () => {
    expect(hex(der.namedBits([0]))).toBe('03020780');
    expect(hex(der.namedBits([5, 6]))).toBe('03020106');
    expect(hex(der.namedBits([8]))).toBe('0303070080');
    expect(hex(der.boolean(true))).toBe('0101ff');
    expect(hex(der.directoryString('pypi.org'))).toBe('1308707970692e6f7267');
    expect(hex(der.directoryString('a_b'))).toBe('0c03615f62');
    expect(hex(der.explicit(0, der.integer(2)))).toBe('a003020102');
    expect(hex(der.implicit(0, der.octetString(Buffer.from([1, 2]))))).toBe('80020102');
    expect(hex(der.implicit(1, der.sequence()))).toBe('a100');
    expect(hex(der.set(der.integer(2), der.integer(1)))).toBe('3106020101020102');
  });
});
