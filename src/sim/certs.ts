import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { isIP } from 'node:net';
import type { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** How a leaf certificate is wrong (or not). */
export type LeafValidity = 'good' | 'expired' | 'not-yet-valid' | 'wrong-name' | 'self-signed';

/** A certificate and its key as node:tls wants them. */
export interface ServerCert {
  /** The leaf, then the issuing CA when the server should send it (interception boxes do). */
  readonly chainPem: string;
  readonly keyPem: string;
  readonly subject: string;
  readonly issuer: string;
}

export interface CertAuthority {
  readonly name: string;
  readonly pem: string;
}

/** Issues every certificate of a simulated site: one "public" root, any number of named private CAs. */
export interface CertFactory {
  readonly publicRoot: CertAuthority;
  /** A named CA (a TLS-inspection box, a company's private root), made on first use. */
  authority(name: string): Promise<CertAuthority>;
  /**
   * A leaf for `host`. `issuer` is undefined for the public root, or a named CA.
   * Cached per (host, validity, issuer).
   */
  leaf(host: string, validity: LeafValidity, issuer?: string): Promise<ServerCert>;
}

export const PUBLIC_ROOT_NAME = 'NetReq Sim Public Root';
/** The name a wrong-name certificate carries: a CDN's default certificate, say. */
export const WRONG_NAME = 'default.sim-cdn.example';

const DAY = 86_400_000;
const EC: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

x509.cryptoProvider.set(globalThis.crypto);

interface Authority extends CertAuthority {
  readonly keys: CryptoKeyPair;
  readonly cert: x509.X509Certificate;
  /** Made once: hashing the CA's key for every leaf costs more than the signature. */
  readonly keyIdentifier: x509.Extension;
}

function dn(commonName: string, organisation?: string): string {
  // Commas and equals signs would break the DN string; CA names are plain words in practice.
  const cn = commonName.replace(/[,=+"\\<>;]/g, ' ');
  return organisation === undefined ? `CN=${cn}` : `CN=${cn}, O=${organisation}`;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
}

async function keyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

async function makeAuthority(name: string): Promise<Authority> {
  const keys = await generateKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: dn(name, 'NetReq Simulator'),
    notBefore: new Date(now - 365 * DAY),
    notAfter: new Date(now + 10 * 365 * DAY),
    keys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyIdentifier = await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey);
  return { name, pem: cert.toString('pem'), keys, cert, keyIdentifier };
}

function validityWindow(validity: LeafValidity, now: number): { notBefore: Date; notAfter: Date } {
  switch (validity) {
    case 'expired':
      return { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 30 * DAY) };
    case 'not-yet-valid':
      return { notBefore: new Date(now + 30 * DAY), notAfter: new Date(now + 400 * DAY) };
    case 'good':
    case 'wrong-name':
    case 'self-signed':
      return { notBefore: new Date(now - DAY), notAfter: new Date(now + 90 * DAY) };
    default: {
      const unreachable: never = validity;
      return unreachable;
    }
  }
}

const LEAF_EXTENSIONS = [
  new x509.BasicConstraintsExtension(false, undefined, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
  new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
];

function leafExtensions(name: string): x509.Extension[] {
  const san = isIP(name) !== 0 ? { type: 'ip' as const, value: name } : { type: 'dns' as const, value: name };
  return [...LEAF_EXTENSIONS, new x509.SubjectAlternativeNameExtension([san])];
}

export async function createCertFactory(options: { publicRootName?: string } = {}): Promise<CertFactory> {
  // One key for every leaf: key generation costs more than signing, and nothing here needs distinct keys.
  const [root, leafKeys] = await Promise.all([makeAuthority(options.publicRootName ?? PUBLIC_ROOT_NAME), generateKeys()]);
  const leafKeyPem = await keyPem(leafKeys.privateKey);
  const authorities = new Map<string, Promise<Authority>>();
  const leaves = new Map<string, Promise<ServerCert>>();

  const authorityNamed = (name: string): Promise<Authority> => {
    let found = authorities.get(name);
    if (found === undefined) {
      found = makeAuthority(name);
      authorities.set(name, found);
    }
    return found;
  };

  const issue = async (host: string, validity: LeafValidity, issuerName: string | undefined): Promise<ServerCert> => {
    const name = validity === 'wrong-name' ? WRONG_NAME : host;
    const window = validityWindow(validity, Date.now());
    if (validity === 'self-signed') {
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        name: dn(name),
        ...window,
        keys: leafKeys,
        signingAlgorithm: SIGN,
        extensions: leafExtensions(name),
      });
      return { chainPem: cert.toString('pem'), keyPem: leafKeyPem, subject: cert.subject, issuer: cert.issuer };
    }
    const ca = issuerName === undefined ? root : await authorityNamed(issuerName);
    const cert = await x509.X509CertificateGenerator.create({
      subject: dn(name),
      issuer: ca.cert.subject,
      ...window,
      publicKey: leafKeys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: SIGN,
      extensions: [...leafExtensions(name), ca.keyIdentifier],
    });
    // Inspection boxes and private PKIs send their CA along; public sites send only the leaf here.
    const chainPem = issuerName === undefined ? cert.toString('pem') : `${cert.toString('pem')}\n${ca.pem}`;
    return { chainPem, keyPem: leafKeyPem, subject: cert.subject, issuer: cert.issuer };
  };

  return {
    publicRoot: { name: root.name, pem: root.pem },
    async authority(name) {
      const found = await authorityNamed(name);
      return { name: found.name, pem: found.pem };
    },
    leaf(host, validity, issuer) {
      const key = `${validity}|${issuer ?? ''}|${host.toLowerCase()}`;
      let found = leaves.get(key);
      if (found === undefined) {
        found = issue(host.toLowerCase(), validity, issuer);
        leaves.set(key, found);
        // A failed issuance must not poison the cache.
        found.catch(() => leaves.delete(key));
      }
      return found;
    },
  };
}
