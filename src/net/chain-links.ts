import { X509Certificate, type KeyObject } from 'node:crypto';
import { beyond } from './trust-store.js';
import type { TrustStore } from './types.js';
import { certFields, canonicalSubject, pemDer, rawSubject, type CertFields } from './x509-fields.js';

// The certificates of a chain as src/net/chain-verify.ts follows them, how one names another as its
// issuer (OpenSSL's x509_vfy.c and v3_purp.c rules), and the trust anchors indexed by subject.

export interface Link {
  readonly der: Buffer;
  readonly fields: CertFields;
  readonly x509: () => X509Certificate;
  readonly publicKey: () => KeyObject;
}

export function link(der: Buffer, fields: CertFields, parsed?: X509Certificate): Link {
  let cert = parsed;
  let key: KeyObject | undefined;
  const x509 = (): X509Certificate => (cert ??= new X509Certificate(der));
  return { der, fields, x509, publicKey: () => (key ??= x509().publicKey) };
}

/** X509_check_akid on the key identifier (the issuer-and-serial form is not compared). */
function akidMatches(issuer: CertFields, subject: CertFields): boolean {
  return subject.authorityKeyId === undefined || issuer.subjectKeyId === undefined || subject.authorityKeyId === issuer.subjectKeyId;
}

/** X509_NAME_cmp: the same encoding is the same name; else the canonical forms are compared. */
function sameName(rawA: string, rawB: string, canonicalA: () => string, canonicalB: () => string): boolean {
  return rawA === rawB || canonicalA() === canonicalB();
}

/** ossl_x509_likely_issued: names, then key identifiers. */
export function likelyIssued(issuer: Link, subject: Link): boolean {
  return akidMatches(issuer.fields, subject.fields) && sameName(subject.fields.rawIssuer, issuer.fields.rawSubject, subject.fields.issuer, issuer.fields.subject);
}

/** EXFLAG_SI: subject and issuer names are the same. */
export function selfIssued(cert: Link): boolean {
  return sameName(cert.fields.rawIssuer, cert.fields.rawSubject, cert.fields.issuer, cert.fields.subject);
}

/** EXFLAG_SS (X509_self_signed without the signature): self-issued and its own key identifiers agree. */
export function selfSigned(cert: Link): boolean {
  return selfIssued(cert) && akidMatches(cert.fields, cert.fields);
}

/** A trust anchor: indexed by its subject as encoded; its fields are read when a lookup finds it. */
interface Anchor {
  readonly der: Buffer;
  readonly rawSubject: string;
  link?: Link | null;
}

function anchorLink(anchor: Anchor): Link | undefined {
  if (anchor.link === undefined) {
    try {
      anchor.link = link(anchor.der, certFields(anchor.der));
    } catch {
      anchor.link = null; // An anchor this reader cannot follow anchors nothing; the loader rejected bad --ca-file input.
    }
  }
  return anchor.link ?? undefined;
}

function groupBy<K>(anchors: readonly Anchor[], key: (anchor: Anchor) => K | undefined): Map<K, Anchor[]> {
  const map = new Map<K, Anchor[]>();
  for (const anchor of anchors) {
    const k = key(anchor);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(anchor);
    else map.set(k, [anchor]);
  }
  return map;
}

/**
 * The anchors that may have issued `top` (names and key identifiers), from the trust store's
 * anchors by subject: by the subject as encoded first, which finds the issuer of a chain whose CA
 * copied its own name, as CAs do, and by the canonical name (OpenSSL's comparison) when that finds
 * none. Both indexes are built here, once (~5–10 ms for 144 roots, no certificate parsed by OpenSSL).
 */
export function anchorIndex(store: TrustStore): (top: Link) => Link[] {
  const anchors: Anchor[] = [];
  for (const pem of [...store.publicPems, ...beyond(store.extraCaPems, store.publicPems)]) {
    try {
      const der = pemDer(pem);
      anchors.push({ der, rawSubject: rawSubject(der) });
    } catch {
      // As below: anchors nothing.
    }
  }
  const byEncoding = groupBy(anchors, (anchor) => anchor.rawSubject);
  // Built now: a leaf whose issuer is a sent intermediate misses the first index, so a real site's first chain would build it.
  const byName = groupBy(anchors, (anchor) => {
    try {
      return canonicalSubject(anchor.der);
    } catch {
      return undefined;
    }
  });
  const issuersOf = (list: readonly Anchor[] | undefined, top: Link): Link[] => {
    const found: Link[] = [];
    for (const anchor of list ?? []) {
      const candidate = anchorLink(anchor);
      if (candidate && likelyIssued(candidate, top)) found.push(candidate);
    }
    return found;
  };
  return (top) => {
    const encoded = issuersOf(byEncoding.get(top.fields.rawIssuer), top);
    if (encoded.length > 0) return encoded;
    return issuersOf(byName.get(top.fields.issuer()), top);
  };
}
