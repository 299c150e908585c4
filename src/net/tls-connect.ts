import net from 'node:net';
import tls from 'node:tls';
import type { DetailedPeerCertificate, PeerCertificate, SecureContext } from 'node:tls';
import { bounded, errorCode, since, ABORTED, TIMED_OUT } from './deadline.js';
import type { TrustVerdict } from './trust-anchor.js';
import type { TlsOptions, TlsResult } from './types.js';

const MAX_CHAIN = 10;

/** The chain leaf first, up to the certificate that is its own issuer (or repeats). */
export function peerChain(leaf: DetailedPeerCertificate): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current && Object.keys(current).length > 0 && chain.length < MAX_CHAIN) {
    if (seen.has(current.fingerprint256)) break;
    seen.add(current.fingerprint256);
    chain.push(current);
    const next: DetailedPeerCertificate | undefined = current.issuerCertificate;
    if (!next || next === current) break;
    current = next;
  }
  return chain;
}

export interface TlsContext {
  readonly secureContext: () => SecureContext;
  readonly judge: (chainDer: readonly Buffer[]) => TrustVerdict;
}

/**
 * A TLS handshake over an open stream. Trust never fails the handshake: the verdict
 * (Node's own, which roots anchor the chain, does the name match) comes back as evidence.
 */
export function tlsConnect(options: TlsOptions, context: TlsContext): Promise<TlsResult> {
  const started = performance.now();
  const isIp = net.isIP(options.servername) !== 0;
  return bounded<TlsResult>(
    options,
    {
      timeout: () => ({ ok: false, code: TIMED_OUT, ms: since(started), message: 'no TLS handshake before the deadline' }),
      abort: () => ({ ok: false, code: ABORTED, ms: since(started) }),
    },
    (settle) => {
      let socket: tls.TLSSocket;
      try {
        socket = tls.connect({
          socket: options.socket,
          // No SNI for an IP literal, as clients do (RFC 6066 forbids it).
          ...(isIp ? {} : { servername: options.servername }),
          ...(options.alpn ? { ALPNProtocols: [...options.alpn] } : {}),
          secureContext: context.secureContext(),
          rejectUnauthorized: false,
        });
      } catch (error) {
        settle({ ok: false, code: errorCode(error, 'ERR_TLS'), ms: since(started), message: String(error) });
        return () => options.socket.destroy();
      }
      const onError = (error: Error): void =>
        settle({ ok: false, code: errorCode(error, 'ERR_TLS_HANDSHAKE'), ms: since(started), message: error.message });
      const onClose = (): void =>
        settle({ ok: false, code: 'ECONNRESET', ms: since(started), message: 'connection closed during the TLS handshake' });
      const onSecure = (): void => settle(established(socket, options.servername, context, started));
      socket.once('error', onError);
      socket.once('close', onClose);
      socket.once('secureConnect', onSecure);
      return (reason) => {
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
        socket.removeListener('secureConnect', onSecure);
        socket.on('error', () => undefined);
        if (reason !== 'done' || !socket.encrypted || socket.destroyed) {
          socket.destroy();
          options.socket.destroy();
        }
      };
    },
  );
}

function established(socket: tls.TLSSocket, servername: string, context: TlsContext, started: number): TlsResult {
  const ms = since(started);
  const chain = peerChain(socket.getPeerCertificate(true));
  const leaf = chain[0];
  const verdict = context.judge(chain.map((c) => c.raw));
  const identityError = leaf ? tls.checkServerIdentity(servername, leaf) : new Error('no certificate');
  const rawError: unknown = socket.authorizationError;
  const authorizationError = rawError instanceof Error ? errorCode(rawError, rawError.message) : rawError ? String(rawError) : undefined;
  return {
    ok: true,
    socket,
    ms,
    protocol: socket.getProtocol(),
    alpn: socket.alpnProtocol ?? false,
    chain,
    authorized: socket.authorized,
    ...(authorizationError ? { authorizationError } : {}),
    trust: verdict.trust,
    ...(verdict.anchor ? { anchor: verdict.anchor } : {}),
    hostnameMatches: identityError === undefined,
  };
}
