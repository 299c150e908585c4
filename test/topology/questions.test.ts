import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { Topology } from '../../src/topology/schema.js';
import {
  QUESTIONS,
  answersFileText,
  answersFromTopology,
  applyAnswers,
  askedQuestions,
  currentValue,
  describeAnswer,
  finishAnswers,
  questionById,
  validateAnswer,
  type Answers,
  type QuestionContext,
} from '../../src/topology/questions.js';
import { parse } from 'yaml';

const REGIONS = [
  { name: 'eastus', code: 'eus', display: 'East US' },
  { name: 'westeurope', code: 'weu', display: 'West Europe' },
];
const ctx: QuestionContext = { env: {}, regions: REGIONS };
const ids = (answers: Answers, c: QuestionContext = ctx) => askedQuestions(answers, c).map((q) => q.id);

describe('which questions are asked', () => {
  it.each<[string, Answers, string[]]>([
    ['Run:ai, no BCM, no proxy', { products: ['runai'], bcm: false, proxy: '' }, ['products', 'roles', 'bcm', 'controlPlaneMode', 'controlPlane', 'proxy', 'registryMirror', 'prereqs']],
    ['Run:ai with BCM', { products: ['runai'], bcm: true }, ['products', 'roles', 'bcm', 'headnodes', 'controlPlaneMode', 'controlPlane', 'proxy', 'registryMirror', 'prereqs']],
    ['Azure ML on Arc', { products: ['azureml-arc'], region: 'eastus' }, ['products', 'roles', 'proxy', 'registryMirror', 'workload', 'region', 'acr', 'storageAccount', 'keyVault']],
    ['Arc, a region outside the table', { products: ['azureml-arc'], region: 'other', regionName: 'japaneast' }, ['products', 'roles', 'proxy', 'registryMirror', 'workload', 'region', 'regionName', 'regionCode', 'acr', 'storageAccount', 'keyVault']],
    ['a proxy asks for NO_PROXY', { products: ['runai'], proxy: 'http://proxy:3128' }, ['products', 'roles', 'bcm', 'controlPlaneMode', 'controlPlane', 'proxy', 'noProxy', 'registryMirror', 'prereqs']],
    ['a mirror asks for its lines', { products: ['runai'], proxy: '', registryMirror: true }, ['products', 'roles', 'bcm', 'controlPlaneMode', 'controlPlane', 'proxy', 'registryMirror', 'mirrors', 'prereqs']],
  ])('%s', (_name, answers, expected) => {
    expect(ids(answers)).toEqual(expected);
  });

  it('asks nothing about BCM, the control plane or prerequisites for Azure ML alone, and nothing about regions for Run:ai alone', () => {
    expect(ids({ products: ['azureml-arc'], bcm: true })).not.toContain('headnodes');
    expect(ids({ products: ['runai'] })).not.toContain('region');
    expect(ids({ products: ['runai', 'azureml-arc'] })).toEqual(expect.arrayContaining(['bcm', 'region', 'workload', 'controlPlane']));
  });
});

describe('defaults', () => {
  it('reads the proxy and NO_PROXY from the environment, shows credentials masked', () => {
    const env = { https_proxy: 'http://alice:s3cret@proxy.corp:3128', NO_PROXY: '.corp,10.0.0.0/8' };
    const c = { ...ctx, env };
    const proxy = questionById('proxy');
    expect(currentValue(proxy, {}, c)).toBe('http://alice:s3cret@proxy.corp:3128');
    expect(describeAnswer(proxy, {}, c)).toBe('http://alice:***@proxy.corp:3128');
    expect(currentValue(questionById('noProxy'), { proxy: 'http://proxy:1' }, c)).toBe('.corp,10.0.0.0/8');
  });

  it('prefers HTTPS_PROXY over HTTP_PROXY and keeps an answer over the environment', () => {
    const c = { ...ctx, env: { HTTP_PROXY: 'http://h:1', HTTPS_PROXY: 'http://s:2' } };
    expect(currentValue(questionById('proxy'), {}, c)).toBe('http://s:2');
    expect(currentValue(questionById('proxy'), { proxy: '' }, c)).toBe('');
  });

  it('defaults BCM to yes when this machine is a headnode', () => {
    expect(currentValue(questionById('bcm'), { roles: ['bcm-headnode'] }, ctx)).toBe(true);
    expect(currentValue(questionById('bcm'), { roles: ['installer'] }, ctx)).toBe(false);
  });
});

