import type { Network } from '../net/index.js';
import { hostPort, probePull, type PullCredentials, type PullRoute, type RegistryPing } from '../probes/index.js';
import { readImageRef, manifestReference } from '../image-ref.js';
import type { PullStep, Target } from '../schema/index.js';
import { requestPurposeOf } from './classify-pull.js';

/** What a registry target's pulls need beyond the chain: the runtime's route, the site's credentials. */
export interface PullOptions {
  /** The container runtime's route for each host a pull reaches. */
  readonly route: PullRoute | undefined;
  /** Credentials for a registry (`host[:port]` as in an image reference); never recorded. */
  readonly credentialsFor: (registry: string) => PullCredentials | undefined;
  /** `os/arch[/variant]` to resolve an index to; default linux/amd64. */
  readonly platform?: string;
  /** A mirror's CA files (paths of the runtime's configuration) as PEM texts; unreadable ones left out (a config finding says so). */
  readonly caPems?: (files: readonly string[]) => readonly string[];
  /** Told of each other host a pull is about to reach, so that its check can start at once. */
  readonly onHost?: (host: string, port: number, scheme: 'https' | 'http') => void;
}

/** A pull ended for a reason of its own image, not of the path: the next image may still tell about the path. */
const IMAGE_OUTCOMES = new Set(['manifest-unknown', 'platform-missing', 'auth-required', 'bad-manifest']);

/**
 * The target's images pulled in turn, after its `/v2/` answered: each pull a step. A pull that
 * ends on the path (a layer host blocked, a stall) ends the chain: the next image would meet the same.
 * A pull's deadline is a few steps' (a token, a manifest, a redirect, a layer), its progress deadline one step's.
 */
export async function pullImages(
  target: Target,
  network: Network,
  pull: PullOptions,
  stepTimeoutMs: number,
  signal: AbortSignal,
  record: (step: PullStep) => boolean,
  begin: () => void,
  /** The chain's own `/v2/` answer, when it asked the registry's API root over the same route. */
  pinged?: RegistryPing,
): Promise<void> {
  const mirror = target.mirror;
  const own: PullHost = { host: target.host, port: target.port, scheme: target.scheme === 'http' ? 'http' : 'https', ...(mirror !== undefined ? { apiPath: mirror.apiPath, caFiles: mirror.caFiles } : {}) };
  for (const image of target.pull ?? []) {
    const read = readImageRef(image.ref);
    if (!('ref' in read)) continue;
    const pullAt = async (where: PullHost, fallback?: string): Promise<PullStep> => {
      begin();
      const step = await probePull({
        network,
        host: where.host,
        port: where.port,
        scheme: where.scheme,
        repository: read.ref.repository,
        reference: manifestReference(read.ref),
        ...(pull.platform !== undefined ? { platform: pull.platform } : {}),
        ...(credentialsOf(pull, read.ref.registry)),
        ...(pull.route ? { route: pull.route } : {}),
        ...(where.apiPath !== undefined ? { apiPath: where.apiPath, hostCaPems: pull.caPems?.(where.caFiles ?? []) ?? [] } : {}),
        ...(pinged !== undefined && mirror === undefined ? { pinged } : {}),
        ...(pull.onHost !== undefined ? { onHost: pull.onHost } : {}),
        timeoutMs: stepTimeoutMs * 6,
        progressMs: stepTimeoutMs,
        signal,
      });
      return { ...step, evidence: { ...step.evidence, image: image.ref, ...(fallback !== undefined ? { fallback } : {}) } };
    };
    let step = await pullAt(own);
    let goesOn = record(step);
    // containerd tries its hosts in order: the next one when resolving the image failed anywhere, or a blob was not found.
    for (const next of mirror?.fallbacks ?? []) {
      if (step.outcome === 'pulled' || signal.aborted || !fallsBack(step)) break;
      step = await pullAt(next, hostPort(next.host, next.port));
      goesOn = record(step);
    }
    if (!goesOn && !IMAGE_OUTCOMES.has(step.outcome)) return;
    if (signal.aborted) return;
  }
}

/** One host the runtime pulls an image from: the registry, a mirror (its API path and CAs), a fallback. */
interface PullHost {
  readonly host: string;
  readonly port: number;
  readonly scheme: 'https' | 'http';
  readonly apiPath?: string;
  readonly caFiles?: readonly string[];
}

/**
 * Whether containerd would ask its next host after this pull's end: its resolver goes on after any
 * failure to resolve the manifest (a connection, TLS, a login, a 404), its fetcher only after a
 * blob the host does not have; a blob download that broke off fails the pull there.
 */
function fallsBack(step: PullStep): boolean {
  const hops = step.evidence.hops;
  if (hops.length === 0) return true;
  return requestPurposeOf(hops, hops.length - 1) !== 'layer' || step.outcome === 'blob-unknown';
}

function credentialsOf(pull: PullOptions, registry: string): { credentials?: PullCredentials } {
  const credentials = pull.credentialsFor(registry);
  return credentials ? { credentials } : {};
}
