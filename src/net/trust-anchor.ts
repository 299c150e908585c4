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

function parseRoots(pems: readonly string[]): Root[] {
  const roots: Root[] = [];
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      roots.push({ cert, fingerprint: cert.fingerprint256 });
    } catch {
      // A root Node cannot parse anchors nothing; the store's loader already rejected bad --ca-file input.
    }
  }
  return roots;
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
 * so a public CA that the system bundle repeats still counts as public.
 */
export function createTrustJudge(store: TrustStore): (chainDer: readonly Buffer[]) => TrustVerdict {
  let cache: { publicRoots: Root[]; extraRoots: Root[] } | undefined;
  const roots = (): { publicRoots: Root[]; extraRoots: Root[] } => {
    cache ??= { publicRoots: parseRoots(store.publicPems), extraRoots: parseRoots(store.extraCaPems) };
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
    // Walk up while each link is really issued by the next; the top of that prefix is what a root must vouch for.
    let top = chain[0];
    if (!top) return { trust: 'untrusted' };
    for (const next of chain.slice(1)) {
      if (!issues(next, top)) break;
      top = next;
    }
    const { publicRoots, extraRoots } = roots();
    for (const [trust, list] of [['public', publicRoots], ['extra', extraRoots]] as const) {
      const root = list.find((r) => r.fingerprint === top.fingerprint256 || issues(r.cert, top));
      if (root) return { trust, anchor: distinguishedName(root.cert.subject) };
    }
    const selfSigned = issues(top, top);
    return { trust: 'untrusted', anchor: distinguishedName(selfSigned ? top.subject : top.issuer) };
  };
}
