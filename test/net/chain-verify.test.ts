import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type TlsResult } from '../../src/net/index.js';
import * as der from '../../src/sim/der.js';
import { distinguishedName, generateKeys, issueCertificate, type DistinguishedName, type KeyPair } from '../../src/sim/x509-issue.js';
import { deadline, tlsServer, type TestServer } from './fixtures/servers.js';

/**
 * netreq handshakes against no trust anchors and verifies the chain itself (src/net/chain-verify.ts).
 * Each case serves a chain on loopback and asks both netreq and Node (a plain `tls.connect` whose
 * OpenSSL store holds the same roots, `rejectUnauthorized: false`) what they make of it: the two
 * verdicts, `authorized` and the error code, must be equal.
 */

const DAY = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const KU = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

interface Party {
  readonly subject: DistinguishedName;
  readonly keys: KeyPair;
}

interface Issued extends Party {
  readonly pem: string;
}

interface CertOptions {
  readonly issuer?: Party;
  readonly keys?: KeyPair;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** A CA (with a path length if a number); a leaf otherwise. */
  readonly ca?: boolean | number;
  readonly keyUsage?: readonly number[];
  readonly extendedKeyUsage?: readonly string[];
  readonly names?: readonly string[];
  /** No basic constraints extension. */
  readonly noBasicConstraints?: boolean;
  /** Sign with this key instead of the issuer's (a forged signature). */
  readonly signingKey?: KeyPair;
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function issue(subject: DistinguishedName, options: CertOptions = {}): Issued {
  const keys = options.keys ?? generateKeys();
  const issuer = options.issuer ?? { subject, keys };
  const isCa = options.ca !== undefined && options.ca !== false;
  const extensions = [
    ...(options.noBasicConstraints ? [] : [extension('2.5.29.19', true, isCa ? der.sequence(der.boolean(true), ...(typeof options.ca === 'number' ? [der.integer(options.ca)] : [])) : der.sequence())]),
    extension('2.5.29.15', true, der.namedBits([...(options.keyUsage ?? (isCa ? [KU.keyCertSign, KU.cRLSign] : [KU.digitalSignature]))])),
    ...(isCa && options.extendedKeyUsage === undefined ? [] : [extension('2.5.29.37', false, der.sequence(...(options.extendedKeyUsage ?? [SERVER_AUTH]).map((oid) => der.oid(oid))))]),
    extension('2.5.29.14', false, der.octetString(keys.keyIdentifier)),
    ...(options.issuer ? [extension('2.5.29.35', false, der.sequence(der.implicit(0, der.octetString(issuer.keys.keyIdentifier))))] : []),
    ...(options.names ? [extension('2.5.29.17', false, der.sequence(...options.names.map((name) => der.implicit(2, der.ia5String(name)))))] : []),
  ];
  const pem = issueCertificate({
    issuer: issuer.subject,
    subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    subjectSpki: keys.spki,
    signingKey: (options.signingKey ?? issuer.keys).privateKey,
    extensions,
  });
  return { subject, keys, pem: `${pem}\n` };
}

const root = (name: string, options: CertOptions = {}): Issued => issue(distinguishedName(name, 'netreq tests'), { ca: true, ...options });
const intermediate = (name: string, issuer: Party, options: CertOptions = {}): Issued => issue(distinguishedName(name, 'netreq tests'), { ca: true, issuer, ...options });
const leafOf = (issuer: Party | undefined, options: CertOptions = {}): Issued =>
  issue(distinguishedName('registry.test'), { names: ['registry.test'], ...(issuer ? { issuer } : {}), ...options });

const servers: TestServer[] = [];
let publicRoot: Issued;
let corpRoot: Issued;
let dir: string;

beforeAll(() => {
  publicRoot = root('Test Public Root');
  corpRoot = root('Corp Inspection CA');
  dir = mkdtempSync(join(tmpdir(), 'netreq-chain-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

interface Verdict {
  readonly authorized: boolean;
  readonly authorizationError?: string;
}

function nodeVerdict(port: number, servername: string, ca: readonly string[]): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: [...ca], rejectUnauthorized: false }, () => {
      const error: unknown = socket.authorizationError;
      resolve({ authorized: socket.authorized, ...(error ? { authorizationError: String(error) } : {}) });
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

interface Store {
  /** The public roots; Node's bundled roots when absent. */
  readonly publicPems?: readonly string[];
  readonly caFile?: readonly string[];
}

let files = 0;

/** netreq's verdict and Node's for one served chain, asserted equal; netreq's result returned. */
async function both(chain: readonly Issued[], store: Store, servername = 'registry.test'): Promise<TlsResult & { ok: true }> {
  const [leaf] = chain;
  if (!leaf) throw new Error('no leaf');
  const server = await tlsServer(chain.map((c) => c.pem).join(''), leaf.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  servers.push(server);
  const caFiles = (store.caFile ?? []).map((pem) => {
    files += 1;
    const file = join(dir, `ca-${files}.pem`);
    writeFileSync(file, pem);
    return file;
  });
  const network = createNetwork({ ...(store.publicPems ? { publicPems: [...store.publicPems] } : {}), caFiles, systemCaPath: null, env: {} });
  const tcp = await network.connect({ address: '127.0.0.1', port: server.port, ...deadline(2000) });
  if (!tcp.ok) throw new Error(`connect failed: ${tcp.code}`);
  const result = await network.tls({ socket: tcp.socket, servername, ...deadline(3000) });
  if (!result.ok) throw new Error(`handshake failed: ${result.code}`);
  result.socket.destroy();
  const node = await nodeVerdict(server.port, servername, [...(store.publicPems ?? tls.rootCertificates), ...(store.caFile ?? [])]);
  expect({ authorized: result.authorized, ...(result.authorizationError ? { authorizationError: result.authorizationError } : {}) }).toEqual(node);
  return result;
}

const publicStore = (): Store => ({ publicPems: [publicRoot.pem] });

describe('one-engine 8: chain verification gives the verdict OpenSSL gives', () => {
  it('one-engine 8: a leaf from a trusted root: authorized, trust public', async () => {
    const result = await both([leafOf(publicRoot)], publicStore());
    expect(result).toMatchObject({ authorized: true, trust: 'public', hostnameMatches: true });
  });

  it('one-engine 8: leaf + intermediate, and with the root sent too: authorized', async () => {
    const issuing = intermediate('Test Issuing CA', publicRoot);
    const leaf = leafOf(issuing);
    expect(await both([leaf, issuing], publicStore())).toMatchObject({ authorized: true, trust: 'public' });
    expect(await both([leaf, issuing, publicRoot], publicStore())).toMatchObject({ authorized: true, trust: 'public' });
    // Sent out of order: OpenSSL looks for issuers among everything sent.
    expect(await both([leaf, publicRoot, issuing], publicStore())).toMatchObject({ authorized: true });
  });

  it('one-engine 8: an expired leaf, a leaf not yet valid, an expired intermediate', async () => {
    const expired = leafOf(publicRoot, { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(await both([expired], publicStore())).toMatchObject({ authorized: false, authorizationError: 'CERT_HAS_EXPIRED', trust: 'public' });
    const early = leafOf(publicRoot, { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 60 * DAY) });
    expect(await both([early], publicStore())).toMatchObject({ authorized: false, authorizationError: 'CERT_NOT_YET_VALID' });
    const oldIssuing = intermediate('Old Issuing CA', publicRoot, { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(await both([leafOf(oldIssuing), oldIssuing], publicStore())).toMatchObject({ authorizationError: 'CERT_HAS_EXPIRED' });
  });

  it('one-engine 8: a self-signed leaf: DEPTH_ZERO_SELF_SIGNED_CERT; trusted when it is a --ca-file', async () => {
    const self = leafOf(undefined);
    expect(await both([self], publicStore())).toMatchObject({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', trust: 'untrusted' });
    expect(await both([self], { ...publicStore(), caFile: [self.pem] })).toMatchObject({ authorized: true, trust: 'extra' });
  });

  it('one-engine 8: interception by an untrusted root: SELF_SIGNED_CERT_IN_CHAIN with the root sent, the leaf alone UNABLE_TO_VERIFY_LEAF_SIGNATURE', async () => {
    const leaf = leafOf(corpRoot);
    expect(await both([leaf, corpRoot], publicStore())).toMatchObject({ authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', trust: 'untrusted' });
    expect(await both([leaf], publicStore())).toMatchObject({ authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', trust: 'untrusted' });
    const issuing = intermediate('Corp Issuing CA', corpRoot);
    expect(await both([leafOf(issuing), issuing], publicStore())).toMatchObject({ authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
  });

  it('one-engine 8: the interception root as a --ca-file: authorized, trust extra', async () => {
    const leaf = leafOf(corpRoot);
    expect(await both([leaf], { ...publicStore(), caFile: [corpRoot.pem] })).toMatchObject({ authorized: true, trust: 'extra' });
    expect(await both([leaf, corpRoot], { ...publicStore(), caFile: [corpRoot.pem] })).toMatchObject({ authorized: true, trust: 'extra' });
  });

  it('one-engine 8: an incomplete chain (the intermediate not sent): UNABLE_TO_VERIFY_LEAF_SIGNATURE', async () => {
    const issuing = intermediate('Missing Issuing CA', publicRoot);
    expect(await both([leafOf(issuing)], publicStore())).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // A wrong intermediate sent instead.
    const other = intermediate('Other Issuing CA', publicRoot);
    expect(await both([leafOf(issuing), other], publicStore())).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('one-engine 8: a cross-signed intermediate: the trusted root ends the path first (trusted first)', async () => {
    const newRoot = root('New Root');
    const oldRoot = root('Old Root', { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 10 * DAY) });
    // The new root's name and key, signed by the old root (which has expired).
    const cross = issue(newRoot.subject, { keys: newRoot.keys, issuer: oldRoot, ca: true });
    const issuing = intermediate('Cross Issuing CA', newRoot);
    const leaf = leafOf(issuing);
    expect(await both([leaf, issuing, cross], { publicPems: [newRoot.pem, oldRoot.pem] })).toMatchObject({ authorized: true });
    expect(await both([leaf, issuing, cross], { publicPems: [newRoot.pem] })).toMatchObject({ authorized: true });
    // Only the old root trusted: the path goes through the cross certificate to it, and it has expired.
    expect(await both([leaf, issuing, cross], { publicPems: [oldRoot.pem] })).toMatchObject({ authorizationError: 'CERT_HAS_EXPIRED' });
    const validOld = root('Valid Old Root');
    const validCross = issue(newRoot.subject, { keys: newRoot.keys, issuer: validOld, ca: true });
    expect(await both([leaf, issuing, validCross], { publicPems: [validOld.pem] })).toMatchObject({ authorized: true });
  });

  it('one-engine 8: a wrong name: ERR_TLS_CERT_ALTNAME_INVALID on a trusted chain, the chain error first otherwise', async () => {
    expect(await both([leafOf(publicRoot)], publicStore(), 'other.test')).toMatchObject({
      authorized: false,
      authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID',
      hostnameMatches: false,
      trust: 'public',
    });
    expect(await both([leafOf(corpRoot)], publicStore(), 'other.test')).toMatchObject({ authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', hostnameMatches: false });
  });

  it('one-engine 8: an expired leaf from an unknown CA: the last error, CERT_HAS_EXPIRED', async () => {
    const expired = leafOf(corpRoot, { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(await both([expired, corpRoot], publicStore())).toMatchObject({ authorizationError: 'CERT_HAS_EXPIRED', trust: 'untrusted' });
    expect(await both([expired], publicStore())).toMatchObject({ authorizationError: 'CERT_HAS_EXPIRED', trust: 'untrusted' });
  });

  it('one-engine 8: a forged signature: CERT_SIGNATURE_FAILURE', async () => {
    const forged = leafOf(publicRoot, { signingKey: generateKeys() });
    expect(await both([forged], publicStore())).toMatchObject({ authorized: false, authorizationError: 'CERT_SIGNATURE_FAILURE' });
  });

  it('one-engine 8: a leaf that signs a leaf: UNSPECIFIED (KEY_USAGE_NO_CERTSIGN, which Node does not name), or INVALID_PURPOSE after INVALID_CA', async () => {
    const notCa = leafOf(publicRoot, { names: ['issuer.test'] });
    const signed = issue(distinguishedName('registry.test'), { names: ['registry.test'], issuer: notCa });
    expect(await both([signed, notCa], publicStore())).toMatchObject({ authorized: false, authorizationError: 'UNSPECIFIED' });
    const signingLeaf = leafOf(publicRoot, { names: ['issuer.test'], keyUsage: [KU.digitalSignature, KU.keyCertSign], extendedKeyUsage: [] });
    const signedBy = issue(distinguishedName('registry.test'), { names: ['registry.test'], issuer: signingLeaf });
    expect(await both([signedBy, signingLeaf], publicStore())).toMatchObject({ authorized: false, authorizationError: 'INVALID_PURPOSE' });
    // A CA by its key usage alone: enough for the top of a path, not for an intermediate.
    const bare = intermediate('No Constraints CA', publicRoot, { noBasicConstraints: true });
    expect(await both([leafOf(bare), bare], publicStore())).toMatchObject({ authorized: false, authorizationError: 'INVALID_CA' });
    const bareRoot = root('No Constraints Root', { noBasicConstraints: true });
    expect(await both([leafOf(bareRoot)], { publicPems: [bareRoot.pem] })).toMatchObject({ authorized: true });
    const noSign = intermediate('No Cert Sign CA', publicRoot, { keyUsage: [KU.digitalSignature] });
    expect(await both([leafOf(noSign), noSign], publicStore())).toMatchObject({ authorized: false });
  });

  it('one-engine 8: purposes and path lengths: INVALID_PURPOSE, PATH_LENGTH_EXCEEDED', async () => {
    expect(await both([leafOf(publicRoot, { extendedKeyUsage: [CLIENT_AUTH] })], publicStore())).toMatchObject({ authorizationError: 'INVALID_PURPOSE' });
    expect(await both([leafOf(publicRoot, { keyUsage: [KU.keyCertSign] })], publicStore())).toMatchObject({ authorizationError: 'INVALID_PURPOSE' });
    const clientOnly = intermediate('Client Only CA', publicRoot, { extendedKeyUsage: [CLIENT_AUTH] });
    expect(await both([leafOf(clientOnly), clientOnly], publicStore())).toMatchObject({ authorizationError: 'INVALID_PURPOSE' });
    const shortRoot = root('Short Root', { ca: 0 });
    const under = intermediate('Under Short Root', shortRoot);
    expect(await both([leafOf(under), under], { publicPems: [shortRoot.pem] })).toMatchObject({ authorizationError: 'PATH_LENGTH_EXCEEDED' });
    const okRoot = root('Long Root', { ca: 1 });
    const underOk = intermediate('Under Long Root', okRoot);
    expect(await both([leafOf(underOk), underOk], { publicPems: [okRoot.pem] })).toMatchObject({ authorized: true });
  });

  it('one-engine 8: a self-signed root named like a trusted one, with another key: SELF_SIGNED_CERT_IN_CHAIN', async () => {
    const mimic = root('Test Public Root');
    expect(await both([leafOf(mimic), mimic], publicStore())).toMatchObject({ authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('one-engine 8: an issuer named in another encoding, case and spacing: the same name to OpenSSL (canonical comparison)', async () => {
    const name = (value: Buffer, text: string): DistinguishedName => ({ der: der.sequence(der.set(der.sequence(der.oid('2.5.4.3'), value))), text });
    const canonRoot = issue(name(der.utf8String('Mixed Case  Root'), 'CN=Mixed Case  Root'), { ca: true });
    const leaf = issue(distinguishedName('registry.test'), {
      names: ['registry.test'],
      issuer: { subject: name(der.printableString(' mixed case root'), 'CN=mixed case root'), keys: canonRoot.keys },
    });
    expect(await both([leaf], { publicPems: [publicRoot.pem, canonRoot.pem] })).toMatchObject({ authorized: true });
    expect(await both([leaf], publicStore())).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it("one-engine 8: with Node's bundled roots: an unknown chain and a --ca-file chain", async () => {
    expect(await both([leafOf(corpRoot), corpRoot], {})).toMatchObject({ authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', trust: 'untrusted' });
    expect(await both([leafOf(corpRoot)], { caFile: [corpRoot.pem] })).toMatchObject({ authorized: true, trust: 'extra' });
  });
});
