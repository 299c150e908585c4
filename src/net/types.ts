import type { Duplex } from 'node:stream';
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ConnectToRule } from './connect-to.js';
import type { ResolverPolicy } from './resolv-conf.js';

/** A configured nameserver: from /etc/resolv.conf, `--dns-server`, or the simulator. */
export interface NameServer {
  readonly address: string;
  readonly port: number;
}

export type AddressFamily = 4 | 6;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: AddressFamily;
}

/** What getaddrinfo (or the configured servers, when `--dns-server` replaces them) answered. */
export type LookupResult =
  | { readonly ok: true; readonly addresses: readonly ResolvedAddress[]; readonly ms: number; readonly via: string }
  | {
      readonly ok: false;
      readonly code: string;
      readonly ms: number;
      readonly via: string;
      /** The DNS rcode behind the failure, when the configured servers were asked directly. */
      readonly rcode?: string;
    };

export type DnsRecordType = 'A' | 'AAAA';

export interface DnsAnswer {
  readonly type: string;
  readonly name: string;
  readonly ttl: number;
  readonly data: string;
}

/** One direct query to one nameserver. `rcode` is absent when no answer came back. */
export interface DnsQueryResult {
  readonly server: string;
  readonly type: DnsRecordType;
  readonly protocol: 'udp' | 'tcp';
  readonly ms: number;
  readonly rcode?: string;
  readonly answers: readonly DnsAnswer[];
  readonly truncated?: boolean;
  /** Transport failure: ETIMEDOUT, ECONNREFUSED, ... */
  readonly error?: string;
}

export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

export interface ConnectOptions extends Deadline {
  readonly address: string;
  readonly port: number;
  /** The target's name, for `--connect-to` rules that match by host. */
  readonly host?: string;
}

export interface TlsOptions extends Deadline {
  /** An open stream to tunnel over (a proxy CONNECT tunnel or a plain TCP socket). */
  readonly socket: Duplex;
  readonly servername: string;
  readonly alpn?: readonly string[];
}

/** Outcome of `connect`: a socket, or the error code the OS gave. */
export type ConnectResult =
  | { readonly ok: true; readonly socket: Duplex; readonly ms: number; readonly localAddress?: string; readonly connectTo?: string }
  | { readonly ok: false; readonly code: string; readonly ms: number; readonly connectTo?: string };

export type TlsResult =
  | {
      readonly ok: true;
      readonly socket: TLSSocket;
      readonly ms: number;
      readonly protocol: string | null;
      readonly alpn: string | false;
      /** The chain as the server sent it, leaf first, ending where a certificate is its own issuer. */
      readonly chain: readonly X509Certificate[];
      /** Node's own verdict against the public roots plus the site's extra CAs. */
      readonly authorized: boolean;
      readonly authorizationError?: string;
      /** Which roots anchor the chain: the public ones, the site's extra ones, or none. */
      readonly trust: 'public' | 'extra' | 'untrusted';
      /** Subject of the CA that anchors (or would anchor) the chain. */
      readonly anchor?: string;
      /** `tls.checkServerIdentity` against the servername, called even for an untrusted chain. */
      readonly hostnameMatches: boolean;
    }
  | { readonly ok: false; readonly code: string; readonly ms: number; readonly message?: string };

/** Which roots validate a chain: Node's bundled public roots, or the site's extra CAs too. */
export interface TrustStore {
  /** The public roots: Node's bundled `tls.rootCertificates`; the simulator's own "public" CA in a simulated site. */
  readonly publicPems: readonly string[];
  /** PEM certificates beyond Node's bundled roots (`--ca-file`, NODE_EXTRA_CA_CERTS, system store). */
  readonly extraCaPems: readonly string[];
  /** Where each extra CA came from, for evidence. */
  readonly extraCaSources: readonly string[];
}

export interface UdpExchangeOptions extends Deadline {
  readonly address: string;
  readonly port: number;
  readonly payload: Uint8Array;
}

/** One datagram out, the first reply back (at most 512 bytes kept), or the OS's code. */
export type UdpExchangeResult =
  | { readonly ok: true; readonly reply: Uint8Array; readonly ms: number; readonly localAddress?: string }
  | { readonly ok: false; readonly code: string; readonly ms: number; readonly localAddress?: string };

export interface SourceAddressOptions {
  readonly address: string;
  readonly port: number;
}

/**
 * The seam between probes and the world. The real implementation talks to the site's
 * network; the simulator's routes the same calls to loopback servers. Every method honours
 * its deadline and signal, and reports network failures as values, never by throwing.
 */
export interface Network {
  readonly kind: 'real' | 'simulated';
  /** The `--connect-to` rules in force, as given: the report says the site was checked through them. */
  readonly connectTo?: readonly string[];
  /** The address a `--connect-to` rule names for host:port, if one does. */
  connectToAddress?(host: string, port: number): string | undefined;
  /** Resolve as the site's software would (getaddrinfo, or `--dns-server` when given). */
  lookup(host: string, deadline: Deadline): Promise<LookupResult>;
  /** The nameservers direct queries go to, for evidence. */
  nameservers(): readonly NameServer[];
  /** resolv.conf's `options` (timeout, attempts, rotate) when the system resolver is used; absent with `--dns-server`. */
  resolverPolicy?(): ResolverPolicy;
  /** One direct query with the DNS wire protocol: UDP, then TCP when truncated. */
  query(server: NameServer, name: string, type: DnsRecordType, deadline: Deadline): Promise<DnsQueryResult>;
  connect(options: ConnectOptions): Promise<ConnectResult>;
  /** TLS over an open stream; validates against `trust` but never rejects for trust. */
  tls(options: TlsOptions): Promise<TlsResult>;
  readonly trust: TrustStore;
  /** Milliseconds since the epoch as this machine believes; the simulator may skew it. */
  now(): number;
  /** Does this machine have a route for the family (for `tcp.family-partial`)? */
  hasRoute(family: AddressFamily): boolean;
  /** One UDP datagram and its first reply (peer echo checks); absent where UDP is not simulated. */
  udp?(options: UdpExchangeOptions): Promise<UdpExchangeResult>;
  /** The address this machine sends from towards `address`, without sending anything. */
  sourceAddress?(options: SourceAddressOptions): Promise<string | undefined>;
}

/** How `createNetwork` builds the real Network. */
export interface NetworkOptions {
  /** `--dns-server`: replaces the system resolvers for the whole run; no query goes anywhere else. */
  readonly dnsServers?: readonly NameServer[];
  /** `--ca-file` PEM paths, added to the public roots as "extra". */
  readonly caFiles?: readonly string[];
  /** The environment: NODE_EXTRA_CA_CERTS is honoured. Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The public roots; defaults to Node's bundled `tls.rootCertificates`. */
  readonly publicPems?: readonly string[];
  /** The system CA bundle read as "extra"; defaults to /etc/ssl/certs/ca-certificates.crt when readable, `null` for none. */
  readonly systemCaPath?: string | null;
  /** Where a connection really goes (the simulator maps documentation addresses to loopback ports). */
  readonly route?: (address: string, port: number) => { readonly address: string; readonly port: number } | undefined;
  /** `--connect-to` rules: a connection to a matching host:port goes to another address:port. */
  readonly connectTo?: readonly ConnectToRule[];
  /** `now()` = `Date.now() + clockOffsetMs` (the simulator's wrong-clock node). */
  readonly clockOffsetMs?: number;
  /** Defaults to /etc/resolv.conf. */
  readonly resolvConfPath?: string;
}
