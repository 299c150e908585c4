import type { Target } from '../schema/index.js';
import { hostPort } from '../probes/index.js';
import { targetKey } from './plan.js';

/**
 * The site's chart repository in place of the vendor's (`--helm-repo`, the answers' `helmRepo`), as
 * the Helm repository reader (src/host) gives it: an HTTP repository checked at its index.yaml, or
 * an OCI registry checked at `/v2/`.
 */
export interface SiteChartRepo {
  readonly kind: 'http' | 'oci';
  readonly scheme: 'https' | 'http';
  readonly host: string;
  readonly port: number;
  /** The index's path (`/artifactory/api/helm/runai/index.yaml`), or `/v2/` for an OCI registry. */
  readonly path: string;
  /** As the site wrote it (oci://harbor.corp/charts, https://artifactory.corp/.../runai). */
  readonly url: string;
}

/** Its key says what it is: the repository's host may also be a mirror's or a rule's. */
const KEY_SUFFIX = ' helm repository';

function repoTarget(repo: SiteChartRepo, replaced: readonly Target[], route: (scheme: 'https' | 'http', host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>): Target {
  const draft = { host: repo.host, port: repo.port, transport: 'tcp' as const, scheme: repo.scheme, ...route(repo.scheme, repo.host, repo.port) };
  return {
    key: `${targetKey(draft)}${KEY_SUFFIX}`,
    ...draft,
    check: repo.kind === 'oci' ? 'registry-v2' : 'helm-index',
    path: repo.path,
    ruleIds: [...new Set(replaced.flatMap((t) => t.ruleIds))],
    // The site's own server: a private CA is fine there, and its answer must be a Helm index (classify-http).
    siteOwned: true,
    retired: replaced.every((t) => t.retired),
    // Helm runs in the installer's shell: its route is the shell's.
    client: 'installer',
  };
}

/**
 * The vendor's Helm repositories (`helmRules`: the rules checked at an index.yaml) replaced by the
 * site's: the site's repository is checked once for all of them, and a vendor repository's own
 * target is `skip helm.via-site-repo`, naming the site's (the site does not need it open). A target
 * a Helm rule shares with other rules (a host that is also a registry) is still checked for those,
 * without the Helm rule. A plan with no Helm rule here (this machine is not the installer) is left as it is.
 */
export function withSiteHelmRepo(targets: readonly Target[], repo: SiteChartRepo, helmRules: ReadonlySet<string>, route: (scheme: 'https' | 'http', host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>): Target[] {
  const replaced = targets.filter((t) => t.skip === undefined && t.ruleIds.some((id) => helmRules.has(id)));
  if (replaced.length === 0) return [...targets];
  const site = repoTarget(repo, replaced.map((t) => ({ ...t, ruleIds: t.ruleIds.filter((id) => helmRules.has(id)) })), route);
  const where = `${repo.url} (${hostPort(repo.host, repo.port)})`;
  const out = targets.map((t): Target => {
    if (!replaced.includes(t)) return t;
    const others = t.ruleIds.filter((id) => !helmRules.has(id));
    if (others.length > 0) return { ...t, ruleIds: others };
    return { ...t, skip: { cause: 'helm.via-site-repo', detail: `the site installs its charts from ${where}, not from ${t.host}` } };
  });
  return [...out, site];
}