describe('validation', () => {
  it.each<[string, unknown, boolean]>([
    ['headnodes', 'bcm-head-01, 10.0.0.5', true],
    ['headnodes', '', false],
    ['headnodes', 'https://head', false],
    ['controlPlane', '', true],
    ['controlPlane', 'acme.run.ai', true],
    ['controlPlane', 'https://acme.run.ai/', false],
    ['proxy', '', true],
    ['proxy', 'http://u:p@proxy:3128', true],
    ['proxy', 'socks5://proxy:1080', false],
    ['proxy', 'proxy:3128 nonsense', false],
    ['acr', 'myregistry', true],
    ['acr', 'myregistry.azurecr.io', true],
    ['acr', 'my_reg', false],
    ['storageAccount', 'Has-Dash', false],
    ['products', [], false],
    ['region', 'mars', false],
    ['region', 'eastus', true],
  ])('%s = %j is %s', (id, value, ok) => {
    const question = questionById(id as never);
    const message = validateAnswer(question, value as never, { products: ['runai', 'azureml-arc'] }, ctx);
    expect(message === undefined).toBe(ok);
  });

  it('never echoes a proxy password in its message', () => {
    expect(validateAnswer(questionById('proxy'), 'ftp://bob:hunter2@x', {}, ctx)).not.toContain('hunter2');
  });
});

describe('apply', () => {
  it('builds a topology the Topology schema accepts, the region code from the table', () => {
    const answers: Answers = {
      products: ['runai', 'azureml-arc'],
      roles: ['installer', 'system-node'],
      bcm: true,
      headnodes: 'head-1, head-2',
      controlPlaneMode: 'co-located',
      controlPlane: 'runai.acme.example',
      proxy: 'http://proxy.acme.example:3128',
      noProxy: '.acme.example',
      workload: 'training',
      prereqs: true,
      region: 'westeurope',
      acr: 'acmeregistry',
      storageAccount: 'acmestore',
      keyVault: '',
    };
    const input = applyAnswers(answers, ctx);
    const topology = Topology.parse(input);
    expect(topology.bcm).toEqual({ enabled: true, headnodes: ['head-1', 'head-2'] });
    expect(topology.controlPlane).toEqual({ coLocated: true, fqdn: 'runai.acme.example' });
    expect(topology.region).toEqual({ name: 'westeurope', code: 'weu' });
    expect(topology.proxy).toEqual({ url: 'http://proxy.acme.example:3128', noProxy: '.acme.example' });
    expect(topology.wildcards['*.azurecr.io']).toEqual(['acmeregistry.azurecr.io']);
    expect(topology.wildcards['*.queue.core.windows.net']).toEqual(['acmestore.queue.core.windows.net']);
    expect(topology.wildcards['*.vault.azure.net']).toBeUndefined();
    expect(topology.workload).toBe('training');
  });

  it('ignores answers to questions no longer asked', () => {
    const input = applyAnswers({ products: ['azureml-arc'], roles: ['installer'], bcm: true, headnodes: 'h1', controlPlane: 'cp.example', region: 'eastus' }, ctx);
    expect(input.bcm).toEqual({ enabled: false, headnodes: [] });
    expect(input.controlPlane).toEqual({ coLocated: false });
    const runai = finishAnswers({ products: ['runai'], roles: ['installer'], bcm: false, region: 'eastus' }, ctx);
    expect(runai.ok && runai.topology.region).toBe(undefined);
  });

  it('takes a region outside the table with the code given', () => {
    const result = finishAnswers({ products: ['azureml-arc'], roles: ['k8s-node'], region: 'other', regionName: 'japaneast', regionCode: 'jpe' }, ctx);
    expect(result).toMatchObject({ ok: true, topology: { region: { name: 'japaneast', code: 'jpe' } } });
  });

  it('round-trips a prefilled topology, keeping wildcards and fields no question asks', () => {
    const initial = Topology.parse({
      products: ['runai', 'azureml-arc'],
      roles: ['installer'],
      bcm: { enabled: true, headnodes: ['head-1'] },
      controlPlane: { fqdn: 'acme.run.ai' },
      proxy: { url: 'http://proxy:3128', noProxy: '.local' },
      region: { name: 'eastus' },
      wildcards: { '*.azurecr.io': ['acme1.azurecr.io'], '*.quay.io': ['cdn01.quay.io'] },
      prereqs: true,
      cni: 'cilium',
    });
    const c = { ...ctx, initial };
    const answers = answersFromTopology(initial, c);
    expect(answers.acr).toBe('acme1');
    const again = Topology.parse(applyAnswers(answers, c));
    expect(again).toEqual({ ...initial, region: { name: 'eastus', code: 'eus' } });
  });

  it('walks every question with its default into a valid topology (Enter through the wizard)', () => {
    let answers: Answers = {};
    for (let guard = 0; guard < QUESTIONS.length; guard += 1) {
      const next = askedQuestions(answers, ctx).find((q) => !(q.id in answers));
      if (!next) break;
      answers = { ...answers, [next.id]: currentValue(next, answers, ctx) };
    }
    expect(finishAnswers(answers, ctx)).toMatchObject({ ok: true, topology: { products: ['runai'], roles: ['installer'] } });
  });
});

