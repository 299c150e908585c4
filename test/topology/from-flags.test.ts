import { describe, expect, it } from 'vitest';
import { expandRoles, parseWildcardFlags, topologyFromFlags, TopologyError, type TopologyFlags } from '../../src/topology/index.js';

const base: TopologyFlags = { product: ['runai'], role: ['installer'] };
const fails = (flags: TopologyFlags): string => {
  try {
    topologyFromFlags(flags);
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(TopologyError);
    return (error as Error).message;
  }
  throw new Error('expected a TopologyError');
};

describe('topologyFromFlags', () => {
  it('builds a topology with defaults', () => {
    expect(topologyFromFlags(base)).toEqual({
      products: ['runai'], roles: ['installer'], bcm: { enabled: false, headnodes: [] }, controlPlane: { coLocated: false },
      workload: 'both', wildcards: {}, prereqs: false,
    });
  });

  it('reads every site flag', () => {
    const t = topologyFromFlags({
      product: ['runai', 'azureml-arc'], role: ['system-node', 'installer'], headnode: ['bcm01'], 'control-plane': 'cp.example.test',
      'co-located': true, workload: 'inference', region: 'EastUS', prereqs: true, proxy: 'http://user:pw@proxy.example.test:3128',
      'no-proxy': '.corp', cni: 'calico', wildcard: ['*.azurecr.io=a.azurecr.io'],
    });
    expect(t).toMatchObject({
      bcm: { enabled: true, headnodes: ['bcm01'] }, controlPlane: { fqdn: 'cp.example.test', coLocated: true }, workload: 'inference',
      region: { name: 'eastus', code: 'eus' }, prereqs: true, proxy: { url: 'http://user:pw@proxy.example.test:3128', noProxy: '.corp' },
      cni: 'calico', wildcards: { '*.azurecr.io': ['a.azurecr.io'] },
    });
  });

  it('flags override a base; wildcards merge', () => {
    const t = topologyFromFlags({ role: ['k8s-node'], wildcard: ['*.azurecr.io=b.azurecr.io'] }, {
      products: ['azureml-arc'], roles: ['installer'], workload: 'training', wildcards: { '*.azurecr.io': ['a.azurecr.io'] },
    });
    expect(t).toMatchObject({ products: ['azureml-arc'], roles: ['k8s-node'], workload: 'training', wildcards: { '*.azurecr.io': ['a.azurecr.io', 'b.azurecr.io'] } });
  });

  it('missing --product or --role lists the values', () => {
    expect(fails({ role: ['installer'] })).toMatch(/--product.*runai \| azureml-arc/);
    expect(fails({ product: ['runai'] })).toMatch(/--role.*installer \| k8s-node \| system-node \| bcm-headnode \| workstation/);
    expect(fails({ ...base, role: ['admin'] })).toMatch(/--role 'admin'.*expected one of/);
    expect(fails({ ...base, workload: 'batch' })).toMatch(/--workload 'batch'/);
  });

  it('a region outside the table needs --region-code; the error names the table', () => {
    expect(fails({ ...base, region: 'westus3' })).toMatch(/westus3.*not in the region table \(catalog\/regions\.yaml/);
    expect(topologyFromFlags({ ...base, region: 'westus3', 'region-code': 'wus3' }).region).toEqual({ name: 'westus3', code: 'wus3' });
    expect(fails({ ...base, 'region-code': 'wus3' })).toMatch(/--region-code needs --region/);
    expect(fails({ ...base, region: 'east us' })).toMatch(/--region/);
  });

  it('a proxy URL that does not parse is an error, and its password is not echoed', () => {
    const message = fails({ ...base, proxy: 'http//user:secret@proxy:3128' });
    expect(message).toMatch(/--proxy.*not a valid URL/);
    expect(message).not.toMatch(/secret/);
    expect(fails({ ...base, proxy: 'ftp://proxy:21' })).toMatch(/not an HTTP proxy URL/);
    expect(fails({ ...base, 'no-proxy': '.corp' })).toMatch(/--no-proxy needs a proxy/);
  });
});

describe('parseWildcardFlags', () => {
  it('pairs patterns with names, templates standing for one label', () => {
    expect(parseWildcardFlags(['*.azurecr.io=MyAcr.azurecr.io', '*.workspace.{region}.api.azureml.ms=w.workspace.eastus.api.azureml.ms'])).toEqual({
      '*.azurecr.io': ['myacr.azurecr.io'],
      '*.workspace.{region}.api.azureml.ms': ['w.workspace.eastus.api.azureml.ms'],
    });
    expect(parseWildcardFlags(['*.hcp.*.azmk8s.io=x.hcp.eastus.azmk8s.io'])).toEqual({ '*.hcp.*.azmk8s.io': ['x.hcp.eastus.azmk8s.io'] });
  });
  it.each([
    ['myacr.azurecr.io', /PATTERN=HOST/],
    ['azurecr.io=myacr.azurecr.io', /not a wildcard/],
    ['*.azurecr.io=*.azurecr.io', /concrete/],
    ['*.azurecr.io=myacr.example.com', /not covered/],
  ])('rejects %s', (value, message) => {
    expect(() => parseWildcardFlags([value])).toThrow(message);
  });
});

describe('expandRoles', () => {
  it('adds k8s-node to system-node, once, in order', () => {
    expect(expandRoles(['system-node'])).toEqual(['system-node', 'k8s-node']);
    expect(expandRoles(['k8s-node', 'system-node', 'installer'])).toEqual(['k8s-node', 'system-node', 'installer']);
    expect(expandRoles(['workstation'])).toEqual(['workstation']);
  });
});
