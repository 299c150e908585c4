import type { Socket } from 'node:net';
import type { Target } from '../../src/diagnose/index.js';
import type { SimSite } from '../../src/sim/index.js';

/**
 * Where each target really goes in a site the bench started: its simulated address, and the
 * loopback listener the site routes that address:port to. Read through the site's own Network
 * (a connection's remote port), so src/sim needs no accessor for it.
 */
export interface Route {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  readonly loopbackPort: number;
}

export async function routesOf(site: SimSite, targets: readonly Target[]): Promise<Route[]> {
  const routes: Route[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const key = `${target.host}:${target.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const address = site.addressOf(target.host);
    if (address === undefined) throw new Error(`the site gave ${target.host} no address`);
    const connected = await site.network.connect({ address, port: target.port, signal: new AbortController().signal, timeoutMs: 2_000 });
    if (!connected.ok) throw new Error(`cannot reach ${key} in the simulated site: ${connected.code}`);
    // The simulated Network hands back the net.Socket it opened to the loopback listener.
    const socket = connected.socket as Socket;
    const loopbackPort = socket.remotePort;
    socket.destroy();
    if (loopbackPort === undefined) throw new Error(`no loopback port for ${key}`);
    routes.push({ host: target.host, port: target.port, address, loopbackPort });
  }
  return routes;
}
