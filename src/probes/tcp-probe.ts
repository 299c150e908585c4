import type { Duplex } from 'node:stream';
import type { ConnectResult, Deadline, Network } from '../net/index.js';
import type { TcpAttempt, TcpStep } from '../schema/index.js';
import { addressFamily } from './text.js';

export interface TcpProbeOptions {
  /** `proxy` when this connects to the proxy rather than to the host. */
  readonly to?: 'host' | 'proxy';
  /** The target's name: `--connect-to` rules match it (never the proxy's connection). */
  readonly host?: string;
}

export interface TcpProbeResult {
  readonly result: TcpStep;
  /** The first connected socket, for the next step; the caller owns it. */
  readonly socket?: Duplex;
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export function attemptOutcome(code: string): TcpAttempt['outcome'] {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ABORT_ERR') return 'aborted';
  if (UNREACHABLE.has(code)) return 'unreachable';
  return 'error';
}

/**
 * Connects to every address at once (IPv4 and IPv6) and waits for all of them, so each
 * family's outcome is evidence (`tcp.family-partial` needs the one that failed). Keeps the
 * first address that connected, in the resolver's order, and closes the others.
 */
export async function probeTcp(
  network: Network,
  addresses: readonly string[],
  port: number,
  deadline: Deadline,
  options: TcpProbeOptions = {},
): Promise<TcpProbeResult> {
  const startedAt = new Date(network.now()).toISOString();
  const started = performance.now();
  const routes = { ipv4Route: network.hasRoute(4), ipv6Route: network.hasRoute(6) };
  const results: ConnectResult[] = await Promise.all(
    addresses.map((address) =>
      network.connect({ address, port, signal: deadline.signal, timeoutMs: deadline.timeoutMs, ...(options.host === undefined ? {} : { host: options.host }) }),
    ),
  );
  const attempts: TcpAttempt[] = results.map((r, index) => {
    const address = addresses[index] ?? '';
    const family = addressFamily(address);
    const via = r.connectTo === undefined ? {} : { connectTo: r.connectTo };
    return r.ok ? { address, family, outcome: 'connected', ms: r.ms, ...via } : { address, family, outcome: attemptOutcome(r.code), code: r.code, ms: r.ms, ...via };
  });
  const winner = results.findIndex((r) => r.ok);
  let socket: Duplex | undefined;
  results.forEach((r, index) => {
    if (!r.ok) return;
    if (index === winner) socket = r.socket;
    else r.socket.destroy();
  });
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const to = options.to ?? 'host';
  const connected = winner >= 0 ? addresses[winner] : undefined;
  const summary = summarise(attempts, routes);
  const result: TcpStep = {
    step: 'tcp',
    ok: socket !== undefined,
    outcome: addresses.length === 0 ? 'no-address' : summary.outcome,
    ms,
    startedAt,
    ...(summary.code ? { code: summary.code } : {}),
    evidence: { port, to, attempts, ...(connected ? { connected } : {}), ...routes },
  };
  return socket ? { result, socket } : { result };
}

/** The step's outcome: `connected` if any did; else the first attempt of a family this machine routes. */
function summarise(attempts: readonly TcpAttempt[], routes: { ipv4Route: boolean; ipv6Route: boolean }): { outcome: string; code?: string } {
  if (attempts.some((a) => a.outcome === 'connected')) return { outcome: 'connected' };
  const routed = attempts.find((a) => (a.family === 4 ? routes.ipv4Route : routes.ipv6Route)) ?? attempts[0];
  if (!routed) return { outcome: 'no-address' };
  return routed.code ? { outcome: routed.outcome, code: routed.code } : { outcome: routed.outcome };
}
