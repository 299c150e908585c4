import type { CertSummary, DnsStep, TlsStep } from '../schema/index.js';

/**
 * Readings of what a step saw, shared by the chain's rule (`continues`) and the classifier so that
 * both read the evidence the same way. Facts only: no cause codes, no verdicts.
 */

/** The local answer (what the site's software gets): the system lookup's addresses, else those the next step uses. */
export function localAnswer(step: DnsStep): readonly string[] {
  const ev = step.evidence;
  return ev.system.addresses.length > 0 ? ev.system.addresses : ev.addresses;
}

/** OpenSSL verification codes that mean "no trusted root anchors this chain". */
const UNTRUSTED_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const HOSTNAME_CODES: ReadonlySet<string> = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

export type Trust = 'public' | 'extra' | 'untrusted';

/** Which roots anchor the chain; from the verification code for a report older than the `trust` field. */
export function trustOf(step: TlsStep): Trust {
  const ev = step.evidence;
  if (ev.trust) return ev.trust;
  return ev.authorizationError !== undefined && UNTRUSTED_CODES.has(ev.authorizationError) ? 'untrusted' : 'public';
}

/** Whether the certificate names the server asked for. */
export function hostnameMatches(step: TlsStep): boolean {
  const ev = step.evidence;
  return ev.hostnameMatches !== false && !(ev.authorizationError !== undefined && HOSTNAME_CODES.has(ev.authorizationError));
}

/** The certificates the server vouches for: the leaf and intermediates; a root it sends along is not used. */
export function checkedCerts(chain: readonly CertSummary[]): CertSummary[] {
  return chain.filter((cert, index) => index === 0 || !cert.selfIssued);
}

export interface CertDates {
  readonly problem: 'expired' | 'not-yet-valid';
  readonly cert: CertSummary | undefined;
}

/** A certificate out of its dates at `now` (this machine's clock when the handshake ran), or by the verification code. */
export function certDatesProblem(step: TlsStep, now: number | undefined): CertDates | undefined {
  const certs = checkedCerts(step.evidence.chain);
  if (now !== undefined) {
    const expired = certs.find((c) => Date.parse(c.validTo) < now);
    if (expired) return { problem: 'expired', cert: expired };
    const early = certs.find((c) => Date.parse(c.validFrom) > now);
    if (early) return { problem: 'not-yet-valid', cert: early };
  }
  const code = step.evidence.authorizationError;
  if (code === 'CERT_HAS_EXPIRED') return { problem: 'expired', cert: certs[0] };
  if (code === 'CERT_NOT_YET_VALID') return { problem: 'not-yet-valid', cert: certs[0] };
  return undefined;
}

/** The local time the step recorded, as a number, when it recorded one. */
export function stepLocalTime(step: TlsStep): number | undefined {
  const parsed = step.evidence.localTime !== undefined ? Date.parse(step.evidence.localTime) : Number.NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}
