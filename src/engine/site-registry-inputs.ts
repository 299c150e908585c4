import type { SiteChartRepo } from '../diagnose/index.js';
import { readHelmRepo, readImageList, readMirrorFlags, type ListedImage, type RuntimeRegistries } from '../host/index.js';
import type { Topology } from '../topology/index.js';

// The topology's registry inputs read for the plan: its planned mirrors, its chart repository, its image list.
// The front ends refused bad values before (the topology's FieldReaders, exit 2); here a value that
// does not read is left out rather than thrown.

/** The topology's mirrors (`--mirror`, the answers' `mirrors`) as the planned runtime; relative `ca=` paths from `cwd`. */
export function plannedMirrors(topology: Topology, cwd?: string): RuntimeRegistries | undefined {
  if (topology.mirrors === undefined || topology.mirrors.length === 0) return undefined;
  const read = readMirrorFlags(topology.mirrors, cwd);
  return 'problem' in read ? undefined : read.registries;
}

/** The site's chart repository (`--helm-repo`, the answers' `helmRepo`), as the plan checks it. */
export function siteChartRepo(topology: Topology): SiteChartRepo | undefined {
  if (topology.helmRepo === undefined) return undefined;
  const read = readHelmRepo(topology.helmRepo);
  if ('problem' in read) return undefined;
  const { repo } = read;
  if (repo.kind === 'oci') {
    const url = new URL(`https://${repo.registry}`);
    return { kind: 'oci', scheme: 'https', host: hostOf(url), port: portOf(url), path: '/v2/', url: repo.url };
  }
  const url = new URL(repo.indexUrl);
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  return { kind: 'http', scheme, host: hostOf(url), port: portOf(url), path: url.pathname, url: repo.url };
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'http:' ? 80 : 443;
}

/** The topology's image list (`--image-list FILE`, the answers' `imageList`), read and bounded; a list that no longer reads is none. */
export function listedImages(topology: Topology): readonly ListedImage[] {
  if (topology.imageList === undefined) return [];
  return readImageList(topology.imageList).images;
}
