// The one place the pull probe meets undici: a Client per origin whose `connect` opens its socket
// through the Network seam (lookup, connect, TLS), so the site's `--connect-to`, `--dns-server`,
// trust store and the simulator apply to every request of a pull as to every other probe.
// eslint-disable-next-line no-restricted-imports -- undici only parses HTTP here; every socket comes from the Network seam below
import type { Client, buildConnector } from 'undici';
import { ipLiteral, remaining, type Deadline, type Network } from '../../net/index.js';

/** The socket undici's connector hands back (net.Socket or TLSSocket), named without importing node:net. */
type Socket = Extract<buildConnector.CallbackArgs, [null, unknown]>[1];

export type OpenResult =
  | { readonly ok: true; readonly socket: Socket; readonly address: string }
  | { readonly ok: false; readonly code: string; readonly address?: string };

function fail(code: string, address?: string): OpenResult {
  return { ok: false, code, ...(address ? { address } : {}) };
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
export async function openConnection(network: Network, url: URL, deadline: () => Deadline): Promise<OpenResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const addresses = await addressesOf(network, host, port, deadline());
  if (typeof addresses === 'string') return fail(addresses);
  let last: OpenResult = fail('ENOTFOUND');
  for (const address of addresses) {
    const connected = await network.connect({ address, port, host, ...deadline() });
    if (!connected.ok) {
      last = fail(connected.code, address);
      continue;
    }
    // The Network's connect gives a net.Socket (a Duplex at the seam): undici needs its socket methods.
    if (url.protocol !== 'https:') return { ok: true, socket: connected.socket as Socket, address };
    const tls = await network.tls({ socket: connected.socket, servername: host, alpn: ['http/1.1'], ...deadline() });
    if (!tls.ok) return fail(tls.code, address);
    if (!tls.authorized || !tls.hostnameMatches) {
      tls.socket.destroy();
      return fail(tls.authorizationError ?? 'ERR_TLS_CERT_ALTNAME_INVALID', address);
    }
    return { ok: true, socket: tls.socket, address };
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
}

/** One Client per origin for the whole pull; all closed (destroyed) at its end. */
export class ClientPool {
  private readonly clients = new Map<string, OriginClient>();

  constructor(
    private readonly network: Network,
    private readonly deadline: Deadline,
    private readonly started: number,
  ) {}

  async get(url: URL): Promise<OriginClient> {
    const existing = this.clients.get(url.origin);
    if (existing) return existing;
    const { Client: UndiciClient } = await loadUndici();
    const raced = this.clients.get(url.origin);
    if (raced) return raced;
    let address: string | undefined;
    const left = (): Deadline => remaining(this.deadline, performance.now() - this.started);
    const connect: buildConnector.connector = (_options, callback) => {
      // The Network reports failures as values; a throw would be a bug, still handed to undici as an error.
      const failed = (code: string): void => callback(Object.assign(new Error(code), { code }), null);
      void openConnection(this.network, url, left).then(
        (opened) => {
          if (opened.address) address = opened.address;
          if (opened.ok) callback(null, opened.socket);
          else failed(opened.code);
        },
        () => failed('ERR_CONNECT'),
      );
    };
    const client = new UndiciClient(url.origin, { connect, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
    const entry = { client, address: () => address };
    this.clients.set(url.origin, entry);
    return entry;
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(({ client }) => client.destroy().catch(() => undefined)));
  }
}
