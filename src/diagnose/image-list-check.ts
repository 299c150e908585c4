import type { Network } from '../net/index.js';
import { hostPort, probePull, type PullCredentials, type PullRoute } from '../probes/index.js';
import { manifestReference, type ImageRef } from '../image-ref.js';
import type { PullStep } from '../schema/index.js';
import type { MirrorsOf } from './plan-mirrors.js';

// An image list (`--image-list FILE`: the vendor's air-gapped list of images) looked up where the
// container runtime would pull each image: the first mirror that may pull the registry's images,
// else the registry itself. Each image's manifest is resolved as containerd resolves it (HEAD with
// its Accept header, the index's platform), no layer read; a few at once, within the run's time.

export interface ListedImageRef {
  /** The reference as the list wrote it. */
  readonly text: string;
  readonly ref: ImageRef;
}

/** The host the runtime asks for one registry's images, and those of the list it holds. */
export interface ImageListGroup {
  /** The registry as the runtimes' configuration names it (`docker.io`). */
  readonly registry: string;
  readonly scheme: 'https' | 'http';
  readonly host: string;
  readonly port: number;
  /** `/v2`, or a proxy cache's `/v2/dockerhub`. */
  readonly apiPath: string;
  readonly caFiles: readonly string[];
  /** Where the mirror was configured; absent: the registry itself. */
  readonly mirrorSource?: string;
  readonly images: readonly ListedImageRef[];
}

/** `host[:port]` of an image's registry split; `[v6]:port` kept bracket-free. */
function splitAuthority(authority: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
  const host = (match?.[1] ?? authority).replace(/^\[|\]$/g, '');
  return { host, port: match?.[2] !== undefined ? Number(match[2]) : 443 };
}

/** The list's images grouped by the host the runtime pulls each from, in the list's order. */
export function imageListGroups(images: readonly ListedImageRef[], mirrorsOf: MirrorsOf | undefined, registryNameOf: (authority: string) => string): ImageListGroup[] {
  const groups = new Map<string, ImageListGroup & { images: ListedImageRef[] }>();
  for (const image of images) {
    const registry = registryNameOf(image.ref.registry);
    const mirror = mirrorsOf?.(registry)?.mirrors.find((m) => m.canPull);
    const at = mirror !== undefined
      ? { scheme: mirror.scheme, host: mirror.host, port: mirror.port, apiPath: mirror.apiPath, caFiles: mirror.caFiles, mirrorSource: mirror.source }
      : { scheme: 'https' as const, ...splitAuthority(image.ref.registry), apiPath: '/v2', caFiles: [] };
    const key = `${registry} ${at.scheme}://${hostPort(at.host, at.port)}${at.apiPath}`;
    const group = groups.get(key) ?? { registry, ...at, images: [] };
    group.images.push(image);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export interface ImageListRun {
  readonly network: Network;
  /** The runtime's route for each host (its proxy); absent: direct. */
  readonly route?: PullRoute;
  readonly credentialsFor: (registry: string) => PullCredentials | undefined;
  readonly caPems?: (files: readonly string[]) => readonly string[];
  readonly platform?: string;
  readonly stepTimeoutMs: number;
  /** Ends the lookups: the run's time, Ctrl-C. Those not started are reported as not checked. */
  readonly signal: AbortSignal;
  /** Lookups at once (default 8). */
  readonly concurrency?: number;
}

/** One image's lookup: its pull step ended at the manifest, or none when the run ended first. */
export interface ImageLookup {
  readonly image: ListedImageRef;
  readonly step?: PullStep;
}

export const IMAGE_LIST_CONCURRENCY = 8;

/** Every image of a group looked up, `concurrency` at a time; never throws for a network failure. */
export async function lookUpImages(group: ImageListGroup, run: ImageListRun): Promise<ImageLookup[]> {
  const lookups: ImageLookup[] = group.images.map((image) => ({ image }));
  const hostCaPems = group.caFiles.length > 0 ? run.caPems?.(group.caFiles) ?? [] : [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < group.images.length && !run.signal.aborted) {
      const index = next;
      next += 1;
      const image = group.images[index];
      if (image === undefined) continue;
      const credentials = run.credentialsFor(image.ref.registry);
      const step = await probePull({
        network: run.network,
        host: group.host,
        port: group.port,
        scheme: group.scheme,
        repository: image.ref.repository,
        reference: manifestReference(image.ref),
        depth: 'manifest',
        apiPath: group.apiPath,
        ...(hostCaPems.length > 0 ? { hostCaPems } : {}),
        ...(credentials ? { credentials } : {}),
        ...(run.route ? { route: run.route } : {}),
        ...(run.platform !== undefined ? { platform: run.platform } : {}),
        timeoutMs: run.stepTimeoutMs * 4,
        progressMs: run.stepTimeoutMs,
        signal: run.signal,
      });
      if (step.outcome !== 'aborted') lookups[index] = { image, step: { ...step, evidence: { ...step.evidence, image: image.text } } };
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.concurrency ?? IMAGE_LIST_CONCURRENCY, group.images.length) }, worker));
  return lookups;
}
