import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAnswers, topologyFromFlags, TopologyError } from '../../src/topology/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const error = (path: string): string => {
  try {
    loadAnswers(path);
  } catch (e: unknown) {
    expect(e).toBeInstanceOf(TopologyError);
    return (e as Error).message;
  }
  throw new Error('expected a TopologyError');
};

describe('loadAnswers', () => {
  it('reads YAML', () => {
    const path = file('site.yaml', 'products: [azureml-arc]\nroles: [k8s-node]\nregion: { name: eastus }\nwildcards:\n  "*.azurecr.io": [acr.azurecr.io]\n');
    expect(loadAnswers(path)).toMatchObject({ products: ['azureml-arc'], region: { name: 'eastus', code: 'eus' }, wildcards: { '*.azurecr.io': ['acr.azurecr.io'] } });
  });

  it('reads JSON, and flags still override it', () => {
    const path = file('site.json', JSON.stringify({ products: ['runai'], roles: ['installer'], bcm: { headnodes: ['bcm01'] } }));
    const answers = loadAnswers(path);
    expect(answers.bcm).toEqual({ enabled: true, headnodes: ['bcm01'] });
    expect(topologyFromFlags({ role: ['k8s-node'] }, answers).roles).toEqual(['k8s-node']);
  });

  it('a JSON file is read natively and its errors still name the line; broken JSON is reported as YAML would', () => {
    const json = '{\n  "products": ["runai"],\n  "roles": ["installer"],\n  "workload": "batch"\n}\n';
    expect(error(file('bad.json', json))).toContain("bad.json:4: field 'workload'");
    expect(error(file('broken.json', '{\n  "products": ["runai",\n'))).toMatch(/broken\.json:\d+: not valid YAML or JSON/);
  });

  it('names the file, the field, what was expected and the line', () => {
    const message = error(file('bad.yaml', 'products: [runai]\nroles: [installer]\nworkload: batch\n'));
    expect(message).toContain('bad.yaml:3: field \'workload\'');
    expect(message).toMatch(/training|inference|both/);
    expect(error(file('unknown.yaml', 'products: [runai]\nroles: [installer]\nflavour: x\n'))).toMatch(/Unrecognized key.*flavour/);
    expect(error(file('missing.yaml', 'roles: [installer]\n'))).toMatch(/missing\.yaml:1: field 'products'/);
  });

  it('region outside the table, bad proxy, bad YAML, not a mapping, no file', () => {
    expect(error(file('region.yaml', 'products: [azureml-arc]\nroles: [k8s-node]\nregion:\n  name: westus3\n'))).toMatch(/region\.yaml:4: field 'region\.name'.*region table/);
    expect(error(file('proxy.yaml', 'products: [runai]\nroles: [installer]\nproxy: { url: "not a url" }\n'))).toMatch(/proxy\.yaml:3: field 'proxy\.url'.*not a valid URL/);
    expect(error(file('syntax.yaml', 'products: [runai\n'))).toMatch(/syntax\.yaml:\d+: not valid YAML/);
    expect(error(file('list.yaml', '- runai\n'))).toMatch(/expected a mapping/);
    expect(error(join(dir, 'absent.yaml'))).toMatch(/absent\.yaml: cannot read the answers file \(ENOENT\)/);
  });
});
