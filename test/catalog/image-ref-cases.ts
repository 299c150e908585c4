// The table of image references that the parser's tests and the cross-check against Docker's own
// parser share.
import type { ImageRef } from '../../src/catalog/index.js';

export const DIGEST = `sha256:${'a'.repeat(64)}`;

// Each row: a reference as a person or a chart writes it, and what Docker and containerd read.
export const GOOD: readonly (readonly [string, ImageRef])[] = [
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
  [`quay.io/${'a'.repeat(255)}`, { registry: 'quay.io', repository: 'a'.repeat(255) }],
  ['localhost:5000', { registry: 'registry-1.docker.io', repository: 'library/localhost', tag: '5000' }],
];

// Each row: a bad reference and a word its message must hold (what was wrong, what was expected).
export const BAD: readonly (readonly [string, RegExp])[] = [
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
  [`quay.io/${'a'.repeat(256)}`, /repository path is 256 characters; expected at most 255/],
];
