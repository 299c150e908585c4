import { describe, expect, it } from 'vitest';
import { IMAGE_REF_MAX_LENGTH, imageRefText, manifestReference, readImageRef, type ImageRef } from '../../src/catalog/index.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

// Each row: a reference as a person or a chart writes it, and what Docker and containerd read.
const GOOD: readonly (readonly [string, ImageRef])[] = [
  ['busybox', { registry: 'registry-1.docker.io', repository: 'library/busybox' }],
  ['busybox:1.37', { registry: 'registry-1.docker.io', repository: 'library/busybox', tag: '1.37' }],
  ['docker.io/busybox:1.37', { registry: 'registry-1.docker.io', repository: 'library/busybox', tag: '1.37' }],
  ['index.docker.io/library/hello-world:latest', { registry: 'registry-1.docker.io', repository: 'library/hello-world', tag: 'latest' }],
  ['prom/busybox', { registry: 'registry-1.docker.io', repository: 'prom/busybox' }],
  ['registry.k8s.io/pause:3.10', { registry: 'registry.k8s.io', repository: 'pause', tag: '3.10' }],
  ['nvcr.io/nvidia/k8s-device-plugin:v0.17.1', { registry: 'nvcr.io', repository: 'nvidia/k8s-device-plugin', tag: 'v0.17.1' }],
  ['us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0', { registry: 'us-docker.pkg.dev', repository: 'google-samples/containers/gke/hello-app', tag: '1.0' }],
  ['localhost:5000/team/app', { registry: 'localhost:5000', repository: 'team/app' }],
  ['localhost/app:v1', { registry: 'localhost', repository: 'app', tag: 'v1' }],
  ['registry.example:8443/a/b:tag_1.x-y', { registry: 'registry.example:8443', repository: 'a/b', tag: 'tag_1.x-y' }],
  ['[fd00::2]:5000/mirror/pause:3.10', { registry: '[fd00::2]:5000', repository: 'mirror/pause', tag: '3.10' }],
  [`quay.io/prometheus/busybox@${DIGEST}`, { registry: 'quay.io', repository: 'prometheus/busybox', digest: DIGEST }],
  [`quay.io/prometheus/busybox:latest@${DIGEST}`, { registry: 'quay.io', repository: 'prometheus/busybox', tag: 'latest', digest: DIGEST }],
  ['Registry.Example.COM/app', { registry: 'registry.example.com', repository: 'app' }],
  ['a.io/x__y/z-----w/v.u', { registry: 'a.io', repository: 'x__y/z-----w/v.u' }],
  ['localhost:5000', { registry: 'registry-1.docker.io', repository: 'library/localhost', tag: '5000' }],
];

// Each row: a bad reference and a word its message must hold (what was wrong, what was expected).
const BAD: readonly (readonly [string, RegExp])[] = [
  ['', /empty.*expected \[REGISTRY/],
  ['Busybox', /repository 'Busybox' must be lower case/],
  ['docker.io/Library/busybox', /must be lower case/],
  ['quay.io/Prometheus/busybox:latest', /must be lower case/],
  ['busybox:', /bad tag ''/],
  ['busybox:-1', /bad tag '-1'.*not starting with/],
  [`busybox:${'t'.repeat(129)}`, /bad tag/],
  ['busybox@sha256:abc', /bad digest 'sha256:abc'; expected sha256: and 64 lower-case hex digits/],
  [`busybox@sha256:${'A'.repeat(64)}`, /bad digest/],
  [`busybox@md5:${'a'.repeat(32)}`, /bad digest/],
  ['https://registry.k8s.io/pause:3.10', /URL scheme/],
  ['registry.k8s.io/pause 3.10', /white space/],
  ['registry.k8s.io/', /no repository after the registry/],
  ['registry.k8s.io:99999/pause', /bad port '99999'/],
  ['registry.k8s.io:/pause', /bad port ''/],
  ['-bad.io/app', /'-bad.io' is not a host name/],
  ['quay.io/a//b', /'' is not a repository path component/],
  ['quay.io/a/_b', /'_b' is not a repository path component/],
  ['quay.io/a/b.', /'b\.' is not a repository path component/],
  [':latest', /no repository name/],
  ['a'.repeat(64), /64 hex digits/],
  [`quay.io/${'a'.repeat(250)}`, /expected at most 255/],
];

describe('follow-the-pull 2: image references read as Docker and containerd read them', () => {
  it.each(GOOD)('follow-the-pull 2: reads %s', (text, expected) => {
    expect(readImageRef(text)).toEqual({ ref: expected });
  });

  it.each(BAD)('follow-the-pull 2: refuses %j and says what was expected', (text, message) => {
    const read = readImageRef(text);
    expect('problem' in read ? read.problem : 'accepted').toMatch(message);
  });

  it('follow-the-pull 2: refuses a reference longer than 512 characters before reading it, and takes one of 512', () => {
    const long = `quay.io/a:${'x'.repeat(IMAGE_REF_MAX_LENGTH)}`;
    const read = readImageRef(long);
    expect('problem' in read ? read.problem : '').toBe(`an image reference of ${long.length} characters; netreq reads at most 512`);
    // 512 characters are read (and this one refused for its name, longer than Docker's 255), not cut short.
    const atLimit = `quay.io/${'a'.repeat(IMAGE_REF_MAX_LENGTH - 8)}`;
    const limitRead = readImageRef(atLimit);
    expect('problem' in limitRead ? limitRead.problem : '').toMatch(/the name is 512 characters; expected at most 255/);
  });

  it('follow-the-pull 2: a pull asks for the digest, else the tag, else latest; the full text names the registry', () => {
    const read = (text: string): ImageRef => {
      const r = readImageRef(text);
      if ('problem' in r) throw new Error(r.problem);
      return r.ref;
    };
    expect(manifestReference(read('busybox'))).toBe('latest');
    expect(manifestReference(read('busybox:1.37'))).toBe('1.37');
    expect(manifestReference(read(`busybox:1.37@${DIGEST}`))).toBe(DIGEST);
    expect(imageRefText(read('busybox:1.37'))).toBe('registry-1.docker.io/library/busybox:1.37');
  });
});
