import { authorityKeyIdentifier, caExtensions, distinguishedName, generateKeys, issueCertificate, leafExtensions, type DistinguishedName, type KeyPair } from './x509-issue.js';

/** How a leaf certificate is wrong (or not). */
/** `just-issued`: valid from an hour ago (a service rotating its certificates daily): a clock hours behind sees it not yet valid. */
export type LeafValidity = 'good' | 'just-issued' | 'expired' | 'not-yet-valid' | 'wrong-name' | 'self-signed';

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
   * `leafOnly`: the chain is the leaf alone, even from a named CA. Cached per (host, validity, issuer, leafOnly).
   */
  leaf(host: string, validity: LeafValidity, issuer?: string, leafOnly?: boolean): Promise<ServerCert>;
}

export const PUBLIC_ROOT_NAME = 'NetReq Sim Public Root';
/** The name a wrong-name certificate carries: a CDN's default certificate, say. */
export const WRONG_NAME = 'default.sim-cdn.example';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CA_ORGANISATION = 'NetReq Simulator';

interface Authority extends CertAuthority {
  readonly keys: KeyPair;
  readonly subject: DistinguishedName;
  /** Made once: every leaf this CA signs carries it. */
  readonly authorityKeyIdentifier: Buffer;
}

function makeAuthority(name: string): Authority {
  const keys = generateKeys();
  const subject = distinguishedName(name, CA_ORGANISATION);
  const now = Date.now();
  const pem = issueCertificate({
    issuer: subject,
    subject,
    notBefore: new Date(now - 365 * DAY),
    notAfter: new Date(now + 10 * 365 * DAY),
    subjectSpki: keys.spki,
    signingKey: keys.privateKey,
    extensions: caExtensions(keys.keyIdentifier),
  });
  return { name, pem, keys, subject, authorityKeyIdentifier: authorityKeyIdentifier(keys.keyIdentifier) };
}

function validityWindow(validity: LeafValidity, now: number): { notBefore: Date; notAfter: Date } {
  switch (validity) {
    case 'expired':
      return { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 30 * DAY) };
    case 'not-yet-valid':
      return { notBefore: new Date(now + 30 * DAY), notAfter: new Date(now + 400 * DAY) };
    case 'just-issued':
      return { notBefore: new Date(now - HOUR), notAfter: new Date(now + DAY) };
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

export async function createCertFactory(options: { publicRootName?: string } = {}): Promise<CertFactory> {
  const root = makeAuthority(options.publicRootName ?? PUBLIC_ROOT_NAME);
  // One key for every leaf: key generation costs more than signing, and nothing here needs distinct keys.
  const leafKeys = generateKeys();
  const leafKeyPem = leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const authorities = new Map<string, Authority>();
  const leaves = new Map<string, Promise<ServerCert>>();

  const authorityNamed = (name: string): Authority => {
    let found = authorities.get(name);
    if (found === undefined) {
      found = makeAuthority(name);
      authorities.set(name, found);
    }
    return found;
  };

  const issue = (host: string, validity: LeafValidity, issuerName: string | undefined, leafOnly: boolean): ServerCert => {
    const name = validity === 'wrong-name' ? WRONG_NAME : host;
    const subject = distinguishedName(name);
    const window = validityWindow(validity, Date.now());
    if (validity === 'self-signed') {
      const pem = issueCertificate({
        issuer: subject,
        subject,
        ...window,
        subjectSpki: leafKeys.spki,
        signingKey: leafKeys.privateKey,
        extensions: leafExtensions([name]),
      });
      return { chainPem: pem, keyPem: leafKeyPem, subject: subject.text, issuer: subject.text };
    }
    const ca = issuerName === undefined ? root : authorityNamed(issuerName);
    const pem = issueCertificate({
      issuer: ca.subject,
      subject,
      ...window,
      subjectSpki: leafKeys.spki,
      signingKey: ca.keys.privateKey,
      extensions: [...leafExtensions([name]), ca.authorityKeyIdentifier],
    });
    // Inspection boxes and private PKIs send their CA along (unless told to send the leaf alone); public sites send only the leaf here.
    const chainPem = issuerName === undefined || leafOnly ? pem : `${pem}\n${ca.pem}`;
    return { chainPem, keyPem: leafKeyPem, subject: subject.text, issuer: ca.subject.text };
  };

  return {
    publicRoot: { name: root.name, pem: root.pem },
    async authority(name) {
      const found = authorityNamed(name);
      return { name: found.name, pem: found.pem };
    },
    leaf(host, validity, issuer, leafOnly = false) {
      const hostName = host.toLowerCase();
      const key = `${validity}|${issuer ?? ''}|${leafOnly ? 'leaf-only' : 'chain'}|${hostName}`;
      let found = leaves.get(key);
      if (found === undefined) {
        try {
          found = Promise.resolve(issue(hostName, validity, issuer, leafOnly));
        } catch (error: unknown) {
          // A failed issuance must not poison the cache.
          return Promise.reject(error);
        }
        leaves.set(key, found);
      }
      return found;
    },
  };
}