describe('answers file', () => {
  it('is YAML of the topology, never with the proxy password', () => {
    const topology = Topology.parse({ products: ['runai'], roles: ['installer'], proxy: { url: 'http://alice:s3cret@proxy:3128' } });
    const text = answersFileText(topology, new Date(0));
    expect(text).not.toContain('s3cret');
    expect(text).toContain('password is not saved');
    const back = Topology.parse(parse(text));
    expect(back.proxy?.url).toBe('http://alice@proxy:3128');
    expect(back.products).toEqual(['runai']);
  });
});

describe('the Azure region questions', () => {
  const table = loadCatalog().regions;
  const real: QuestionContext = { env: {}, regions: table };
  const other: Answers = { products: ['azureml-arc'], roles: ['k8s-node'], region: 'other' };
  const texts = (id: 'region' | 'regionName' | 'regionCode'): string => {
    const q = questionById(id);
    const invalid = q.kind === 'text' ? q.validate('Not A Region!', other, real) ?? '' : '';
    return `${q.prompt(other, real)}\n${q.help}\n${invalid}`;
  };

  it('field-ready 21: every region a question gives as an example is in the table', () => {
    const names = new Set(table.map((r) => r.name));
    const examples = ['region', 'regionName', 'regionCode'].flatMap((id) =>
      texts(id as 'region' | 'regionName' | 'regionCode').match(/\b[a-z]*(?:east|west|north|south|central)[a-z]*\d?\b/g) ?? []);
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.filter((name) => !names.has(name))).toEqual([]);
  });

  it('field-ready 21: for a region outside the table, the question and the flag error say where its code is read', () => {
    for (const text of [texts('regionCode'), (() => {
      try {
        topologyFromFlags({ product: ['azureml-arc'], role: ['k8s-node'], region: 'westus3' });
        return '';
      } catch (error: unknown) {
        return error instanceof Error ? error.message : '';
      }
    })()]) {
      expect(text).toContain('gbl.his.arc.azure.com');
      expect(text).toContain('https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements');
      expect(text).toMatch(/first label of the Azure Arc regional endpoint <code>\.his\.arc\.azure\.com/);
    }
  });

  it('the table holds only codes its cited documents state', () => {
    // The Azure ML on Arc documents' table: adding a region needs a document that states its code.
    expect(table.map((r) => `${r.name}=${r.code}`)).toEqual([
      'eastus=eus', 'westeurope=weu', 'westcentralus=wcus', 'southcentralus=scus', 'southeastasia=sea', 'uksouth=uks',
      'westus2=wus2', 'australiaeast=ae', 'eastus2=eus2', 'northeurope=ne', 'francecentral=fc',
    ]);
  });
});

describe('the Run:ai version question', () => {
  const catalog = loadCatalog();
  const withEditions: QuestionContext = { env: {}, regions: REGIONS, editions: catalog.editions };

  it('editions 2: asked for Run:ai when the catalog has several editions; the newest is the default; the BCM guide is a choice', () => {
    const answers: Answers = { products: ['runai'], roles: ['k8s-node'], bcm: false, proxy: '' };
    expect(ids(answers, withEditions)).toContain('runaiVersion');
    expect(ids(answers, ctx)).not.toContain('runaiVersion');
    const question = questionById('runaiVersion');
    expect(question?.prompt(answers, withEditions)).toBe('Which Run:ai version will you install?');
    expect(currentValue(question, answers, withEditions)).toBe('runai-ngc');
    const choices = question?.kind === 'select' ? question.choices(answers, withEditions) : [];
    expect(choices.map((c) => c.value)).toEqual(['runai-ngc', 'runai-bcm-guide']);
    expect(choices.map((c) => c.label)).toEqual(['Run:ai 2.22 to 2.26', 'Run:ai 2.17 to 2.20']);
  });

  it('editions 2: the answer becomes the topology\'s version, and an answers file\'s version the answer', () => {
    const input = applyAnswers({ products: ['runai'], roles: ['k8s-node'], bcm: false, proxy: '', runaiVersion: 'runai-bcm-guide' }, withEditions);
    expect(input.versions).toEqual({ runai: 'runai-bcm-guide' });
    expect(answersFromTopology({ products: ['runai'], roles: ['k8s-node'], versions: { runai: '2.18' } }, withEditions).runaiVersion).toBe('runai-bcm-guide');
  });
});

describe('answers in any order', () => {
  it('editions 2: roles and products come out in the choices\' order, whichever order the answers gave them', () => {
    const input = applyAnswers({ products: ['azureml-arc', 'runai'], roles: ['k8s-node', 'installer'], bcm: false, proxy: '', region: 'eastus' }, ctx);
    expect(input.products).toEqual(['runai', 'azureml-arc']);
    expect(input.roles).toEqual(['installer', 'k8s-node']);
  });
});
