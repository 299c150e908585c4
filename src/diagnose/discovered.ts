import type { Finding, PullHop, Target } from '../schema/index.js';
import type { DiscoveredHosts } from './runner.js';
import { hostPort } from '../probes/index.js';
import { requestPurposeOf } from './classify-pull.js';
import { targetKey } from './plan.js';

/** How the container runtime routes a host (its proxy decision, with the shell's beside it when they differ). */
export type RuntimeRouter = (scheme: 'https' | 'http', host: string, port: number) => Pick<Target, 'via' | 'proxyDecision' | 'runtimeRoute'>;

/** The rule id of a host no rule lists that a pull was sent to (a layer host, a token realm). */
export const DISCOVERED_RULE = 'pull.discovered';

type Purpose = NonNullable<Target['discovered']>['purpose'];

/** What a hop to another host was for, in the words of a discovered target. */
function purposeOf(hops: readonly PullHop[], index: number): Purpose {
  const purpose = requestPurposeOf(hops, index);
  return purpose === 'layer' || purpose === 'token' ? purpose : 'redirect';
}

interface Found {
  readonly host: string;
  readonly port: number;
  readonly scheme: 'https' | 'http';
  readonly by: Set<string>;
  purpose: Purpose;
}

/**
 * The hosts the registries' pulls were sent to that the plan does not check (a CDN, an object
 * store, a token service on another name), with the registries that sent them there and what for.
 */
function foundHosts(findings: readonly Finding[], planned: readonly Target[]): Map<string, Found> {
  const known = new Set(planned.map((t) => hostPort(t.host, t.port)));
  const found = new Map<string, Found>();
  for (const finding of findings) {
    const registry = hostPort(finding.target.host, finding.target.port);
    for (const step of finding.steps) {
      if (step.step !== 'pull') continue;
      step.evidence.hops.forEach((hop, index) => {
        const where = hostPort(hop.host, hop.port);
        if (where === registry || known.has(where)) return;
        const purpose = purposeOf(step.evidence.hops, index);
        const entry = found.get(where) ?? { host: hop.host, port: hop.port, scheme: hop.url.startsWith('http:') ? 'http' : 'https', by: new Set<string>(), purpose };
        entry.by.add(registry);
        // A host serving layers for one registry and tokens for another is named for its downloads.
        if (purpose === 'layer') entry.purpose = 'layer';
        found.set(where, entry);
      });
    }
  }
  return found;
}

function targetOf(entry: Omit<Found, 'by'> & { readonly by: ReadonlySet<string> }, route: RuntimeRouter): Target {
  const draft = { host: entry.host, port: entry.port, transport: 'tcp' as const, scheme: entry.scheme, ...route(entry.scheme, entry.host, entry.port) };
  return {
    key: targetKey(draft),
    ...draft,
    check: entry.scheme === 'https' ? ('https-reachable' as const) : ('http-any' as const),
    ruleIds: [DISCOVERED_RULE],
    siteOwned: false,
    retired: false,
    discovered: { by: [...entry.by].sort(), purpose: entry.purpose },
    client: 'runtime' as const,
  };
}

/** At most this many hosts are checked for one run's pulls: a registry cannot send netreq everywhere. */
export const MAX_DISCOVERED = 64;

/**
 * The run's discovered hosts: each checked from the moment a pull heads there (its purpose and
 * registries unknown yet), and judged as every finished pull describes it. `targets()` lists them
 * in the order they were found.
 */
export function discoveredHosts(planned: readonly Target[], route: RuntimeRouter): DiscoveredHosts & { readonly targets: () => readonly Target[] } {
  const known = new Set(planned.map((t) => hostPort(t.host, t.port)));
  const early = new Map<string, Target>();
  return {
    found(registry, host, port, scheme) {
      const where = hostPort(host, port);
      if (known.has(where) || early.has(where) || early.size >= MAX_DISCOVERED) return undefined;
      const target = targetOf({ host, port, scheme, by: new Set([hostPort(registry.host, registry.port)]), purpose: 'redirect' }, route);
      early.set(where, target);
      return target;
    },
    judged(findings) {
      const judged = new Map<string, Target>();
      for (const [where, entry] of foundHosts(findings, planned)) {
        const target = early.get(where);
        if (target !== undefined) judged.set(target.key, { ...target, discovered: { by: [...entry.by].sort(), purpose: entry.purpose } });
      }
      return judged;
    },
    targets: () => [...early.values()],
  };
}
