import { X509Certificate, type KeyObject } from 'node:crypto';
import type { TrustStore } from './types.js';
import { anchorIndex, likelyIssued, link, selfIssued, selfSigned, type Link } from './chain-links.js';
import {
  certFields,
  EKU_MS_SGC,
  EKU_NS_SGC,
  EKU_SERVER_AUTH,
  KU_DIGITAL_SIGNATURE,
  KU_KEY_AGREEMENT,
  KU_KEY_CERT_SIGN,
  KU_KEY_ENCIPHERMENT,
  type CertFields,
} from './x509-fields.js';

/**
 * The handshake runs against a context with no trust anchors, so OpenSSL always reports a chain
 * error and Node never converts the certificates for its own name check (`getPeerCertificate(true)`
 * in `onConnectSecure`). The chain is verified here instead, against the same trust store, the way
 * OpenSSL 3's client verifies it (crypto/x509/x509_vfy.c: `build_chain`, `check_extensions`,
 * `internal_verify`, with Node's verify callback, which lets verification go on past every error),
 * and the result is what Node would report: the LAST error raised, spelled as Node spells it.
 *
 * Not mirrored, as no netreq verdict turns on them: name constraints, the security level's key
 * sizes and digests (`check_auth_level`), Netscape certificate types, unhandled critical
 * extensions, an authority key identifier given as issuer and serial, policy checks.
 */
export type ChainVerifier = (sent: readonly X509Certificate[]) => string | undefined;

/** OpenSSL's default verification depth (X509_VERIFY_PARAM "default": 100); chains may be one longer. */
const MAX_DEPTH = 100;

/** Node spells the verify errors it knows by their OpenSSL names (crypto_common.cc X509ErrorCode), others UNSPECIFIED. */
const KEY_USAGE_NO_CERTSIGN = 'UNSPECIFIED';

function timeValid(fields: CertFields, now: number): boolean {
  return fields.notBefore <= now && now < fields.notAfter;
}

/** find_issuer / X509_STORE_CTX_get1_issuer: the first currently valid candidate, else the one expiring last. */
function bestIssuer(candidates: readonly Link[], now: number): Link | undefined {
  let best: Link | undefined;
  for (const candidate of candidates) {
    if (timeValid(candidate.fields, now)) return candidate;
    if (best === undefined || candidate.fields.notAfter > best.fields.notAfter) best = candidate;
  }
  return best;
}

/** check_ca: 0 for not a CA; 1 for basic constraints CA; 3 a v1 root; 4 key usage allows signing certificates. */
function caKind(cert: Link): number {
  const { keyUsage, basicConstraints, version } = cert.fields;
  if (keyUsage !== undefined && (keyUsage & KU_KEY_CERT_SIGN) === 0) return 0;
  if (basicConstraints) return basicConstraints.ca ? 1 : 0;
  if (version === 1 && selfSigned(cert)) return 3;
  return keyUsage !== undefined ? 4 : 0;
}

/** X509_check_purpose for an SSL server (check_purpose_ssl_server), as a CA or as the leaf. */
function serverPurpose(cert: Link, asCa: boolean): boolean {
  const { extendedKeyUsage, keyUsage } = cert.fields;
  if (extendedKeyUsage && !extendedKeyUsage.some((oid) => oid === EKU_SERVER_AUTH || oid === EKU_MS_SGC || oid === EKU_NS_SGC)) return false;
  if (asCa) return caKind(cert) !== 0;
  return keyUsage === undefined || (keyUsage & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)) !== 0;
}

function signatureVerifies(subject: Link, issuer: Link): boolean | 'no-key' {
  let key: KeyObject;
  try {
    key = issuer.publicKey();
  } catch {
    return 'no-key';
  }
  try {
    return subject.x509().verify(key);
  } catch {
    return false;
  }
}

/**
 * The verifier for one trust store. Its anchor index is built here, with the trust store, rather
 * than in the first handshake, where it would stall every probe in flight.
 * `now` is this machine's clock, as OpenSSL's.
 */
export function createChainVerifier(store: TrustStore, now: () => number = Date.now): ChainVerifier {
  const anchors = anchorIndex(store);
  return (sent) => {
    const links: Link[] = [];
    for (const cert of sent) {
      try {
        const der = cert.raw;
        links.push(link(der, certFields(der), cert));
      } catch {
        if (links.length === 0) return 'UNSPECIFIED';
      }
    }
    return verifyChain(links, anchors, now());
  };
}

