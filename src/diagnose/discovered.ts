import type { Finding, PullHop, Target } from '../schema/index.js';
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
 * store, a token service on another name): each becomes a target of its own, routed as the
 * container runtime routes it, so it is checked with DNS, TCP and TLS like any other.
 */
export function discoveredTargets(findings: readonly Finding[], planned: readonly Target[], route: RuntimeRouter): Target[] {
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
  return [...found.values()].map((entry) => {
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
  });
}
