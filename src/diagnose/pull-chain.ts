import type { Network } from '../net/index.js';
import { probePull, type PullCredentials, type PullRoute, type RegistryPing } from '../probes/index.js';
import { readImageRef, manifestReference } from '../image-ref.js';
import type { PullStep, Target } from '../schema/index.js';

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
  for (const image of target.pull ?? []) {
    const read = readImageRef(image.ref);
    if (!('ref' in read)) continue;
    const ref = read.ref;
    begin();
    const step = await probePull({
      network,
      host: target.host,
      port: target.port,
      scheme: 'https' as 'https' | 'http',
      repository: ref.repository,
      reference: manifestReference(ref),
      ...(pull.platform !== undefined ? { platform: pull.platform } : {}),
      ...(credentialsOf(pull, ref.registry)),
      ...(pull.route ? { route: pull.route } : {}),
      ...(target.mirror !== undefined ? { apiPath: target.mirror.apiPath, hostCaPems: pull.caPems?.(target.mirror.caFiles) ?? [] } : {}),
      ...(target.scheme === 'http' ? { scheme: 'http' as const } : {}),
      ...(pinged !== undefined && target.mirror === undefined ? { pinged } : {}),
      ...(pull.onHost !== undefined ? { onHost: pull.onHost } : {}),
      timeoutMs: stepTimeoutMs * 6,
      progressMs: stepTimeoutMs,
      signal,
    });
    const goesOn = record({ ...step, evidence: { ...step.evidence, image: image.ref } });
    if (!goesOn && !IMAGE_OUTCOMES.has(step.outcome)) return;
    if (signal.aborted) return;
  }
}

function credentialsOf(pull: PullOptions, registry: string): { credentials?: PullCredentials } {
  const credentials = pull.credentialsFor(registry);
  return credentials ? { credentials } : {};
}
