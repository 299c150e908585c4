import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostUrlText, parseImageList, readHelmRepo, readImageList, readMirrorFlag, readMirrorFlags, resolvePullHosts } from '../../../src/host/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/registry-config/', import.meta.url));

describe('--mirror REGISTRY=URL[,ca=FILE]', () => {
  it.each([
    ['docker.io=https://harbor.corp/v2/dockerhub', 'docker.io', 'https://harbor.corp/v2/dockerhub', true],
    ['registry-1.docker.io=https://harbor.corp/v2/dockerhub/', 'docker.io', 'https://harbor.corp/v2/dockerhub', true],
    ['nvcr.io=https://artifactory.corp/artifactory/api/docker/nvcr-remote', 'nvcr.io', 'https://artifactory.corp/artifactory/api/docker/nvcr-remote/v2', true],
    ['registry.k8s.io=mirror.corp:5000', 'registry.k8s.io', 'https://mirror.corp:5000/v2', false],
    ['Quay.IO=https://mirror.corp:443/', 'quay.io', 'https://mirror.corp/v2', false],
  ])('mirrors 3: %s is %s through %s', (value, registry, url, overridePath) => {
    const read = readMirrorFlag(value, '/work');
    if ('problem' in read) throw new Error(read.problem);
    expect(read.registry).toBe(registry);
    expect(hostUrlText(read.host.url)).toBe(url);
    expect(read.host).toMatchObject({ role: 'mirror', source: '--mirror', overridePath, capabilities: ['pull', 'resolve'] });
  });

  it('mirrors 3: ca=FILE is resolved against the working folder; several mirrors of one registry keep their order and only they are tried', () => {
    const read = readMirrorFlags(['docker.io=https://harbor.corp/v2/dockerhub,ca=certs/harbor.pem', 'docker.io=https://backup.corp', 'nvcr.io=https://harbor.corp/v2/nvcr,ca=/etc/pki/ca.pem'], '/work/site');
    if ('problem' in read) throw new Error(read.problem);
    const config = { runtimes: [read.registries], issues: [] };
    const hub = resolvePullHosts(config, 'docker.io');
    expect(hub.map((h) => hostUrlText(h.url))).toEqual(['https://harbor.corp/v2/dockerhub', 'https://backup.corp/v2']);
    expect(hub[0]?.caFiles).toEqual(['/work/site/certs/harbor.pem']);
    expect(hub.every((h) => h.runtime === 'planned')).toBe(true);
    expect(resolvePullHosts(config, 'nvcr.io')[0]?.caFiles).toEqual(['/etc/pki/ca.pem']);
    // A registry with no planned mirror is pulled from itself.
    expect(resolvePullHosts(config, 'quay.io').map((h) => hostUrlText(h.url))).toEqual(['https://quay.io/v2']);
  });

  it.each([
    ['harbor.corp', /expected REGISTRY=URL\[,ca=FILE\]/],
    ['=https://harbor.corp', /expected REGISTRY=URL/],
    ['https://docker.io=https://harbor.corp', /'https:\/\/docker\.io' is not a registry name/],
    ['docker.io/library=https://harbor.corp', /is not a registry name/],
    ['docker.io=', /no mirror URL after '='/],
    ['docker.io=ftp://harbor.corp', /scheme 'ftp'; expected https:\/\/ or http:\/\//],
    ['docker.io=https://user:pw@harbor.corp', /user name or password/],
    ['docker.io=https://harbor.corp,cert=/x.pem', /'cert=\/x\.pem' is not an option of --mirror; expected ca=FILE/],
    ['docker.io=https://harbor.corp,ca=', /expected ca=FILE/],
  ])('mirrors 3: %s is refused, saying what was expected', (value, message) => {
    const read = readMirrorFlag(value);
    expect('problem' in read ? read.problem : 'accepted').toMatch(message);
    if ('problem' in read) expect(read.problem).toContain('--mirror');
    expect('problem' in read && read.problem.includes(':pw@')).toBe(false);
  });
});

describe('--helm-repo URL', () => {
  it.each([
    ['https://artifactory.corp/artifactory/api/helm/runai', 'https://artifactory.corp/artifactory/api/helm/runai/index.yaml'],
    ['https://harbor.corp/chartrepo/runai/', 'https://harbor.corp/chartrepo/runai/index.yaml'],
    ['https://charts.corp/index.yaml', 'https://charts.corp/index.yaml'],
  ])('mirrors 3: %s is checked at %s', (value, indexUrl) => {
    const read = readHelmRepo(value);
    expect('repo' in read && read.repo.kind === 'http' ? read.repo.indexUrl : read).toBe(indexUrl);
  });

  it('mirrors 3: an oci:// repository is a registry and a repository; bad values say what is expected', () => {
    expect(readHelmRepo('oci://harbor.corp:8443/charts/runai')).toEqual({ repo: { kind: 'oci', registry: 'harbor.corp:8443', repository: 'charts/runai', url: 'oci://harbor.corp:8443/charts/runai' } });
    expect(readHelmRepo('harbor.corp/chartrepo')).toMatchObject({ problem: expect.stringMatching(/^--helm-repo 'harbor\.corp\/chartrepo': expected an https:\/\/ chart repository URL/) });
    expect(readHelmRepo('oci://harbor.corp')).toMatchObject({ problem: expect.stringContaining('no repository path') });
    const withPassword = readHelmRepo('https://robot:hunter2@harbor.corp/chartrepo?x=1');
    expect('problem' in withPassword ? withPassword.problem : '').toContain('robot:***@harbor.corp');
    expect(JSON.stringify(withPassword)).not.toContain('hunter2');
  });
});

describe('image list files', () => {
  it('mirrors 4: one reference a line, comments, quotes and blank lines skipped, repeats kept once, each bad line as FILE:LINE', () => {
    const list = readImageList('image-list.txt', FIXTURES);
    expect(list.images.map((i) => [i.line, i.ref.registry, i.ref.repository])).toEqual([
      [4, 'nvcr.io', 'nvidia/k8s-device-plugin'],
      [5, 'runai.jfrog.io', 'demo/quickstart'],
      [6, 'mcr.microsoft.com', 'oss/kubernetes/pause'],
      [7, 'registry.k8s.io', 'pause'],
      [8, 'registry-1.docker.io', 'library/busybox'],
      [10, 'registry.k8s.io', 'ingress-nginx/controller'],
    ]);
    expect(list.problems).toEqual([
      expect.stringMatching(/^image-list\.txt:11: .*has a URL scheme/),
      expect.stringMatching(/^image-list\.txt:12: .*must be lower case/),
    ]);
  });

  it('mirrors 4: bounded: too many images and too large a file are problems, not a hang', () => {
    const many = Array.from({ length: 5 }, (_, i) => `registry.k8s.io/pause:3.${i}`).join('\n');
    expect(parseImageList(many, 'list.txt', { maxBytes: 10_000, maxImages: 3 })).toMatchObject({ problems: ['list.txt:4: more than 3 images; netreq checks at most 3 from one list'] });
    expect(parseImageList(many, 'list.txt', { maxBytes: 10, maxImages: 3 }).problems[0]).toMatch(/^list\.txt: \d+ characters; netreq reads image lists of at most 10/);
    const dir = mkdtempSync(join(tmpdir(), 'netreq-list-'));
    try {
      writeFileSync(join(dir, 'big.txt'), 'x'.repeat(64));
      expect(readImageList('big.txt', dir, { maxBytes: 32, maxImages: 3 }).problems[0]).toMatch(/^big\.txt is 64 bytes; netreq reads files of at most 32 bytes/);
      expect(readImageList('absent.txt', dir).problems).toEqual(['absent.txt: no such file; expected an image list, one reference a line']);
      writeFileSync(join(dir, 'empty.txt'), '# nothing yet\n');
      expect(readImageList('empty.txt', dir).problems[0]).toMatch(/no image references/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
