import { describe, expect, it } from 'vitest';
import { dataFiles } from '../../src/data/embedded.js';
import { CatalogError, formatIssue, loadCatalog, parseCatalog, type CatalogIssue } from '../../src/catalog/index.js';

const regions = dataFiles('catalog').filter((file) => file.path === 'catalog/regions.yaml');
const withRules = (text: string, path = 'catalog/bad.yaml') => parseCatalog([...regions, { path, text }]);

const GOOD = `
- id: runai.registry
  product: runai
  section: install
  direction: outbound
  from: [k8s-node]
  to: { host: runai.jfrog.io, port: 443, scheme: https }
  purpose: Pull images
  sources: [{ doc: runai-network-requirements.md }]
`;

function find(issues: readonly CatalogIssue[], path: string): CatalogIssue | undefined {
  return issues.find((issue) => issue.path === path);
}

describe('parseCatalog', () => {
  it('loads the built-in catalog without an issue', () => {
    const { catalog, issues } = parseCatalog(dataFiles('catalog'));
    expect(issues.map(formatIssue)).toEqual([]);
    expect(catalog.rules.length).toBeGreaterThan(50);
    expect(catalog.regions.find((region) => region.name === 'eastus')?.code).toBe('eus');
    expect(catalog.version).toMatch(/^sha256:[0-9a-f]{12}$/);
  });

  it('accepts a good rule and normalises its port and transport', () => {
    const { catalog, issues } = withRules(GOOD);
    expect(issues).toEqual([]);
    expect(catalog.rules[0]?.to).toEqual({ host: 'runai.jfrog.io', port: { from: 443, to: 443 }, scheme: 'https', transport: 'tcp' });
  });

  it('names the file, the rule (index and id), the field and what was expected, for every bad rule', () => {
    const text = `${GOOD}
- id: runai.bad-port
  product: runai
  section: install
  direction: outbound
  from: [k8s-node]
  to: { host: x.example, port: 70000-1, scheme: https }
  purpose: p
  sources: [{ doc: d }]
- product: nobody
  section: s
  direction: sideways
  from: [k8s-node]
  to: { host: y.example, port: 443, scheme: https }
  purpose: p
  sources: [{ doc: d }]
`;
    const { catalog, issues } = withRules(text);
    expect(catalog.rules.map((rule) => rule.id)).toEqual(['runai.registry']);
    const port = find(issues, 'to.port');
    expect(port).toMatchObject({ file: 'catalog/bad.yaml', rule: '#1 (runai.bad-port)' });
    expect(port?.line).toBe(16);
    const product = find(issues, 'product');
    expect(product).toMatchObject({ file: 'catalog/bad.yaml', rule: '#2' });
    expect(product?.message).toMatch(/runai/);
    expect(find(issues, 'direction')?.message).toMatch(/outbound/);
    expect(find(issues, 'id')?.rule).toBe('#2');
  });

  it('reports YAML syntax errors with their line, and a file that is not a list', () => {
    expect(withRules('- id: [unclosed\n').issues[0]).toMatchObject({ file: 'catalog/bad.yaml', line: expect.any(Number) as number });
    expect(withRules('id: x\n').issues[0]?.message).toMatch(/list of rules/);
  });

  it('rejects duplicate ids, unknown templates, unmerged duplicates and stray known names', () => {
    const twin = GOOD.replace('runai.registry', 'runai.registry-twin');
    const text = `${GOOD}${GOOD}${twin}${GOOD.replace('runai.registry', 'runai.templated').replace('runai.jfrog.io', '"{nowhere}.example"')}${GOOD.replace('runai.registry', 'runai.known').replace('purpose:', 'known: { names: [a.example], reference: r }\n  purpose:')}`;
    const messages = withRules(text).issues.map(formatIssue);
    expect(messages.some((m) => /rule #1 \(runai\.registry\): id: expected a unique id/.test(m))).toBe(true);
    expect(messages.some((m) => /runai\.registry-twin.*expected one rule per endpoint/.test(m))).toBe(true);
    expect(messages.some((m) => /unknown template \{nowhere\}/.test(m))).toBe(true);
    expect(messages.some((m) => /known names only on a wildcard/.test(m))).toBe(true);
  });

  it('checks the region table too', () => {
    const { issues } = parseCatalog([{ path: 'catalog/regions.yaml', text: 'regions: [{ name: eastus }]\n' }, { path: 'catalog/x.yaml', text: GOOD }]);
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['source', 'regions[0].code']));
  });

  it('leaves files that are not rules alone', () => {
    const { issues } = parseCatalog([...regions, { path: 'catalog/remediations.yaml', text: 'dns.nxdomain: {}\n' }, { path: 'catalog/x.yaml', text: GOOD }]);
    expect(issues).toEqual([]);
  });

  it('loadCatalog returns the built-in catalog; CatalogError carries every issue', () => {
    expect(loadCatalog().rules.length).toBeGreaterThan(50);
    const error = new CatalogError(withRules('- {}\n').issues);
    expect(error.issues.length).toBeGreaterThan(3);
    expect(error.message).toMatch(/catalog\/bad\.yaml:1: rule #0: id:/);
  });
});
