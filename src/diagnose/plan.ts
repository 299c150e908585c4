import type { CheckKind, Rule, Scheme } from '../catalog/index.js';
import type { ExpandedRule, Selection } from '../catalog/index.js';
import { decideProxy, redactUrl, type ProxyChoice } from '../net/index.js';
import type { Target } from '../schema/index.js';

/** When several rules share a target, the most telling check runs. */
const CHECK_PRECEDENCE: readonly CheckKind[] = [
  'registry-v2',
  'helm-index',
  'pypi-simple',
  'apt-mirror',
  'ssh-banner',
  'http-any',
  'https-reachable',
  'tcp-open',
  'guidance',
];

function defaultCheck(scheme: Scheme): CheckKind {
  switch (scheme) {
    case 'https':
      return 'https-reachable';
    case 'http':
      return 'http-any';
    case 'ssh':
      return 'ssh-banner';
    case 'tcp':
    case 'udp':
      return 'tcp-open';
    default: {
      const unreachable: never = scheme;
      return unreachable;
    }
  }
}

function checkOf(rule: Rule): CheckKind {
  if (rule.guidance !== undefined) return 'guidance';
  return rule.check ?? defaultCheck(rule.to.scheme);
}

/** Hosts that are the site's own (control plane, headnodes, system nodes): a private CA is fine there. */
function isSiteOwned(expanded: ExpandedRule): boolean {
  return /^\{(controlPlane|headnode|systemNode|peer)\}/.test(expanded.rule.to.host);
}

/** Proxies carry HTTP(S) only: SSH, raw TCP and UDP always go direct. */
function proxiedScheme(scheme: Scheme): scheme is 'https' | 'http' {
  return scheme === 'https' || scheme === 'http';
}

/** The route of an HTTP(S) endpoint under the proxy settings, and how NO_PROXY matched it. */
export function routeFor(scheme: 'https' | 'http', host: string, port: number, proxy: ProxyChoice): Pick<Target, 'via' | 'proxyDecision'> {
  const decision = decideProxy({ scheme, host, port }, proxy);
  const proxyDecision = {
    ...(decision.matched !== undefined ? { matched: decision.matched } : {}),
    ...(decision.curlDiffers !== undefined ? { curlDiffers: decision.curlDiffers } : {}),
  };
  return { via: decision.via, ...(Object.keys(proxyDecision).length > 0 ? { proxyDecision } : {}) };
}

export function targetKey(target: Pick<Target, 'scheme' | 'host' | 'port' | 'transport' | 'via'>): string {
  return `${target.scheme}://${target.host}:${target.port}/${target.transport} via ${target.via}`;
}

/**
 * The selected rules as concrete targets: one per host, port, scheme, transport and route,
 * serving every rule that needs it. A port range is checked at its first port.
 */
/** The container runtime's route for its pulls (src/engine/runtime-route.ts). */
export interface RuntimeRouteChoice {
  readonly settings: ProxyChoice;
  readonly source: 'flag' | 'runtime' | 'shell';
  readonly runtime?: string;
}

function proxyText(settings: ProxyChoice): string | undefined {
  const url = settings.httpsProxy ?? settings.httpProxy;
  return url ? redactUrl(url.href) : undefined;
}

/** A runtime client's route, with the shell's beside it for the finding. */
function runtimeDecision(scheme: 'https' | 'http', host: string, port: number, shell: ProxyChoice, runtime: RuntimeRouteChoice): Pick<Target, 'via' | 'proxyDecision' | 'runtimeRoute'> {
  const shellDecided = routeFor(scheme, host, port, shell);
  const decided = runtime.source === 'runtime' ? routeFor(scheme, host, port, runtime.settings) : shellDecided;
  const proxy = proxyText(runtime.settings);
  const shellProxy = proxyText(shell);
  return {
    ...decided,
    runtimeRoute: {
      source: runtime.source,
      ...(runtime.runtime !== undefined ? { runtime: runtime.runtime } : {}),
      ...(proxy !== undefined ? { proxy } : {}),
      shellVia: shellDecided.via,
      ...(shellProxy !== undefined ? { shellProxy } : {}),
    },
  };
}

export function plan(selection: Selection, proxy: ProxyChoice, runtime?: RuntimeRouteChoice): Target[] {
  const byKey = new Map<string, Target>();
  for (const expanded of selection.here) {
    const { rule } = expanded;
    const port = rule.to.port.from;
    const scheme = rule.to.scheme;
    const check = checkOf(rule);
    const unresolved = expanded.unresolved;
    const routed = proxiedScheme(scheme) && !unresolved && check !== 'guidance';
    const decided: Pick<Target, 'via' | 'proxyDecision' | 'runtimeRoute'> = !routed
      ? { via: 'direct' as const }
      : check === 'registry-v2' && runtime !== undefined
        ? runtimeDecision(scheme, expanded.host, port, proxy, runtime)
        : routeFor(scheme, expanded.host, port, proxy);
    const draft: Target = {
      key: '',
      host: expanded.host,
      ...(expanded.pattern !== undefined ? { pattern: expanded.pattern } : {}),
      port,
      transport: rule.to.transport,
      scheme,
      via: decided.via,
      check,
      // An image registry is reached by the container runtime's pulls, not by this shell.
      ...(check === 'registry-v2' ? { client: 'runtime' as const } : {}),
      ...(rule.to.path !== undefined ? { path: rule.to.path } : {}),
      ruleIds: [rule.id],
      siteOwned: isSiteOwned(expanded),
      ...(selection.directHosts?.includes(expanded.host) ? { siteDirect: true } : {}),
      retired: rule.retired !== undefined,
      ...(unresolved ? { skip: { cause: unresolved.cause, detail: unresolved.detail } } : {}),
      ...(decided.proxyDecision ? { proxyDecision: decided.proxyDecision } : {}),
      ...(decided.runtimeRoute ? { runtimeRoute: decided.runtimeRoute } : {}),
    };
    const key = targetKey(draft) + (unresolved ? ` unresolved ${rule.id}` : '');
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...draft, key });
      continue;
    }
    const strongerCheck = CHECK_PRECEDENCE.indexOf(check) < CHECK_PRECEDENCE.indexOf(existing.check);
    const { path: _existingPath, ...rest } = existing;
    const path = strongerCheck ? draft.path : existing.path;
    byKey.set(key, {
      ...rest,
      ...(path !== undefined ? { path } : {}),
      ruleIds: existing.ruleIds.includes(rule.id) ? existing.ruleIds : [...existing.ruleIds, rule.id],
      check: strongerCheck ? check : existing.check,
      siteOwned: existing.siteOwned || draft.siteOwned,
      retired: existing.retired && draft.retired,
    });
  }
  return [...byKey.values()];
}
