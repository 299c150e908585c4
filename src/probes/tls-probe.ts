import type { Duplex } from 'node:stream';
import type { Deadline, Network, PeerCertificate, TLSSocket } from '../net/index.js';
import type { CertSummary, TlsStep } from './schema.js';

export interface TlsProbeInput {
  readonly servername: string;
  readonly alpn?: readonly string[];
}

export interface TlsProbeResult {
  readonly result: TlsStep;
  /** The encrypted stream, for the application step; the caller owns it. */
  readonly socket?: TLSSocket;
}

/** `CN=..., O=...` from a certificate's subject or issuer object. */
export function nameOf(name: Readonly<Record<string, string | string[] | undefined>> | undefined): string {
  if (!name) return '';
  const parts: string[] = [];
  for (const key of ['CN', 'O', 'OU']) {
    const value = name[key];
    if (value !== undefined) parts.push(`${key}=${Array.isArray(value) ? value.join('+') : value}`);
  }
  return parts.join(', ');
}

export function certSummary(cert: PeerCertificate): CertSummary {
  const subject = nameOf(cert.subject);
  const issuer = nameOf(cert.issuer);
  return {
    subject,
    issuer,
    ...(cert.subjectaltname ? { subjectAltNames: cert.subjectaltname } : {}),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    fingerprint256: cert.fingerprint256,
    selfIssued: subject === issuer,
  };
}

/**
 * The TLS handshake over an open stream (a TCP socket or a proxy tunnel), with SNI and ALPN,
 * recording the chain, which roots anchor it, whether the name matches, and the local time
 * the validity dates are to be read against.
 */
export async function probeTls(network: Network, socket: Duplex, input: TlsProbeInput, deadline: Deadline): Promise<TlsProbeResult> {
  const localTime = new Date(network.now()).toISOString();
  const tls = await network.tls({ socket, servername: input.servername, ...(input.alpn ? { alpn: input.alpn } : {}), ...deadline });
  if (!tls.ok) {
    const outcome = tls.code === 'ETIMEDOUT' ? 'timeout' : tls.code === 'ABORT_ERR' ? 'aborted' : 'failed';
    return {
      result: {
        step: 'tls',
        ok: false,
        outcome,
        ms: tls.ms,
        startedAt: localTime,
        code: tls.code,
        evidence: { servername: input.servername, chain: [], localTime, ...(tls.message ? { message: tls.message } : {}) },
      },
    };
  }
  const result: TlsStep = {
    step: 'tls',
    ok: true,
    outcome: 'established',
    ms: tls.ms,
    startedAt: localTime,
    ...(tls.authorizationError ? { code: tls.authorizationError } : {}),
    evidence: {
      servername: input.servername,
      ...(tls.protocol ? { protocol: tls.protocol } : {}),
      ...(tls.alpn ? { alpn: tls.alpn } : {}),
      chain: tls.chain.map(certSummary),
      trust: tls.trust,
      ...(tls.anchor ? { anchor: tls.anchor } : {}),
      hostnameMatches: tls.hostnameMatches,
      ...(tls.authorizationError ? { authorizationError: tls.authorizationError } : {}),
      localTime,
    },
  };
  return { result, socket: tls.socket };
}
