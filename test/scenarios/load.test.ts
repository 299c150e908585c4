import { describe, expect, it } from 'vitest';
import { topologyFromFlags } from '../../src/topology/index.js';
import {
  compareExpectations,
  findScenario,
  formatMismatches,
  loadScenarioFile,
  loadScenarios,
  parseScenario,
  ScenarioError,
  SiteSpec,
  startScenarioSite,
  type ObservedFinding,
} from '../../src/sim/index.js';

const MINIMAL = `name: tiny
title: A tiny site
description: One registry, healthy.
topology: { products: [runai], roles: [k8s-node] }
`;

function errorsOf(text: string, source = 'scenarios/x.yaml'): readonly string[] {
  const parsed = parseScenario(text, source);
  return parsed.ok ? [] : parsed.errors;
}

describe('parseScenario', () => {
  it('a minimal scenario: the site defaults to the healthy internet, nothing expected', () => {
    const parsed = parseScenario(MINIMAL, 'scenarios/tiny.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario).toMatchObject({ name: 'tiny', source: 'scenarios/tiny.yaml', expect: {}, topology: { products: ['runai'] } });
    expect(parsed.scenario.site).toEqual(SiteSpec.parse({}));
  });

  it.each([
    ['a YAML syntax error, with its line', `${MINIMAL}site: {hosts: [\n`, /^scenarios\/x\.yaml:\d+: not valid YAML/],
    ['a bad site behaviour, with the line and the field path', `${MINIMAL}site:\n  hosts:\n    a.example:\n      dns: bogus\n`, /^scenarios\/x\.yaml:8: site\.hosts\.a\.example\.dns: /],
    ['a bad port behaviour', `${MINIMAL}site:\n  hosts:\n    a.example:\n      ports: { 443: sometimes }\n`, /^scenarios\/x\.yaml:8: site\.hosts\.a\.example\.ports\.443: /],
    ['an unknown role in the topology', MINIMAL.replace('roles: [k8s-node]', 'roles: [k8s-nod]'), /^scenarios\/x\.yaml:4: topology\.roles\.0: /],
    ['an unknown cause code', `${MINIMAL}expect:\n  runai.registry: { status: fail, cause: dns.nxdomian }\n`, /^scenarios\/x\.yaml:\d+: expect\.runai\.registry\.cause: 'dns\.nxdomian' is not a cause code/],
    ['root-causes 1: an unknown root-cause code', `${MINIMAL}rootCauses:\n  - { code: root.dns-broken }\n`, /^scenarios\/x\.yaml:6: rootCauses\.0\.code: 'root\.dns-broken' is not a root-cause code/],
    ['root-causes 1: an explains key that is neither a rule id nor host:port', `${MINIMAL}rootCauses:\n  - { code: root.clock-wrong, explains: [gcr] }\n`, /^scenarios\/x\.yaml:\d+: rootCauses\.0\.explains\.0: /],
    ['a pass with a cause', `${MINIMAL}expect:\n  runai.registry: { status: pass, cause: dns.nxdomain }\n`, /expect\.runai\.registry\.cause: a pass has no cause/],
    ['a fail without a cause', `${MINIMAL}expect:\n  pypi.org:443: { status: fail }\n`, /expect\.pypi\.org:443\.cause: a fail names its cause/],
    ['an unknown top-level field', `${MINIMAL}sites: {}\n`, /^scenarios\/x\.yaml:1: \(top level\): .*"sites"/],
    ['a missing field', MINIMAL.replace('title: A tiny site\n', ''), /^scenarios\/x\.yaml:1: title: /],
  ])('%s', (_name, text, pattern) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => pattern.test(e)), errors.join('\n')).toBe(true);
  });
});

describe('loading', () => {
  it('a built-in scenario must be named after its file; the others still load', () => {
    const { scenarios, errors } = loadScenarios([
      { path: 'scenarios/tiny.yaml', text: MINIMAL },
      { path: 'scenarios/other.yaml', text: MINIMAL },
    ]);
    expect(scenarios.map((s) => s.name)).toEqual(['tiny']);
    expect(errors).toEqual([`scenarios/other.yaml: name: 'tiny' must be the file's name, 'other'`]);
  });

  it('an unknown name lists the built-in ones', () => {
    expect(() => findScenario('nope')).toThrow(ScenarioError);
    expect(() => findScenario('nope')).toThrow(/no scenario named 'nope'.*healthy-direct/);
  });

  it('a missing file says so, with its path', () => {
    expect(() => loadScenarioFile('/nonexistent/site.yaml')).toThrow(/\/nonexistent\/site\.yaml: cannot read the scenario file \(ENOENT\)/);
  });
});

