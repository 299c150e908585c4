import { X509Certificate } from 'node:crypto';
import { beyond } from './trust-store.js';
import type { TrustStore } from './types.js';

export interface TrustVerdict {
  readonly trust: 'public' | 'extra' | 'untrusted';
  readonly anchor?: string;
}

interface Root {
  readonly cert: X509Certificate;
  readonly fingerprint: string;
  /** Its subject as an anchor is reported, made once: every chain it anchors names it. */
  readonly name: string;
}

/** Roots by subject, so finding a certificate's issuer is a lookup, not a walk over ~140 roots. */
type RootIndex = ReadonlyMap<string, readonly Root[]>;

function indexRoots(pems: readonly string[]): RootIndex {
  const index = new Map<string, Root[]>();
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      const list = index.get(cert.subject) ?? [];
      list.push({ cert, fingerprint: cert.fingerprint256, name: distinguishedName(cert.subject) });
      index.set(cert.subject, list);
    } catch {
      // A root Node cannot parse anchors nothing; the store's loader already rejected bad --ca-file input.
    }
  }
  return index;
}

/** `CN=..., O=...` from an X509Certificate subject or issuer text (one `key=value` a line). */
export function distinguishedName(text: string): string {
  const parts = text.split('\n').filter((line) => /^(CN|O)=/.test(line));
  const ordered = [...parts.filter((p) => p.startsWith('CN=')), ...parts.filter((p) => p.startsWith('O='))];
  return (ordered.length > 0 ? ordered : text.split('\n').filter(Boolean)).join(', ');
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** What OpenSSL said of the chain in the handshake (against the public roots plus the extra CAs). */
export interface HandshakeVerdict {
  readonly authorized: boolean;
  readonly authorizationError?: string | undefined;
}

/**
 * Node's name check, made only on a chain OpenSSL verified. OpenSSL's own codes say less: Node lets
 * verification go on past an error and reports the last one, so an expired leaf from an unknown CA
 * comes back CERT_HAS_EXPIRED, not as an unknown issuer.
 */
const ANCHORED_ERRORS = new Set(['ERR_TLS_CERT_ALTNAME_INVALID']);
/** Errors of chain building: whichever error came last, one of these means no trusted root was found. */
const UNANCHORED_ERRORS = new Set(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/**
 * Decides which roots anchor a chain without a second handshake. The handshake's own verdict says
 * whether a trusted root anchors it; the judge then only asks whether that root is one of the
 * extra CAs (few, parsed once) or a public one (never parsed: ~140 roots cost ~50 ms). For any other
 * error it decides itself: the top certificate is one of the roots, or a root issued it (name and
 * signature checked), public roots first, so a public CA that the system bundle repeats still counts
 * as public.
 */
export function createTrustJudge(store: TrustStore): (chain: readonly X509Certificate[], handshake: HandshakeVerdict) => TrustVerdict {
  let publicIndex: RootIndex | undefined;
  // Indexed with the trust store, not in the first handshake: every trusted chain asks it.
  // A public root given again (a whole bundle as --ca-file) still counts as public.
  const extraRoots = indexRoots(beyond(store.extraCaPems, store.publicPems));
  const publicRoots = (): RootIndex => (publicIndex ??= indexRoots(store.publicPems));
  const rootFor = (index: RootIndex, top: X509Certificate, verify: boolean): Root | undefined => {
    const candidates = [...(index.get(top.subject) ?? []), ...(index.get(top.issuer) ?? [])];
    const topFingerprint = top.fingerprint256;
    return candidates.find((r) => r.fingerprint === topFingerprint || (verify ? issues(r.cert, top) : top.checkIssued(r.cert)));
  };
  const untrusted = (top: X509Certificate): TrustVerdict => ({ trust: 'untrusted', anchor: distinguishedName(issues(top, top) ? top.subject : top.issuer) });
  return (chain, handshake) => {
    let top = chain[0];
    if (!top) return { trust: 'untrusted' };
    for (const next of chain.slice(1)) {
      if (!top.checkIssued(next)) break;
      top = next;
    }
    const error = handshake.authorizationError;
    if (handshake.authorized || (error !== undefined && ANCHORED_ERRORS.has(error))) {
      // OpenSSL verified the signatures up to a trusted root: a name and key-identifier match is enough to tell which.
      const extra = rootFor(extraRoots, top, false);
      if (extra) return { trust: 'extra', anchor: extra.name };
      const selfIssued = top.checkIssued(top);
      return { trust: 'public', anchor: distinguishedName(selfIssued ? top.subject : top.issuer) };
    }
    if (error !== undefined && UNANCHORED_ERRORS.has(error)) return untrusted(top);
    for (const [trust, index] of [['public', publicRoots()], ['extra', extraRoots]] as const) {
      const root = rootFor(index, top, true);
      if (root) return { trust, anchor: root.name };
    }
    return untrusted(top);
  };
}
