import net from 'node:net';
import { bounded, errorCode, since, ABORTED, TIMED_OUT } from './deadline.js';
import type { ConnectToRoute } from './connect-to.js';
import type { ConnectOptions, ConnectResult } from './types.js';

export type RouteFn = (address: string, port: number) => { readonly address: string; readonly port: number } | undefined;

/** Where a connection really goes: the simulator's route, else a `--connect-to` rule, else where it says. */
export interface Routes {
  readonly route?: RouteFn | undefined;
  readonly connectTo?: ConnectToRoute | undefined;
}

/**
 * One TCP connection, bounded by the deadline and signal. Failures come back as the OS's
 * code (ECONNREFUSED, ECONNRESET, EHOSTUNREACH...) or ETIMEDOUT when our deadline passed;
 * the socket is destroyed on every path but success.
 */
export function tcpConnect(options: ConnectOptions, routes: Routes = {}): Promise<ConnectResult> {
  const started = performance.now();
  const redirected = options.host === undefined ? undefined : routes.connectTo?.(options.host, options.address, options.port);
  const target = routes.route?.(options.address, options.port) ?? redirected ?? { address: options.address, port: options.port };
  // Evidence of the redirection, in the form `ADDRESS:PORT` ([v6]:PORT); the address is an IP literal.
  const via = redirected === undefined ? {} : { connectTo: redirected.address.includes(':') ? `[${redirected.address}]:${redirected.port}` : `${redirected.address}:${redirected.port}` };
  return bounded<ConnectResult>(
    options,
    {
      timeout: () => ({ ok: false, code: TIMED_OUT, ms: since(started), ...via }),
      abort: () => ({ ok: false, code: ABORTED, ms: since(started), ...via }),
    },
    (settle) => {
      let socket: net.Socket;
      try {
        socket = net.connect({ host: target.address, port: target.port });
      } catch (error) {
        // net.connect throws synchronously for an invalid port or address.
        settle({ ok: false, code: errorCode(error, 'EINVAL'), ms: since(started), ...via });
        return () => undefined;
      }
      const onError = (error: Error): void => settle({ ok: false, code: errorCode(error), ms: since(started), ...via });
      const onConnect = (): void => {
        const result: ConnectResult = socket.localAddress
          ? { ok: true, socket, ms: since(started), localAddress: socket.localAddress, ...via }
          : { ok: true, socket, ms: since(started), ...via };
        settle(result);
      };
      socket.once('error', onError);
      socket.once('connect', onConnect);
      return (reason) => {
        socket.removeListener('error', onError);
        socket.removeListener('connect', onConnect);
        // The new owner attaches its own handlers; until then a late error must not crash the process.
        socket.on('error', () => undefined);
        if (reason !== 'done' || socket.destroyed || !socket.remoteAddress) socket.destroy();
      };
    },
  );
}