function verifyChain(sent: readonly Link[], anchors: (top: Link) => Link[], now: number): string | undefined {
  const leaf = sent[0];
  if (!leaf) return 'UNSPECIFIED';
  let error: string | undefined;
  const raise = (code: string): void => {
    error = code; // Node's callback goes on: the last error raised is the one reported.
  };

  // build_chain, trusted first: at each level an anchor that issued the top of the chain ends the search in the store.
  const chain: Link[] = [leaf];
  let untrustedCount = 1;
  const pool = sent.slice(1);
  let topSelfSigned = selfSigned(leaf);
  let trusted = false;
  let searchUntrusted = true;
  const trustedIssuer = (top: Link): Link | undefined => bestIssuer(anchors(top), now);
  for (;;) {
    const top = chain[chain.length - 1] as Link;
    const count = chain.length;
    const anchor = count > MAX_DEPTH ? undefined : trustedIssuer(top);
    if (anchor) {
      let usable = true;
      if (!topSelfSigned) {
        chain.push(anchor);
        topSelfSigned = selfSigned(anchor);
      } else if (count === untrustedCount) {
        // A self-signed certificate named like an anchor must be that anchor, byte for byte.
        if (Buffer.compare(top.der, anchor.der) === 0) {
          untrustedCount -= 1;
          chain[count - 1] = anchor;
        } else {
          usable = false;
        }
      }
      if (usable) {
        searchUntrusted = false;
        // check_trust: without auxiliary trust settings, a self-signed certificate from the store is an anchor.
        if (chain.slice(untrustedCount).some(selfSigned)) {
          trusted = true;
          break;
        }
        if (!topSelfSigned) continue;
      }
    }
    if (!searchUntrusted) break;
    const candidates = topSelfSigned || count > MAX_DEPTH ? [] : pool.filter((c) => likelyIssued(c, top) && !chain.includes(c));
    const issuer = bestIssuer(candidates, now);
    if (!issuer) {
      // One more look in the store for the same certificate would find what this one found.
      break;
    }
    pool.splice(pool.indexOf(issuer), 1);
    chain.push(issuer);
    untrustedCount += 1;
    topSelfSigned = selfSigned(issuer);
  }
  const count = chain.length;
  if (!trusted) {
    if (count > MAX_DEPTH) raise('CERT_CHAIN_TOO_LONG');
    else if (topSelfSigned && count === 1) raise('DEPTH_ZERO_SELF_SIGNED_CERT');
    else if (topSelfSigned) raise('SELF_SIGNED_CERT_IN_CHAIN');
    else if (untrustedCount < count) raise('UNABLE_TO_GET_ISSUER_CERT');
    else raise('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  }

  // check_extensions: CAs above the leaf, the server purpose (every certificate: no auxiliary trust), path lengths.
  let pathLength = 0;
  for (const [depth, cert] of chain.entries()) {
    if (depth > 0) {
      const kind = caKind(cert);
      if (kind === 0 || (depth + 1 < count && kind !== 1)) raise('INVALID_CA');
    }
    if (!serverPurpose(cert, depth > 0)) raise('INVALID_PURPOSE');
    const limit = cert.fields.basicConstraints?.pathLength ?? -1;
    if (depth > 1 && limit !== -1 && pathLength > limit) raise('PATH_LENGTH_EXCEEDED');
    if (depth > 0 && !selfIssued(cert)) pathLength += 1;
  }

  // internal_verify: from the top down, each signature by the certificate above it, then each validity period.
  let n = count - 1;
  let issuer = chain[n] as Link;
  let subject: Link;
  if (likelyIssued(issuer, issuer)) subject = issuer;
  else if (n === 0) {
    raise('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    subject = issuer;
  } else {
    n -= 1;
    subject = chain[n] as Link;
  }
  for (;;) {
    if (subject !== issuer) {
      const usage = issuer.fields.keyUsage;
      if (usage !== undefined && (usage & KU_KEY_CERT_SIGN) === 0) raise(KEY_USAGE_NO_CERTSIGN);
      const verified = signatureVerifies(subject, issuer);
      if (verified === 'no-key') raise('UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY');
      else if (!verified) raise('CERT_SIGNATURE_FAILURE');
    }
    // Also for the trusted root, as OpenSSL does beyond RFC 5280.
    if (subject.fields.notBefore > now) raise('CERT_NOT_YET_VALID');
    if (subject.fields.notAfter <= now) raise('CERT_HAS_EXPIRED');
    n -= 1;
    if (n < 0) break;
    issuer = subject;
    subject = chain[n] as Link;
  }
  return error;
}