describe('the node proxy URL', () => {
  it('a URL naming the site proxy goes to the simulated one, with the credentials the node has', async () => {
    const spec = SiteSpec.parse({ proxy: { mode: 'auth', credentials: { user: 'svc', password: 'right' } } });
    const topology = topologyFromFlags({}, { products: ['runai'], roles: ['k8s-node'], proxy: { url: 'http://svc:wrong@proxy.corp.example:3128', noProxy: '.corp.example' } });
    const { site, topology: routed } = await startScenarioSite(spec, topology);
    try {
      const url = new URL(routed.proxy?.url ?? '');
      expect(url.hostname).toBe('127.0.0.1');
      expect(`${url.username}:${url.password}`).toBe('svc:wrong');
      expect(`http://127.0.0.1:${url.port}`).toBe(site.proxyEndpoint);
      expect(routed.proxy?.noProxy).toBe('.corp.example');
    } finally {
      await site.close();
    }
  });

  it('another proxy name is left as the node has it', async () => {
    const spec = SiteSpec.parse({ proxy: { mode: 'open' } });
    const topology = topologyFromFlags({}, { products: ['runai'], roles: ['k8s-node'], proxy: { url: 'http://other-proxy.corp.example:8080' } });
    const { site, topology: routed } = await startScenarioSite(spec, topology);
    await site.close();
    expect(routed.proxy?.url).toBe('http://other-proxy.corp.example:8080');
  });
});

describe('expectations', () => {
  const finding = (host: string, port: number, ruleIds: string[], status: ObservedFinding['status'], cause?: string): ObservedFinding => ({
    ruleIds,
    target: { host, port },
    status,
    ...(cause !== undefined ? { cause } : {}),
  });
  const findings = [
    finding('cdn.quay.io', 443, ['runai.prereqs.quay-io-cdn'], 'fail', 'proxy.denied'),
    finding('cdn01.quay.io', 443, ['runai.prereqs.quay-io-cdn'], 'pass'),
    finding('pypi.org', 443, ['x.pypi'], 'fail', 'dns.nxdomain'),
    finding('quay.io', 443, ['runai.prereqs.quay-io'], 'pass'),
    finding('*.azurecr.io', 443, ['x.acr'], 'skip', 'input.wildcard-unresolved'),
  ];

  it('a rule id names every finding it has; host:port names one; unlisted findings must pass or skip', () => {
    const mismatches = compareExpectations(
      {
        'runai.prereqs.quay-io-cdn': { status: 'fail', cause: 'proxy.denied' },
        'quay.io:443': { status: 'pass' },
        'gcr.io:443': { status: 'pass' },
      },
      findings,
    );
    expect(mismatches).toEqual([
      { key: 'runai.prereqs.quay-io-cdn', target: 'cdn01.quay.io:443', rules: ['runai.prereqs.quay-io-cdn'], expected: 'fail proxy.denied', got: 'pass' },
      { key: 'gcr.io:443', target: 'gcr.io:443', rules: [], expected: 'pass', got: '(no finding)' },
      { key: 'pypi.org:443', target: 'pypi.org:443', rules: ['x.pypi'], expected: 'pass or skip (unlisted)', got: 'fail dns.nxdomain' },
    ]);
  });

  it('the diff is a table of expected against got, one row per target', () => {
    const text = formatMismatches('demo', compareExpectations({ 'quay.io:443': { status: 'fail', cause: 'tcp.timeout' } }, findings));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('scenario demo: 3 findings differ from its expectations');
    expect(lines[1]).toMatch(/^ {2}TARGET +RULES +EXPECTED +GOT$/);
    expect(lines[2]).toMatch(/^ {2}quay\.io:443 +runai\.prereqs\.quay-io +fail tcp\.timeout +pass$/);
    expect(formatMismatches('demo', [])).toBe('scenario demo: every expectation holds\n');
  });
});
