import { describe, expect, it } from 'vitest';
import { chooseEdition, EditionError, editionChanges, parseCatalog, select } from '../../src/catalog/index.js';
import { Topology } from '../../src/topology/index.js';

const rule = (id: string, host: string, editions?: string[]): string => `- id: ${id}
  product: runai
  section: s
  direction: outbound
  from: [k8s-node]
  to: { host: ${host}, port: 443, scheme: https }
  purpose: p
  sources: [{ doc: d }]
${editions !== undefined ? `  editions: [${editions.join(', ')}]\n` : ''}`;

const EDITIONS = `runai:
  - { id: runai-old, title: Old, versions: ["2.17", "2.18"], sources: [{ doc: old.md }] }
  - { id: runai-new, title: New, versions: ["2.21", "2.22"], sources: [{ doc: https://example.com/new }] }
azureml-arc:
  - { id: azureml-arc-reference, title: Ref, versions: [], sources: [{ doc: ref.md }] }
`;

const REGIONS = 'source: [{ doc: regions.md }]\nregions: [{ name: eastus, code: eus, display: East US }]\n';

function catalogOf(rules: string, editions = EDITIONS) {
  return parseCatalog([{ path: 'catalog/runai.yaml', text: rules }, { path: 'catalog/editions.yaml', text: editions }, { path: 'catalog/regions.yaml', text: REGIONS }]);
}

const site = (versions?: Record<string, string>): Topology => Topology.parse({ products: ['runai'], roles: ['k8s-node'], ...(versions ? { versions } : {}) });

describe('editions', () => {
  const { catalog, issues } = catalogOf(rule('runai.jfrog', 'runai.jfrog.io') + rule('runai.old-only', 'old.example.com', ['runai-old']) + rule('runai.nvcr', 'nvcr.io', ['runai-new']));

  it('editions 1: a rule without editions belongs to every one; the others only to those they name', () => {
    expect(issues).toEqual([]);
    const hosts = (versions?: Record<string, string>): string[] => select(catalog, site(versions)).here.map((r) => r.host).sort();
    expect(hosts({ runai: '2.18' })).toEqual(['old.example.com', 'runai.jfrog.io']);
    expect(hosts({ runai: '2.22.1' })).toEqual(['nvcr.io', 'runai.jfrog.io']);
    expect(hosts()).toEqual(['nvcr.io', 'runai.jfrog.io']);
    expect(hosts({ runai: 'runai-old' })).toEqual(['old.example.com', 'runai.jfrog.io']);
  });

  it('editions 2: no version is the newest; a version newer than any listed is the newest, and says so; an older unknown one is refused', () => {
    expect(chooseEdition(catalog, 'runai', undefined)).toMatchObject({ edition: { id: 'runai-new' } });
    expect(chooseEdition(catalog, 'runai', '2.30')).toMatchObject({ edition: { id: 'runai-new' }, newerThanKnown: true });
    expect(() => chooseEdition(catalog, 'runai', '2.19')).toThrow(EditionError);
    expect(() => chooseEdition(catalog, 'runai', 'runai-nope')).toThrow(/neither a runai version nor one of its editions/);
  });

  it('editions 2: the changes between two editions: what to add and what may go', () => {
    const changes = editionChanges(catalog, 'runai-old', 'runai-new');
    expect(changes.add.map((r) => r.host)).toEqual(['nvcr.io']);
    expect(changes.remove.map((r) => r.host)).toEqual(['old.example.com']);
    expect(() => editionChanges(catalog, 'runai-old', 'azureml-arc-reference')).toThrow(/one product/);
  });

  it('editions 1: a rule naming an edition its product lacks is a catalog issue, with the file and the rule', () => {
    const bad = catalogOf(rule('runai.x', 'x.example.com', ['runai-nope']));
    expect(bad.issues.map((i) => `${i.file} ${i.path}: ${i.message}`)).toEqual([
      "catalog/runai.yaml editions: 'runai-nope' is not an edition of runai in catalog/editions.yaml (known: runai-old, runai-new)",
    ]);
  });
});

describe('the Azure Arc gateway', () => {
  it('editions 1: with --arc-gateway the gateway replaces most of the Arc list; without it, the list stands and no gateway is checked', async () => {
    const { loadCatalog } = await import('../../src/catalog/index.js');
    const { topologyFromFlags } = await import('../../src/topology/index.js');
    const real = loadCatalog();
    const hosts = (extra: Record<string, string>): string[] =>
      select(real, topologyFromFlags({ product: ['azureml-arc'], role: ['k8s-node'], region: 'eastus', ...extra })).here.map((r) => r.host);
    const through = hosts({ 'arc-gateway': 'abc123.gw.arc.azure.com' });
    expect(through).toEqual(expect.arrayContaining(['abc123.gw.arc.azure.com', 'management.azure.com', 'mcr.microsoft.com', 'gbl.his.arc.azure.com']));
    expect(through.some((h) => h.includes('servicebus') || h.includes('guestnotificationservice'))).toBe(false);
    const direct = hosts({});
    expect(direct.some((h) => h.endsWith('.gw.arc.azure.com') || h.includes('arc-gateway'))).toBe(false);
    expect(direct).toContain('sts.windows.net');
  });
});
