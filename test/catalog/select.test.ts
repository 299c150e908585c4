import { describe, expect, it } from 'vitest';
import { loadCatalog, select, type ExpandedRule, type Selection } from '../../src/catalog/index.js';
import { topologyFromFlags, type TopologyFlags } from '../../src/topology/index.js';

const catalog = loadCatalog();
// These cases are the reference documents' rules: the editions they were written for.
const REFERENCE_EDITIONS: TopologyFlags = { 'runai-version': 'runai-bcm-guide', 'azureml-arc-version': 'azureml-arc-reference' };
const run = (flags: TopologyFlags): Selection => select(catalog, topologyFromFlags({ ...REFERENCE_EDITIONS, ...flags }));
const ids = (rules: readonly ExpandedRule[]): string[] => [...new Set(rules.map((r) => r.rule.id))];
const byId = (rules: readonly ExpandedRule[], id: string): ExpandedRule[] => rules.filter((r) => r.rule.id === id);

describe('select: roles', () => {
  it('checks a rule here when its from meets a role, and lists the others as elsewhere', () => {
    const s = run({ product: ['runai'], role: ['installer'] });
    expect(ids(s.here)).toEqual(['runai.helm-repo']);
    expect(s.elsewhere.map((e) => e.ruleId)).toEqual(expect.arrayContaining(['runai.registry', 'runai.control-plane', 'runai.inbound.cluster']));
    expect(s.elsewhere.find((e) => e.ruleId === 'runai.registry')).toEqual({
      ruleId: 'runai.registry', fromRoles: ['k8s-node'], host: 'runai.jfrog.io', port: '443', purpose: expect.any(String) as string,
    });
  });

  it('a system node is also a k8s node', () => {
    const s = run({ product: ['runai'], role: ['system-node'], 'control-plane': 'cp.example.test' });
    expect(ids(s.here)).toEqual(expect.arrayContaining(['runai.registry', 'runai.control-plane', 'runai.internal.node-to-node']));
    expect(ids(s.here)).not.toContain('runai.helm-repo');
  });

  it('several roles check the union', () => {
    const s = run({ product: ['runai'], role: ['installer', 'k8s-node'] });
    expect(ids(s.here)).toEqual(expect.arrayContaining(['runai.helm-repo', 'runai.registry']));
    expect(s.elsewhere.map((e) => e.ruleId)).not.toContain('runai.registry');
  });

  it('rules of a product not selected are left out entirely', () => {
    const s = run({ product: ['runai'], role: ['k8s-node'] });
    expect([...s.here, ...s.elsewhereRules].some((r) => r.rule.product !== 'runai')).toBe(false);
  });
});

describe('select: BCM', () => {
  it('without BCM the SSH rule does not apply', () => {
    const s = run({ product: ['runai'], role: ['installer'] });
    expect(byId(s.here, 'runai.bcm-ssh')).toEqual([]);
  });
  it('one target per headnode', () => {
    const s = run({ product: ['runai'], role: ['installer'], headnode: ['bcm01', 'bcm02'] });
    expect(byId(s.here, 'runai.bcm-ssh').map((r) => [r.host, r.pattern])).toEqual([['bcm01', '{headnode}'], ['bcm02', '{headnode}']]);
  });
  it('BCM without headnode names is input.missing naming --headnode', () => {
    const topology = { ...topologyFromFlags({ product: ['runai'], role: ['installer'] }), bcm: { enabled: true, headnodes: [] } };
    const [rule] = byId(select(catalog, topology).here, 'runai.bcm-ssh');
    expect(rule?.unresolved?.cause).toBe('input.missing');
    expect(rule?.unresolved?.detail).toMatch(/--headnode/);
  });
});

describe('select: control plane', () => {
  it('remote: the sync rule checks the given FQDN; the 0.0.0.0 inbound rule does not apply', () => {
    const s = run({ product: ['runai'], role: ['system-node', 'workstation'], 'control-plane': 'runai.example.test' });
    expect(byId(s.here, 'runai.control-plane').map((r) => r.host)).toEqual(['runai.example.test']);
    expect(ids(s.here)).not.toContain('runai.inbound.control-plane');
    expect(ids(s.here)).toContain('runai.inbound.cluster');
  });
  it('co-located: the sync rule checks the cluster FQDN and the 0.0.0.0 inbound rule applies', () => {
    const s = run({ product: ['runai'], role: ['system-node', 'workstation'], 'control-plane': 'cluster.example.test', 'co-located': true });
    expect(byId(s.here, 'runai.control-plane').map((r) => r.host)).toEqual(['cluster.example.test']);
    const inbound = byId(s.here, 'runai.inbound.control-plane');
    expect(inbound[0]?.rule.sourceRanges).toEqual(['0.0.0.0/0']);
    // The system nodes' names come with --peer: until then the inbound rules are input.missing.
    expect(inbound[0]?.unresolved).toMatchObject({ cause: 'input.missing', detail: expect.stringMatching(/--peer/) as string });
  });
  it('no FQDN: input.missing naming --control-plane', () => {
    const [rule] = byId(run({ product: ['runai'], role: ['system-node'] }).here, 'runai.control-plane');
    expect(rule).toMatchObject({ host: 'the Run:ai control plane (give --control-plane)', pattern: '{controlPlane}', unresolved: { cause: 'input.missing' } });
    expect(rule?.unresolved?.detail).toMatch(/--control-plane/);
  });
});

