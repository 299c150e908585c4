// The plan with the site's chart repository in place of the vendor's: which targets are skipped,
// which keep their other rules, and how an oci:// repository is checked.
import { describe, expect, it } from 'vitest';
import { targetKey, withSiteHelmRepo, type Target } from '../../src/diagnose/index.js';
import { siteChartRepo } from '../../src/engine/site-registry-inputs.js';
import { topologyFromFlags } from '../../src/topology/index.js';

function target(host: string, check: Target['check'], ruleIds: string[], path?: string): Target {
  const draft = { host, port: 443, transport: 'tcp' as const, scheme: 'https' as const, via: 'direct' as const };
  return { ...draft, key: targetKey(draft), check, ruleIds, siteOwned: false, retired: false, ...(path ? { path } : {}) };
}

const direct = () => ({ via: 'direct' as const });
const HELM = new Set(['runai.helm-repo', 'runai.ngc-helm-repo']);

describe('mirrors 3: the plan with the site\'s chart repository', () => {
  it('mirrors 3: an oci:// repository is checked once at its registry\'s /v2/ for every Helm rule; a target shared with a registry rule keeps that rule', () => {
    const repo = siteChartRepo(topologyFromFlags({ product: ['runai'], role: ['installer'], 'helm-repo': 'oci://harbor.corp.example:8443/charts/runai' }));
    expect(repo).toEqual({ kind: 'oci', scheme: 'https', host: 'harbor.corp.example', port: 8443, path: '/v2/', url: 'oci://harbor.corp.example:8443/charts/runai' });
    if (repo === undefined) return;
    const planned = [
      target('runai.jfrog.io', 'registry-v2', ['runai.registry', 'runai.helm-repo']),
      target('helm.ngc.nvidia.com', 'helm-index', ['runai.ngc-helm-repo'], '/nvidia/runai/index.yaml'),
      target('nvcr.io', 'registry-v2', ['runai.ngc-registry']),
    ];
    const out = withSiteHelmRepo(planned, repo, HELM, direct);
    expect(out.find((t) => t.host === 'runai.jfrog.io')).toMatchObject({ ruleIds: ['runai.registry'], check: 'registry-v2' });
    expect(out.find((t) => t.host === 'runai.jfrog.io')?.skip).toBeUndefined();
    expect(out.find((t) => t.host === 'helm.ngc.nvidia.com')?.skip).toEqual({ cause: 'helm.via-site-repo', detail: 'the site installs its charts from oci://harbor.corp.example:8443/charts/runai (harbor.corp.example:8443), not from helm.ngc.nvidia.com' });
    expect(out.find((t) => t.host === 'nvcr.io')).toEqual(planned[2]);
    const site = out.find((t) => t.host === 'harbor.corp.example');
    expect(site).toMatchObject({ check: 'registry-v2', path: '/v2/', port: 8443, client: 'installer', siteOwned: true, ruleIds: ['runai.helm-repo', 'runai.ngc-helm-repo'], key: 'https://harbor.corp.example:8443/tcp via direct helm repository' });
    expect(site?.pull).toBeUndefined();
  });

  it('mirrors 3: an https repository is checked at its index.yaml; with no Helm rule here the plan is left as it is', () => {
    const repo = siteChartRepo(topologyFromFlags({ product: ['runai'], role: ['installer'], 'helm-repo': 'http://charts.corp.example:8080/runai/' }));
    expect(repo).toMatchObject({ kind: 'http', scheme: 'http', host: 'charts.corp.example', port: 8080, path: '/runai/index.yaml' });
    if (repo === undefined) return;
    const registries = [target('nvcr.io', 'registry-v2', ['runai.ngc-registry'])];
    expect(withSiteHelmRepo(registries, repo, HELM, direct)).toEqual(registries);
  });
});
