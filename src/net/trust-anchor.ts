import { X509Certificate } from 'node:crypto';
import type { TrustStore } from './types.js';

export interface TrustVerdict {
  readonly trust: 'public' | 'extra' | 'untrusted';
  readonly anchor?: string;
}

interface Root {
  readonly cert: X509Certificate;
  readonly fingerprint: string;
}

/** Roots by subject, so finding a certificate's issuer is a lookup, not a walk over ~140 roots. */
type RootIndex = ReadonlyMap<string, readonly Root[]>;

function indexRoots(pems: readonly string[]): RootIndex {
  const index = new Map<string, Root[]>();
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      const list = index.get(cert.subject) ?? [];
      list.push({ cert, fingerprint: cert.fingerprint256 });
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

/**
 * Decides which roots anchor a chain without a second handshake: the top certificate is one
 * of the roots itself, or a root issued it (name and signature checked). Public roots first,
 * so a public CA that the system bundle repeats still counts as public. Links are followed by
 * name (the handshake already verified their signatures when it authorized the chain); only
 * the final root is verified here.
 */
export function createTrustJudge(store: TrustStore): (chainDer: readonly Buffer[]) => TrustVerdict {
  let cache: { publicRoots: RootIndex; extraRoots: RootIndex } | undefined;
  const roots = (): { publicRoots: RootIndex; extraRoots: RootIndex } => {
    cache ??= { publicRoots: indexRoots(store.publicPems), extraRoots: indexRoots(store.extraCaPems) };
    return cache;
  };
  return (chainDer) => {
    const chain: X509Certificate[] = [];
    for (const der of chainDer) {
      try {
        chain.push(new X509Certificate(der));
      } catch {
        break;
      }
    }
    let top = chain[0];
    if (!top) return { trust: 'untrusted' };
    for (const next of chain.slice(1)) {
      if (!top.checkIssued(next)) break;
      top = next;
    }
    const topFingerprint = top.fingerprint256;
    const { publicRoots, extraRoots } = roots();
    for (const [trust, index] of [['public', publicRoots], ['extra', extraRoots]] as const) {
      const candidates = [...(index.get(top.subject) ?? []), ...(index.get(top.issuer) ?? [])];
      const root = candidates.find((r) => r.fingerprint === topFingerprint || issues(r.cert, top));
      if (root) return { trust, anchor: distinguishedName(root.cert.subject) };
    }
    const selfSigned = issues(top, top);
    return { trust: 'untrusted', anchor: distinguishedName(selfSigned ? top.subject : top.issuer) };
  };
}