describe('select: optional component registries', () => {
  it('only with --prereqs', () => {
    expect(ids(run({ product: ['runai'], role: ['k8s-node'] }).here)).not.toContain('runai.prereqs.gcr-io');
    const s = run({ product: ['runai'], role: ['k8s-node'], prereqs: true });
    expect(ids(s.here)).toEqual(expect.arrayContaining(['runai.prereqs.registry-k8s-io', 'runai.prereqs.gcr-io', 'runai.prereqs.quay-io', 'runai.prereqs.docker-io', 'runai.prereqs.registry-1-docker-io']));
  });
});

describe('select: workload', () => {
  const arc = (workload?: string): string[] => ids(run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'eastus', ...(workload ? { workload } : {}) }).here);
  it('training-only rules are left out for inference', () => {
    expect(arc('inference')).not.toContain('azureml-arc.http.archive-ubuntu-com');
    expect(arc('inference')).not.toContain('azureml-arc.http.ppa-launchpad-net');
  });
  it('training and both keep them', () => {
    expect(arc('training')).toContain('azureml-arc.http.archive-ubuntu-com');
    expect(arc()).toContain('azureml-arc.http.ppa-launchpad-net');
  });
  it('pypi.org: the broader condition wins, both documents cited', () => {
    expect(arc('inference')).toContain('azureml-arc.https.pypi-org');
    const pypi = catalog.rules.find((rule) => rule.id === 'azureml-arc.https.pypi-org');
    expect(pypi?.when).toEqual({});
    expect(pypi?.sources.map((source) => source.doc)).toEqual(['azureml-arc-network-requirements.md', 'azureml-arc-endpoint-list.md']);
    expect(pypi?.sources[0]?.says).toMatch(/inferencing/);
  });
});

describe('select: region templates', () => {
  it('region and region code from the table', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'westeurope' });
    const hosts = s.here.map((r) => r.host);
    expect(hosts).toEqual(expect.arrayContaining(['westeurope.api.azureml.ms', 'weu.his.arc.azure.com', 'westeurope.dp.kubernetesconfiguration.azure.com']));
    expect(byId(s.here, 'azureml-arc.https.region-api-azureml-ms')[0]?.pattern).toBe('{region}.api.azureml.ms');
  });
  it('a region outside the table with --region-code', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'westus3', 'region-code': 'wus3' });
    expect(s.here.map((r) => r.host)).toEqual(expect.arrayContaining(['westus3.api.azureml.ms', 'wus3.his.arc.azure.com']));
  });
  it('no region: the region rules are input.missing naming --region', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'] });
    const [api] = byId(s.here, 'azureml-arc.https.region-api-azureml-ms');
    expect(api).toMatchObject({ host: '<region>.api.azureml.ms', pattern: '{region}.api.azureml.ms', unresolved: { cause: 'input.missing' } });
    expect(api?.unresolved?.detail).toMatch(/--region/);
    expect(byId(s.here, 'azure-arc.https.region-code-his-arc-azure-com')[0]?.unresolved?.cause).toBe('input.missing');
  });
});

describe('select: wildcards', () => {
  it('a given concrete name becomes the target, the pattern kept', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'eastus', wildcard: ['*.azurecr.io=myacr.azurecr.io', '*.azurecr.io=other.azurecr.io'] });
    expect(byId(s.here, 'azureml-arc.https.wildcard-azurecr-io').map((r) => [r.host, r.pattern, r.unresolved])).toEqual([
      ['myacr.azurecr.io', '*.azurecr.io', undefined],
      ['other.azurecr.io', '*.azurecr.io', undefined],
    ]);
  });
  it('a wildcard with a template resolves through its filled pattern', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'eastus', wildcard: ['*.workspace.eastus.api.azureml.ms=ws1.workspace.eastus.api.azureml.ms'] });
    expect(byId(s.here, 'azureml-arc.https.wildcard-workspace-region-api-azureml-ms').map((r) => r.host)).toEqual(['ws1.workspace.eastus.api.azureml.ms']);
  });
  it('names the catalog knows to be real are used', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'eastus' });
    expect(byId(s.here, 'azureml-arc.https.wildcard-quay-io').map((r) => r.host)).toEqual(['cdn.quay.io', 'cdn01.quay.io', 'cdn02.quay.io', 'cdn03.quay.io']);
  });
  it('no name: input.wildcard-unresolved, host = the pattern; mid-name wildcards kept as written', () => {
    const s = run({ product: ['azureml-arc'], role: ['k8s-node'], region: 'eastus' });
    expect(byId(s.here, 'azureml-arc.https.wildcard-azurecr-io')[0]).toMatchObject({ host: '*.azurecr.io', pattern: '*.azurecr.io', unresolved: { cause: 'input.wildcard-unresolved' } });
    expect(byId(s.here, 'azureml-arc.https.wildcard-hcp-wildcard-azmk8s-io')[0]?.host).toBe('*.hcp.*.azmk8s.io');
  });
});

describe('select: guidance and retired rules', () => {
  it('guidance rules are included as written, never unresolved', () => {
    const s = run({ product: ['runai', 'azureml-arc'], role: ['k8s-node'] });
    for (const id of ['runai.internal.node-to-node', 'azure-arc.network-requirements']) {
      const [rule] = byId(s.here, id);
      expect(rule?.rule.check).toBe('guidance');
      expect(rule?.unresolved).toBeUndefined();
    }
  });
  it('a retired host stays, marked so', () => {
    const [rule] = byId(run({ product: ['azureml-arc'], role: ['k8s-node'] }).here, 'azureml-arc.https.apt-dockerproject-org');
    expect(rule?.rule.retired?.reason).toMatch(/Docker/);
  });
});
