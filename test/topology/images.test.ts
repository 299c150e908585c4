import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answersFileText, loadAnswers, siteFlagsOf, topologyFromFlags, TopologyError, MAX_SITE_IMAGES } from '../../src/topology/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const SITE = { product: ['runai'], role: ['k8s-node'] } as const;

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(TopologyError);
    return (error as Error).message;
  }
  throw new Error('expected a TopologyError');
}

describe("follow-the-pull 2: the site's own images (--image, answers images)", () => {
  it('follow-the-pull 2: --image is repeatable and kept as written; without it the topology has no images', () => {
    const topology = topologyFromFlags({ ...SITE, image: ['myacr.azurecr.io/team/app:1.4', ' busybox ', 'myacr.azurecr.io/team/app:1.4'] });
    expect(topology.images).toEqual(['myacr.azurecr.io/team/app:1.4', 'busybox']);
    expect(topologyFromFlags(SITE).images).toBeUndefined();
  });

  it('follow-the-pull 2: a bad --image names the flag, the reference and what was expected', () => {
    expect(problem(() => topologyFromFlags({ ...SITE, image: ['busybox', 'MyAcr.azurecr.io/Team/App'] }))).toBe(
      "--image: 'MyAcr.azurecr.io/Team/App': the repository 'Team/App' must be lower case",
    );
    expect(problem(() => topologyFromFlags({ ...SITE, image: ['busybox@sha256:abc'] }))).toMatch(
      /^--image: 'busybox@sha256:abc' has a bad digest 'sha256:abc'; expected sha256: and 64 lower-case hex digits$/,
    );
    expect(problem(() => topologyFromFlags({ ...SITE, image: ['x'.repeat(600)] }))).toBe('--image: an image reference of 600 characters; netreq reads at most 512');
    expect(problem(() => topologyFromFlags({ ...SITE, image: Array.from({ length: MAX_SITE_IMAGES + 1 }, (_, i) => `app${i}`) }))).toMatch(/^--image: .*at most 100/);
  });

  it('follow-the-pull 2: the answers file keeps the images; --image adds to them; the saved answers read back the same', () => {
    const answers = loadAnswers(file('site.yaml', 'products: [runai]\nroles: [k8s-node]\nimages:\n  - registry.example.com:5000/ops/tool:2\n'));
    const topology = topologyFromFlags({ image: ['busybox:1.37'] }, answers);
    expect(topology.images).toEqual(['registry.example.com:5000/ops/tool:2', 'busybox:1.37']);
    const saved = file('saved.yaml', answersFileText(topology));
    expect(topologyFromFlags({}, loadAnswers(saved))).toEqual(topology);
  });

  it('follow-the-pull 2: a bad image in an answers file names the file, its line and the field', () => {
    const path = file('bad.yaml', 'products: [runai]\nroles: [k8s-node]\nimages:\n  - busybox\n  - quay.io/a//b\n');
    expect(problem(() => loadAnswers(path))).toBe(`${path}:5: field 'images.1': 'quay.io/a//b': '' is not a repository path component; expected lower-case letters and digits, joined by '.', '_', '__' or '-'`);
  });

  it('follow-the-pull 2: the printed site flags carry the images, and read back the same', () => {
    const topology = topologyFromFlags({ ...SITE, image: ['myacr.azurecr.io/team/app:1.4', `quay.io/p/b@sha256:${'0'.repeat(64)}`] });
    const flags = siteFlagsOf(topology);
    expect(flags).toContain('--image myacr.azurecr.io/team/app:1.4 --image quay.io/p/b@sha256:');
    const words = flags.split(' ');
    const images = words.flatMap((word, i) => (words[i - 1] === '--image' ? [word] : []));
    expect(images).toEqual(topology.images);
  });
});
