import type { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { SecureContext } from 'node:tls';
import { bounded, errorCode, since, ABORTED, TIMED_OUT } from './deadline.js';
import type { HandshakeVerdict, TrustVerdict } from './trust-anchor.js';
import type { TlsOptions, TlsResult } from './types.js';

const MAX_CHAIN = 10;
/** What verification considers of what the server sent: more than OpenSSL's depth could never be used. */
const MAX_SENT = 100;

/**
 * The certificates the server sent, leaf first, in the order it sent them (`issuerCertificate` of a
 * client socket's peer certificate links the sent chain as it came, whether or not it verified),
 * up to `limit` or a repeat. X509Certificate objects wrap OpenSSL's own: no field is converted
 * until something reads it, where `getPeerCertificate(true)` builds every field of every
 * certificate for each handshake. Node hands the sent chain to the first `getPeerX509Certificate()`
 * only: call it once per socket.
 */
export function peerChain(leaf: X509Certificate | undefined, limit = MAX_CHAIN): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current = leaf;
  while (current !== undefined && chain.length < limit) {
    const fingerprint = current.fingerprint256;
    if (seen.has(fingerprint)) break;
    seen.add(fingerprint);
    chain.push(current);
    current = current.issuerCertificate;
  }
  return chain;
}

/** What `tls.checkServerIdentity` reads of a certificate: its alternative names and its subject's CN. */
function identityOf(cert: X509Certificate): tls.PeerCertificate {
  const cn = cert.subject
    .split('\n')
    .find((line) => line.startsWith('CN='))
    ?.slice(3);
  // checkServerIdentity reads only these two fields; the rest of PeerCertificate is never touched.
  return { subject: cn === undefined ? {} : { CN: cn }, ...(cert.subjectAltName ? { subjectaltname: cert.subjectAltName } : {}) } as tls.PeerCertificate;
}

/**
 * How a handshake is judged. After a handshake whose chain OpenSSL verified, Node's client converts
 * every field of every certificate (`getPeerCertificate(true)`) only to hand it to
 * `checkServerIdentity`: a tenth of the CPU of a whole-site check. So the handshake runs against
 * `secureContext`, which holds no trust anchors: OpenSSL always reports a chain error, and Node
 * then converts nothing. `verify` judges the chain against the trust store as OpenSSL would have
 * (src/net/chain-verify.ts), and netreq checks the name on the lazy X509Certificate.
 */
export interface TlsContext {
  /** A context with no trust anchors. */
  readonly secureContext: () => SecureContext;
  /** The chain error OpenSSL would report against the trust store, or undefined for a trusted chain. */
  readonly verify: (sent: readonly X509Certificate[]) => string | undefined;
  readonly judge: (chain: readonly X509Certificate[], handshake: HandshakeVerdict) => TrustVerdict;
}

/**
 * A TLS handshake over an open stream. Trust never fails the handshake: the verdict
 * (Node's own, which roots anchor the chain, does the name match) comes back as evidence.
 */
export function tlsConnect(options: TlsOptions, context: TlsContext): Promise<TlsResult> {
  const started = performance.now();
  // A host name has no colon, so one means an IPv6 literal (net.isIP would run its IPv6 pattern on every name).
  const isIp = options.servername.includes(':') || net.isIPv4(options.servername);
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

/** OpenSSL's own verdict (against no anchors): only for a handshake without a certificate. */
function nodeChainError(socket: tls.TLSSocket): string {
  const rawError: unknown = socket.authorizationError;
  return rawError instanceof Error ? errorCode(rawError, rawError.message) : rawError ? String(rawError) : 'UNSPECIFIED';
}

function established(socket: tls.TLSSocket, servername: string, context: TlsContext, started: number): TlsResult {
  const ms = since(started);
  const sent = peerChain(socket.getPeerX509Certificate(), MAX_SENT);
  const chain = sent.length > MAX_CHAIN ? sent.slice(0, MAX_CHAIN) : sent;
  const leaf = chain[0];
  const identityError = leaf ? tls.checkServerIdentity(servername, identityOf(leaf)) : new Error('no certificate');
  const chainError = leaf ? context.verify(sent) : nodeChainError(socket);
  // As Node reports it: a chain error first, else the name's (ERR_TLS_CERT_ALTNAME_INVALID).
  const authorizationError = chainError ?? (identityError === undefined ? undefined : errorCode(identityError, identityError.message));
  const authorized = chainError === undefined && identityError === undefined;
  const verdict = context.judge(chain, { authorized, authorizationError });
  return {
    ok: true,
    socket,
    ms,
    protocol: socket.getProtocol(),
    alpn: socket.alpnProtocol ?? false,
    chain,
    authorized,
    ...(authorizationError ? { authorizationError } : {}),
    trust: verdict.trust,
    ...(verdict.anchor ? { anchor: verdict.anchor } : {}),
    hostnameMatches: identityError === undefined,
  };
}
