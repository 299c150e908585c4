// The one place the pull probe meets undici: a Client per origin whose `connect` opens its socket
// through the Network seam (lookup, connect, TLS), so the site's `--connect-to`, `--dns-server`,
// trust store and the simulator apply to every request of a pull as to every other probe.
// eslint-disable-next-line no-restricted-imports -- undici only parses HTTP here; every socket comes from the Network seam below
import type { Client, buildConnector } from 'undici';
import type { Duplex } from 'node:stream';
import { createChainVerifier, ipLiteral, remaining, type ChainVerifier, type Deadline, type Network } from '../../net/index.js';
import { probeProxy } from '../proxy-probe.js';
import type { PullProxy, PullRoute } from './types.js';

/** The socket undici's connector hands back (net.Socket or TLSSocket), named without importing node:net. */
type Socket = Extract<buildConnector.CallbackArgs, [null, unknown]>[1];

export type OpenResult =
  | { readonly ok: true; readonly socket: Socket; readonly address: string }
  | { readonly ok: false; readonly code: string; readonly address?: string };

function fail(code: string, address?: string): OpenResult {
  return { ok: false, code, ...(address ? { address } : {}) };
}

type Tunnel = { readonly ok: true; readonly socket: Duplex; readonly address: string } | { readonly ok: false; readonly code: string; readonly address?: string };

/**
 * A CONNECT tunnel to host:port through the proxy, as Go's transport opens one for an https URL.
 * The proxy's refusal is a code naming its status (`PROXY_403`, `PROXY_407`) and squid's error.
 */
async function tunnelThrough(network: Network, proxy: PullProxy, host: string, port: number, deadline: () => Deadline): Promise<Tunnel> {
  const proxyPortNumber = Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80));
  let last: Tunnel = { ok: false, code: 'PROXY_UNRESOLVED' };
  for (const { address } of proxy.addresses) {
    const connected = await network.connect({ address, port: proxyPortNumber, ...deadline() });
    if (!connected.ok) {
      last = { ok: false, code: connected.code, address };
      continue;
    }
    const answer = await probeProxy(connected.socket, { proxyUrl: proxy.url, targetHost: host, targetPort: port, method: 'CONNECT' }, deadline());
    if (answer.tunnel) return { ok: true, socket: answer.tunnel, address };
    connected.socket.destroy();
    const status = answer.result.evidence.response?.status;
    const squid = answer.result.evidence.proxyError?.split(' ')[0];
    return { ok: false, code: status !== undefined ? `PROXY_${status}${squid ? `_${squid}` : ''}` : (answer.result.code ?? 'PROXY_ERROR'), address };
  }
  return last;
}

/**
 * A connection to the proxy itself, for a plain-HTTP URL: Go's transport sends such a request to
 * the proxy in absolute form (`GET http://host/path`), never through a CONNECT tunnel.
 */
async function connectToProxy(network: Network, proxy: PullProxy, deadline: () => Deadline): Promise<Tunnel> {
  const proxyPortNumber = Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80));
  let last: Tunnel = { ok: false, code: 'PROXY_UNRESOLVED' };
  for (const { address } of proxy.addresses) {
    const connected = await network.connect({ address, port: proxyPortNumber, ...deadline() });
    if (connected.ok) return { ok: true, socket: connected.socket, address };
    last = { ok: false, code: connected.code, address };
  }
  return last;
}

/** The Proxy-Authorization Go sends with a request forwarded to a proxy whose URL carries credentials. */
function proxyAuthorization(proxy: PullProxy): Record<string, string> {
  if (proxy.url.username === '') return {};
  const basic = Buffer.from(`${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`).toString('base64');
  return { 'proxy-authorization': `Basic ${basic}` };
}

/**
 * Addresses for a host: the literal itself, or what the Network's lookup answers; a name that does
 * not resolve here goes where a `--connect-to` rule sends it, as the chain does (check-target.ts).
 */
async function addressesOf(network: Network, host: string, port: number, deadline: Deadline): Promise<readonly string[] | string> {
  const literal = ipLiteral(host);
  if (literal) return [literal.address];
  const answer = await network.lookup(host, deadline);
  if (answer.ok) return answer.addresses.map((a) => a.address);
  const forced = network.connectToAddress?.(host, port);
  return forced !== undefined ? [forced] : answer.code;
}

/**
 * A connection to host:port through the Network: each address in turn until one connects, then
 * TLS for https, refused unless the chain is trusted and names the host (containerd verifies).
 */
/** CAs trusted for one host besides the system's (containerd's hosts.toml `ca`), as a verifier of its chain. */
export interface HostTrust {
  readonly authority: string;
  readonly pems: readonly string[];
}

