// The answers file and the wizard carry the site's registry inputs: planned mirrors, its chart
// repository, its image list. They are read back as written, checked by the same readers as the
// flags (src/host's, through the CLI's fieldReaders), and kept when the wizard starts prefilled.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldReaders } from '../../src/cli/site-input.js';
import {
  answersFileText,
  answersFromTopology,
  askedQuestions,
  finishAnswers,
  loadAnswers,
  questionById,
  topologyFromFlags,
  validateAnswer,
  type QuestionContext,
  type TopologyInput,
} from '../../src/topology/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-registry-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'images.txt'), 'nvcr.io/nvidia/runai/operator:2.22.0\n');
const readers = fieldReaders(dir);
const ctx: QuestionContext = { env: {}, regions: [{ name: 'eastus', code: 'eus', display: 'East US' }], readers };

const SITE: TopologyInput = {
  products: ['runai', 'azureml-arc'],
  roles: ['installer'],
  region: { name: 'eastus' },
  images: ['myacr.azurecr.io/team/app:1.4'],
  arcGateway: 'contoso.gw.arc.azure.com',
  mirrors: ['docker.io=https://harbor.corp.example/v2/dockerhub,ca=/etc/pki/harbor-ca.pem', 'nvcr.io=https://harbor.corp.example/v2/nvcr'],
  helmRepo: 'https://artifactory.corp.example/artifactory/api/helm/runai',
  imageList: join(dir, 'images.txt'),
};

describe('mirrors 3: the registry inputs in answers files and the wizard', () => {
  it('mirrors 3: an answers file round trip keeps the mirrors, the chart repository and the image list as written', () => {
    const topology = topologyFromFlags({}, SITE, readers);
    const file = join(dir, 'saved.yaml');
    writeFileSync(file, answersFileText(topology));
    const again = topologyFromFlags({}, loadAnswers(file, readers), readers);
    expect(again).toEqual(topology);
    expect(again).toMatchObject({ mirrors: SITE.mirrors, helmRepo: SITE.helmRepo, imageList: SITE.imageList });
  });

  it('mirrors 3: a bad mirror in an answers file names the file, its line and the field; the flags\' mirrors come first', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'products: [runai]\nroles: [k8s-node]\nmirrors:\n  - docker.io=https://harbor.corp.example\n  - nvcr.io\n');
    expect(() => loadAnswers(file, readers)).toThrow(`${file}:5: field 'mirrors.1' 'nvcr.io': expected REGISTRY=URL[,ca=FILE]`);
    const merged = topologyFromFlags({ mirror: ['quay.io=https://nexus.corp.example'] }, { products: ['runai'], roles: ['k8s-node'], mirrors: ['docker.io=https://harbor.corp.example'] }, readers);
    expect(merged.mirrors).toEqual(['quay.io=https://nexus.corp.example', 'docker.io=https://harbor.corp.example']);
  });

  it('mirrors 3: the wizard asks "Do your nodes pull through a registry mirror?" and, on yes, the mirror lines, read as --mirror reads them', () => {
    expect(askedQuestions({ products: ['runai'] }, ctx).map((q) => q.id)).toContain('registryMirror');
    expect(askedQuestions({ products: ['runai'] }, ctx).map((q) => q.id)).not.toContain('mirrors');
    expect(questionById('registryMirror').prompt({}, ctx)).toBe('Do your nodes pull through a registry mirror?');
    const mirrors = questionById('mirrors');
    const answers = { products: ['runai'], registryMirror: true };
    expect(askedQuestions(answers, ctx).map((q) => q.id)).toContain('mirrors');
    expect(validateAnswer(mirrors, '', answers, ctx)).toContain('Give at least one mirror');
    expect(validateAnswer(mirrors, 'docker.io=https://harbor.corp.example nvcr.io', answers, ctx)).toContain("mirror 'nvcr.io': expected REGISTRY=URL[,ca=FILE]");
    expect(validateAnswer(mirrors, 'docker.io=https://puller:s3cret@harbor.corp.example', answers, ctx)).not.toContain('s3cret');
    expect(validateAnswer(mirrors, 'docker.io=https://harbor.corp.example/v2/dockerhub nvcr.io=https://harbor.corp.example/v2/nvcr,ca=ca.pem', answers, ctx)).toBeUndefined();
    const finished = finishAnswers({ ...answers, roles: ['k8s-node'], mirrors: 'docker.io=https://harbor.corp.example/v2/dockerhub  nvcr.io=https://harbor.corp.example/v2/nvcr' }, ctx);
    expect(finished.ok && finished.topology.mirrors).toEqual(['docker.io=https://harbor.corp.example/v2/dockerhub', 'nvcr.io=https://harbor.corp.example/v2/nvcr']);
    // Answering no drops the lines typed before.
    const no = finishAnswers({ ...answers, roles: ['k8s-node'], registryMirror: false, mirrors: 'docker.io=https://harbor.corp.example' }, ctx);
    expect(no.ok && no.topology.mirrors).toBeUndefined();
  });

  it('mirrors 3: prefilled answers keep what no question asks (images, the Arc gateway, the chart repository, the image list) and the mirrors', () => {
    const initial = topologyFromFlags({}, SITE, readers);
    const prefilled = { ...ctx, initial };
    const seed = answersFromTopology(initial, prefilled);
    expect(seed).toMatchObject({ registryMirror: true, mirrors: SITE.mirrors?.join(' ') });
    const finished = finishAnswers(seed, prefilled);
    if (!finished.ok) throw new Error(finished.error);
    expect(finished.topology).toMatchObject({ images: SITE.images, arcGateway: SITE.arcGateway, mirrors: SITE.mirrors, helmRepo: SITE.helmRepo, imageList: SITE.imageList });
  });
});
