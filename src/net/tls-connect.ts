import type { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { SecureContext } from 'node:tls';
import { bounded, errorCode, since, ABORTED, TIMED_OUT } from './deadline.js';
import type { HandshakeVerdict, TrustVerdict } from './trust-anchor.js';
import type { TlsOptions, TlsResult } from './types.js';

const MAX_CHAIN = 10;

/**
 * The chain leaf first, up to the certificate that is its own issuer (or repeats). X509Certificate
 * objects wrap OpenSSL's own: no field is converted until something reads it, where
 * `getPeerCertificate(true)` builds every field of every certificate for each handshake.
 */
export function peerChain(leaf: X509Certificate | undefined): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current = leaf;
  while (current !== undefined && chain.length < MAX_CHAIN) {
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
 * After a handshake whose chain OpenSSL verified, Node's client converts every field of every
 * certificate (`getPeerCertificate(true)`) only to hand it to `checkServerIdentity`: a tenth of the
 * CPU of a whole-site check. netreq checks the name itself on the lazy X509Certificate, so until
 * the handshake is done this socket hands Node an empty object and Node checks nothing.
 */
const skipNodeIdentityCheck = (): undefined => undefined;
function noCertificateForNode(): tls.DetailedPeerCertificate {
  return {} as tls.DetailedPeerCertificate; // read only by skipNodeIdentityCheck, which reads nothing
}

export interface TlsContext {
  readonly secureContext: () => SecureContext;
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
          checkServerIdentity: skipNodeIdentityCheck,
        });
        socket.getPeerCertificate = noCertificateForNode;
      } catch (error) {
        settle({ ok: false, code: errorCode(error, 'ERR_TLS'), ms: since(started), message: String(error) });
        return () => options.socket.destroy();
      }
      const onError = (error: Error): void =>
        settle({ ok: false, code: errorCode(error, 'ERR_TLS_HANDSHAKE'), ms: since(started), message: error.message });
      const onClose = (): void =>
        settle({ ok: false, code: 'ECONNRESET', ms: since(started), message: 'connection closed during the TLS handshake' });
      const onSecure = (): void => {
        Reflect.deleteProperty(socket, 'getPeerCertificate');
        settle(established(socket, options.servername, context, started));
      };
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
  const chain = peerChain(socket.getPeerX509Certificate());
  const leaf = chain[0];
  const identityError = leaf ? tls.checkServerIdentity(servername, identityOf(leaf)) : new Error('no certificate');
  const rawError: unknown = socket.authorizationError;
  const chainError = rawError instanceof Error ? errorCode(rawError, rawError.message) : rawError ? String(rawError) : undefined;
  // As Node reports it: a chain error first, else the name's (ERR_TLS_CERT_ALTNAME_INVALID).
  const authorizationError = chainError ?? (identityError === undefined ? undefined : errorCode(identityError, identityError.message));
  const authorized = socket.authorized && identityError === undefined;
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
