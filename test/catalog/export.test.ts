import { describe, expect, it } from 'vitest';
import {
  csvField,
  fillTemplate,
  listingFromCatalog,
  loadCatalog,
  parseCatalog,
  renderCsv,
  renderJson,
  renderMarkdown,
  renderSquid,
  renderTable,
  squidRegex,
  templatesIn,
  wildcardMatches,
} from '../../src/catalog/index.js';

const rule = (id: string, host: string, port: number | string, scheme: string, extra = ''): string => `
- id: test.${id}
  product: runai
  section: s
  direction: outbound
  from: [k8s-node]
  to: { host: "${host}", port: ${port}, scheme: ${scheme}${extra} }
  purpose: "p, with a comma and a \\"quote\\""
  sources: [{ doc: d }]
`;

function listing(text: string) {
  const { catalog, issues } = parseCatalog([{ path: 'catalog/t.yaml', text }, { path: 'catalog/regions.yaml', text: 'source: [{doc: d}]\nregions: [{ name: eastus, code: eus, display: East US }]\n' }]);
  expect(issues).toEqual([]);
  return listingFromCatalog(catalog.rules, catalog.version);
}

describe('templates and wildcards', () => {
  it.each([
    ['*.azurecr.io', 'acr.azurecr.io', true],
    ['*.azurecr.io', 'a.b.azurecr.io', true],
    ['*.azurecr.io', 'azurecr.io', false],
    ['*.hcp.*.azmk8s.io', 'x.hcp.eastus.azmk8s.io', true],
    ['*.hcp.*.azmk8s.io', 'x.hcp.east.us.azmk8s.io', false],
    ['*.pkg.dev', 'us-docker.pkg.dev', true],
  ])('%s covers %s: %s', (pattern, host, covered) => {
    expect(wildcardMatches(pattern, host)).toBe(covered);
  });
  it('fills the templates it has values for and names the others', () => {
    expect(templatesIn('*.workspace.{region}.api.azureml.ms')).toEqual(['region']);
    expect(fillTemplate('{regionCode}.his.{region}', { region: 'eastus' })).toEqual({ host: '{regionCode}.his.eastus', missing: ['regionCode'] });
  });
});

describe('squid', () => {
  it('turns wildcards into dstdomain suffixes or POSIX regexes', () => {
    expect(squidRegex('*.hcp.*.azmk8s.io')).toBe('^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.hcp\\.[a-z0-9-]+\\.azmk8s\\.io$');
    const out = renderSquid(listing(rule('a', '*.quay.io', 443, 'https') + rule('b', 'quay.io', 443, 'https') + rule('c', 'cdn.quay.io', 443, 'https') + rule('d', 'x.example', 80, 'http')));
    const acl = out.text.split('\n').filter((line) => line.startsWith('acl netreq_'));
    expect(acl).toEqual(['acl netreq_connect method CONNECT', 'acl netreq_tls_443_port port 443', 'acl netreq_tls_443 dstdomain .quay.io', 'acl netreq_http_80_port port 80', 'acl netreq_http_80 dstdomain x.example']);
  });
  it('leaves out what a proxy cannot carry and says why', () => {
    const out = renderSquid(listing(rule('t', '{region}.example', 443, 'https') + rule('u', 'u.example', 4789, 'udp', ', transport: udp')));
    expect(out.text).not.toMatch(/example/);
    expect(out.notes).toEqual([expect.stringMatching(/test\.t: \{region\}\.example is left out/), expect.stringMatching(/test\.u: .*UDP/)]);
  });
});

describe('csv, json, md, table', () => {
  it('csv quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(renderCsv(listing(rule('a', 'a.example', 443, 'https')))).toContain(',"p, with a comma and a ""quote""",');
  });
  it('json rows keep the fields and drop the export detail', () => {
    const rows = JSON.parse(renderJson(listing(rule('r', 'r.example', '30000-32767', 'tcp')))) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ id: 'test.r', host: 'r.example', port: '30000-32767', transport: 'tcp', scheme: 'tcp' });
    expect(rows[0]).not.toHaveProperty('proxyHost');
  });
  it('md escapes pipes; the table of the whole catalog fits 80 columns apart from unbreakable words', () => {
    expect(renderMarkdown(listing(rule('m', 'm.example', 443, 'https').replace('purpose: "p', 'purpose: "a|b')))).toContain('a\\|b');
    const table = renderTable(listingFromCatalog(loadCatalog().rules, 'v'));
    expect(table.split('\n').filter((line) => line.length > 80 && line.trim().includes(' '))).toEqual([]);
  });
});