export async function openConnection(network: Network, url: URL, deadline: () => Deadline, route?: PullRoute, extraTrust?: ChainVerifier): Promise<OpenResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const proxy = route?.(host, port);
  // Through a proxy the proxy resolves the name; directly, this machine does.
  const addresses = proxy ? [''] : await addressesOf(network, host, port, deadline());
  if (typeof addresses === 'string') return fail(addresses);
  let last: OpenResult = fail('ENOTFOUND');
  for (const address of addresses) {
    const connected = proxy
      ? url.protocol === 'http:' ? await connectToProxy(network, proxy, deadline) : await tunnelThrough(network, proxy, host, port, deadline)
      : await network.connect({ address, port, host, ...deadline() }).then((c): Tunnel => (c.ok ? { ok: true, socket: c.socket, address } : { ok: false, code: c.code, address }));
    if (!connected.ok) {
      last = fail(connected.code, connected.address);
      continue;
    }
    const reached = connected.address;
    // The Network's connect gives a net.Socket (a Duplex at the seam): undici needs its socket methods.
    if (url.protocol !== 'https:') return { ok: true, socket: connected.socket as Socket, address: reached };
    const tls = await network.tls({ socket: connected.socket, servername: host, alpn: ['http/1.1'], ...deadline() });
    if (!tls.ok) return fail(tls.code, reached);
    // The host's own CAs are added to the system's, as containerd adds hosts.toml's `ca` to its pool.
    const chainTrusted = tls.authorized || (extraTrust !== undefined && tls.hostnameMatches && extraTrust(tls.chain) === undefined);
    if (!chainTrusted || !tls.hostnameMatches) {
      tls.socket.destroy();
      return fail(tls.authorizationError ?? 'ERR_TLS_CERT_ALTNAME_INVALID', reached);
    }
    return { ok: true, socket: tls.socket, address: reached };
  }
  return last;
}

/**
 * undici, loaded on the first pull: it is a large module, and a command that never pulls
 * (`--version`, `rules`, most checks) must not pay for it at start-up.
 */
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = (): Promise<typeof import('undici')> => (undici ??= import('undici'));

/** An undici Client for one origin, and the address its latest connection reached. */
export interface OriginClient {
  readonly client: Client;
  readonly address: () => string | undefined;
  /** The runtime's route sends this origin through the proxy. */
  readonly proxied: boolean;
  /**
   * A plain-HTTP origin through the proxy: each request goes to the proxy in absolute form, with
   * these headers (Proxy-Authorization, never recorded).
   */
  readonly forwarded?: { readonly headers: Readonly<Record<string, string>> };
}

/** How long before a server's advertised keep-alive end an idle connection is no longer reused. */
const KEEP_ALIVE_MARGIN_MS = 250;

/** One Client per origin for the whole pull; all closed (destroyed) at its end. */
export class ClientPool {
  private readonly clients = new Map<string, OriginClient>();

  constructor(
    private readonly network: Network,
    private readonly deadline: Deadline,
    private readonly started: number,
    /** Each connection's and each answer's longest wait, within the whole pull's deadline. */
    private readonly waitMs: number,
    private readonly route?: PullRoute,
    hostTrust?: HostTrust,
  ) {
    if (hostTrust !== undefined) {
      this.trustedAuthority = hostTrust.authority;
      this.hostVerifier = createChainVerifier({ ...network.trust, extraCaPems: [...network.trust.extraCaPems, ...hostTrust.pems] }, () => network.now());
    }
  }

  private readonly trustedAuthority: string | undefined;
  private readonly hostVerifier: ChainVerifier | undefined;

  async get(url: URL): Promise<OriginClient> {
    const existing = this.clients.get(url.origin);
    if (existing) return existing;
    const { Client: UndiciClient } = await loadUndici();
    const raced = this.clients.get(url.origin);
    if (raced) return raced;
    let address: string | undefined;
    const left = (): Deadline => {
      const whole = remaining(this.deadline, performance.now() - this.started);
      return { ...whole, timeoutMs: Math.min(whole.timeoutMs, this.waitMs) };
    };
    const connect: buildConnector.connector = (_options, callback) => {
      // The Network reports failures as values; a throw would be a bug, still handed to undici as an error.
      const failed = (code: string): void => callback(Object.assign(new Error(code), { code }), null);
      const own = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}` === this.trustedAuthority;
      void openConnection(this.network, url, left, this.route, own ? this.hostVerifier : undefined).then(
        (opened) => {
          if (opened.address) address = opened.address;
          if (opened.ok) callback(null, opened.socket);
          else failed(opened.code);
        },
        () => failed('ERR_CONNECT'),
      );
    };
    // Go's transport keeps an idle connection whatever a server's Keep-Alive hint says; undici by
    // default drops one whose hint is 2 s or less (Node's own servers say 5 s, many proxies less), which
    // would cost a pull a TLS handshake per request. A pull's requests follow each other within milliseconds.
    const client = new UndiciClient(url.origin, { connect, pipelining: 1, headersTimeout: this.waitMs, bodyTimeout: 0, keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS });
    const proxy = this.route?.(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
    const forwarded = proxy !== undefined && url.protocol === 'http:' ? { forwarded: { headers: proxyAuthorization(proxy) } } : {};
    const entry: OriginClient = { client, address: () => address, proxied: proxy !== undefined, ...forwarded };
    this.clients.set(url.origin, entry);
    return entry;
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(({ client }) => client.destroy().catch(() => undefined)));
  }
}
