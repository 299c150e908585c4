import type { Target } from '../../src/diagnose/index.js';
import type { SimSite } from '../../src/sim/index.js';

/** Where each target really goes in a site the bench started: its simulated address, and the loopback listener serving that address:port. */
export interface Route {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  readonly loopbackPort: number;
}

export function routesOf(site: SimSite, targets: readonly Target[]): Route[] {
  const routes: Route[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const key = `${target.host}:${target.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const address = site.addressOf(target.host);
    if (address === undefined) throw new Error(`the site gave ${target.host} no address`);
    const listener = site.listenerOf(address, target.port);
    if (listener === undefined) throw new Error(`no loopback listener for ${key}`);
    routes.push({ host: target.host, port: target.port, address, loopbackPort: listener.port });
  }
  return routes;
}
