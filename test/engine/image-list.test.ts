// `--image-list FILE`: the install's images looked up where the runtime pulls them, by the engine
// every front end reads, against a real registry (docker-registry 2.8 on loopback) standing as the
// site's Docker Hub mirror. One image of the list is not on it: one finding for the registry, naming it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import { imageListFinding, type ImageListGroup } from '../../src/diagnose/index.js';
import { checkSite } from '../../src/engine/index.js';
import { readImageRef } from '../../src/image-ref.js';
import { createNetwork, resolveProxySettings } from '../../src/net/index.js';
import type { Report } from '../../src/schema/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { describeWithRegistry, startRegistry, type Registry } from '../harness/registry.js';
import { pushImage, pushIndex } from '../harness/registry-push.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-image-list-'));
let registry: Registry;

async function checkList(lines: readonly string[], maxTimeMs = 30_000): Promise<Report> {
  const list = join(dir, 'images.txt');
  writeFileSync(list, `# the install's images\n${lines.join('\n')}\n`);
  const topology = topologyFromFlags({ product: ['runai'], role: ['k8s-node'], mirror: [`docker.io=http://127.0.0.1:${registry.port}`], 'image-list': list });
  // No rule: the image list alone (the catalog's registries would be the internet, which this machine has not).
  const catalog = { ...loadCatalog(), rules: [] };
  const input = { topology, catalog, proxy: resolveProxySettings({}), limits: { stepTimeoutMs: 3_000, maxTimeMs, concurrency: 4 } };
  const services = { network: createNetwork({ systemCaPath: null, env: {} }), signal: new AbortController().signal };
  for await (const event of checkSite(input, services)) if (event.type === 'done') return event.report;
  throw new Error('no report');
}

describeWithRegistry('mirrors 4: an image list looked up on the mirror the runtime pulls through', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    const amd64 = await pushImage(registry.url, 'nvidia/runai-operator', { layerSizes: [2048], tag: '2.22.0' });
    const arm64 = await pushImage(registry.url, 'nvidia/runai-operator', { layerSizes: [1024], architecture: 'arm64' });
    await pushIndex(registry.url, 'nvidia/runai-operator', '2.22.0-multi', [{ image: amd64, architecture: 'amd64' }, { image: arm64, architecture: 'arm64' }]);
    await pushImage(registry.url, 'library/busybox', { layerSizes: [512], tag: '1.37' });
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mirrors 4: the images all there pass; one missing is one fail registry.image-missing for docker.io at the mirror, naming only it', async () => {
    const all = await checkList(['docker.io/nvidia/runai-operator:2.22.0', 'nvidia/runai-operator:2.22.0-multi', 'busybox:1.37']);
    const passing = all.findings.filter((f) => f.ruleIds.includes('image-list.docker.io'));
    expect(passing).toHaveLength(1);
    expect(passing[0]).toMatchObject({ status: 'pass', target: { host: '127.0.0.1', port: registry.port, scheme: 'http' } });

    const one = await checkList(['docker.io/nvidia/runai-operator:2.22.0', 'nvidia/runai-operator:2.22.0-multi', 'nvidia/runai-scheduler:2.22.0', 'busybox:1.37']);
    const findings = one.findings.filter((f) => f.ruleIds.includes('image-list.docker.io'));
    expect(findings).toHaveLength(1);
    const finding = findings[0];
    expect(finding).toMatchObject({ status: 'fail', cause: 'registry.image-missing' });
    expect(finding?.explanation).toContain('nvidia/runai-scheduler:2.22.0');
    expect(finding?.explanation).not.toContain('busybox');
    expect(finding?.explanation).toContain(`127.0.0.1:${registry.port} (the mirror of docker.io`);
    expect(finding?.notes[0]?.text).toBe(`Missing on 127.0.0.1:${registry.port} (1 of 4): nvidia/runai-scheduler:2.22.0`);
    // The evidence: the missing image's lookup, which resolved no manifest (a 404 on the mirror's manifest HEAD).
    expect(finding?.steps).toHaveLength(1);
    expect(finding?.steps[0]).toMatchObject({ step: 'pull', outcome: 'manifest-unknown' });
  });

  it('mirrors 4: a run with no time left reports the list as not looked up (skip check.time-limit), never as a pass', async () => {
    const report = await checkList(['busybox:1.37'], 1);
    const finding = report.findings.find((f) => f.ruleIds.includes('image-list.docker.io'));
    expect(finding).toMatchObject({ status: 'skip', cause: 'check.time-limit' });
  });
});

it('mirrors 4: many missing images make one finding whose text names five and counts the rest; the note lists them all', () => {
  const images = Array.from({ length: 40 }, (_, i) => `harbor.corp.example/runai/image-${i}:1.0`);
  const refOf = (text: string) => {
    const read = readImageRef(text);
    if ('problem' in read) throw new Error(read.problem);
    return read.ref;
  };
  const group: ImageListGroup = { registry: 'harbor.corp.example', scheme: 'https', host: 'harbor.corp.example', port: 443, apiPath: '/v2', caFiles: [], images: images.map((text) => ({ text, ref: refOf(text) })) };
  const lookups = group.images.map((image) => ({ image, step: { step: 'pull' as const, ok: false, outcome: 'manifest-unknown', ms: 1, startedAt: '2026-01-01T00:00:00.000Z', code: 'MANIFEST_UNKNOWN', evidence: { image: image.text, platform: 'linux/amd64', hops: [], sentCredentials: false, discoveredHosts: [] } } }));
  const finding = imageListFinding(group, lookups, 'direct');
  expect(finding).toMatchObject({ status: 'fail', cause: 'registry.image-missing', ruleIds: ['image-list.harbor.corp.example'] });
  expect(finding.explanation).toContain('image-4:1.0 and 35 more');
  expect(finding.explanation).not.toContain('image-5:1.0');
  expect(finding.notes[0]?.text.split(', ')).toHaveLength(40);
  expect(finding.steps).toHaveLength(20);
});
