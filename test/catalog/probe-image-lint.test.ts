import { describe, expect, it } from 'vitest';
import { dataFiles } from '../../src/data/embedded.js';
import { formatIssue, parseCatalog, readImageRef } from '../../src/catalog/index.js';

const regions = dataFiles('catalog').filter((file) => file.path === 'catalog/regions.yaml');
const withRules = (text: string) => parseCatalog([...regions, { path: 'catalog/site.yaml', text }]);

function registryRule(id: string, host: string, probe: string): string {
  return `
- id: ${id}
  product: runai
  section: install
  direction: outbound
  from: [k8s-node]
  to: { host: "${host}", port: 443, scheme: https }
  purpose: Pull images
  check: registry-v2
${probe}  sources: [{ doc: runai-network-requirements.md }]
`;
}

const probe = (ref: string, extra = '') => `  probeImage:\n    ref: ${ref}\n    source: https://example.org/tags\n${extra}`;

describe('follow-the-pull 2: every registry rule names a probe image of its registry', () => {
  it('follow-the-pull 2: a registry-v2 rule without probeImage is an issue naming the file and the rule', () => {
    const { issues } = withRules(registryRule('site.registry', 'registry.example.com', ''));
    expect(issues.map(formatIssue)).toEqual([
      'catalog/site.yaml: rule #0 (site.registry): probeImage: expected a probe image on a registry-v2 rule: { ref: a small image this registry serves, source: the page that shows it exists }',
    ]);
  });

  it('follow-the-pull 2: a bad reference is an issue at its line, saying what was expected', () => {
    const { issues } = withRules(registryRule('site.registry', 'registry.example.com', probe('registry.example.com/Pause:3.10')));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'catalog/site.yaml', rule: '#0 (site.registry)', path: 'probeImage.ref', line: 11 });
    expect(issues[0]?.message).toMatch(/must be lower case/);
  });

  it('follow-the-pull 2: an image of another registry is an issue; a name the wildcard covers, Docker Hub\'s short names and needsCredentials pass', () => {
    const text = [
      registryRule('site.other', 'registry.example.com', probe('quay.io/prometheus/busybox:latest')),
      registryRule('site.acr', '*.azurecr.io', probe('myacr.azurecr.io/app:1', '    needsCredentials: true\n')),
      registryRule('site.hub', 'registry-1.docker.io', probe('hello-world:latest')),
    ].join('');
    const { issues } = withRules(text);
    expect(issues.map(formatIssue)).toEqual([
      "catalog/site.yaml: rule #0 (site.other): probeImage.ref: 'quay.io/prometheus/busybox:latest' is an image of quay.io, not of this rule's registry registry.example.com",
    ]);
  });

  it('follow-the-pull 2: a probe image on a rule of another check, or without its source page, is an issue', () => {
    const other = registryRule('site.web', 'web.example.com', probe('web.example.com/app:1')).replace('check: registry-v2', 'check: https-reachable');
    const noSource = registryRule('site.registry', 'registry.example.com', '  probeImage: { ref: registry.example.com/app:1 }\n');
    const { issues } = withRules(other + noSource);
    expect(issues.map((i) => [i.rule, i.path])).toEqual([
      ['#1 (site.registry)', 'probeImage.source'],
      ['#0 (site.web)', 'probeImage'],
    ]);
  });

  it('follow-the-pull 2: the built-in catalog names a valid probe image, with an https source, on each of its registry rules', () => {
    const { catalog, issues } = parseCatalog(dataFiles('catalog'));
    expect(issues.map(formatIssue)).toEqual([]);
    const registries = catalog.rules.filter((rule) => rule.check === 'registry-v2');
    expect(registries.length).toBeGreaterThanOrEqual(14);
    for (const rule of registries) {
      expect(rule.probeImage?.source, rule.id).toMatch(/^https:\/\//);
      expect(readImageRef(rule.probeImage?.ref ?? ''), rule.id).toHaveProperty('ref');
    }
    expect(Object.fromEntries(registries.map((rule) => [rule.to.host, rule.probeImage?.ref]))).toMatchObject({
      'registry.k8s.io': 'registry.k8s.io/pause:3.10',
      'registry-1.docker.io': 'docker.io/library/hello-world:latest',
      'mcr.microsoft.com': 'mcr.microsoft.com/oss/kubernetes/pause:3.6',
    });
  });
});
