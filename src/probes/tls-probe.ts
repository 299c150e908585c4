import type { Duplex } from 'node:stream';
import type { X509Certificate } from 'node:crypto';
import type { Deadline, Network, TLSSocket } from '../net/index.js';
import type { CertSummary, TlsStep } from '../schema/index.js';

export interface TlsProbeInput {
  readonly servername: string;
  readonly alpn?: readonly string[];
}

export interface TlsProbeResult {
  readonly result: TlsStep;
  /** The encrypted stream, for the application step; the caller owns it. */
  readonly socket?: TLSSocket;
}

/** `CN=..., O=..., OU=...` from an X509Certificate subject or issuer (one `key=value` a line; a repeated key joined by `+`). */
export function nameOf(text: string): string {
  const values = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    values.set(key, [...(values.get(key) ?? []), line.slice(at + 1)]);
  }
  const parts: string[] = [];
  for (const key of ['CN', 'O', 'OU']) {
    const value = values.get(key);
    if (value !== undefined) parts.push(`${key}=${value.join('+')}`);
  }
  return parts.join(', ');
}

export function certSummary(cert: X509Certificate): CertSummary {
  const subject = nameOf(cert.subject);
  const issuer = nameOf(cert.issuer);
  const altNames = cert.subjectAltName;
  return {
    subject,
    issuer,
    ...(altNames ? { subjectAltNames: altNames } : {}),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    fingerprint256: cert.fingerprint256,
    selfIssued: subject === issuer,
  };
}

/** What a socket has read so far (`net.Socket#bytesRead`, kept after it is destroyed); undefined for a stream that does not count. */
function bytesReadOf(stream: Duplex): number | undefined {
  const count: unknown = (stream as { bytesRead?: unknown }).bytesRead;
  return typeof count === 'number' && Number.isFinite(count) ? count : undefined;
}

/** Bytes the handshake read from the stream: its count now less its count before (a proxy's CONNECT answer is not the server's). */
function bytesSince(stream: Duplex, before: number | undefined): { bytesReceived: number } | Record<string, never> {
  const after = bytesReadOf(stream);
  return before === undefined || after === undefined || after < before ? {} : { bytesReceived: after - before };
}

/**
 * The TLS handshake over an open stream (a TCP socket or a proxy tunnel), with SNI and ALPN,
 * recording the chain, which roots anchor it, whether the name matches, and the local time
 * the validity dates are to be read against.
 */
export async function probeTls(network: Network, socket: Duplex, input: TlsProbeInput, deadline: Deadline): Promise<TlsProbeResult> {
  const localTime = new Date(network.now()).toISOString();
  const readBefore = bytesReadOf(socket);
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
        evidence: { servername: input.servername, chain: [], localTime, ...(tls.message ? { message: tls.message } : {}), ...bytesSince(socket, readBefore) },
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
      ...bytesSince(socket, readBefore),
    },
  };
  return { result, socket: tls.socket };
}
