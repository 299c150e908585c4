import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../../src/diagnose/index.js';
import { startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';
import type { TopologyInput } from '../../src/topology/index.js';
import { routesOf, type Route } from './site-routes.js';

/**
 * A simulated site served by the bench process, and the flags that point netreq's real mode at
 * it: `--dns-server` (the site's nameserver), `--ca-file` (the site's root) and `--connect-to`
 * (each simulated address:port to its loopback listener), exactly as curl is pointed at it. The
 * netreq process under test then holds nothing but netreq: no simulator shares its event loop,
 * its CPU or its memory.
 */
export interface ServedSite {
  readonly site: SimSite;
  readonly routes: readonly Route[];
  readonly caFile: string;
  /** `check --answers FILE --dns-server … --ca-file … --connect-to …`, without `--format`. */
  readonly checkArgs: readonly string[];
  /** startSite alone, in the bench process. */
  readonly startMs: number;
  close(): Promise<void>;
}

/**
 * The fewest `--connect-to` rules that send every route where the site sends it: one catch-all
 * per port for the listener most hosts on that port share, then a rule per host that goes elsewhere
 * (the silent ones). Host rules come first: the first match wins.
 */
export function connectToRules(routes: readonly Route[]): string[] {
  const byPort = new Map<number, Route[]>();
  for (const route of routes) byPort.set(route.port, [...(byPort.get(route.port) ?? []), route]);
  const hostRules: string[] = [];
  const portRules: string[] = [];
  for (const [port, list] of byPort) {
    const counts = new Map<number, number>();
    for (const r of list) counts.set(r.loopbackPort, (counts.get(r.loopbackPort) ?? 0) + 1);
    const shared = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    for (const r of list) if (r.loopbackPort !== shared) hostRules.push(`${r.host}:${port}:127.0.0.1:${r.loopbackPort}`);
    if (shared !== undefined) portRules.push(`:${port}:127.0.0.1:${shared}`);
  }
  return [...hostRules, ...portRules];
}

export async function serveSite(dir: string, name: string, spec: SiteSpecInput, topology: TopologyInput, hosts: readonly string[], targets: readonly Target[]): Promise<ServedSite> {
  const started = performance.now();
  const site = await startSite(spec, { hosts, waitForCertificates: true });
  const startMs = performance.now() - started;
  try {
    const routes = routesOf(site, targets);
    const caFile = join(dir, `${name}-root.pem`);
    writeFileSync(caFile, site.publicCaPem);
    const answers = join(dir, `${name}-answers.json`);
    writeFileSync(answers, JSON.stringify(topology));
    const dns = site.dnsServers.flatMap((s) => ['--dns-server', `${s.address}:${s.port}`]);
    const connectTo = connectToRules(routes).flatMap((rule) => ['--connect-to', rule]);
    return { site, routes, caFile, checkArgs: ['check', '--answers', answers, ...dns, '--ca-file', caFile, ...connectTo], startMs, close: () => site.close() };
  } catch (error) {
    await site.close();
    throw error;
  }
}
