import { createNetwork, type Network } from '../../../src/net/index.js';
import { probePull, type PullProbeInput } from '../../../src/probes/index.js';
import type { PullStep } from '../../../src/schema/index.js';
import type { Registry } from '../../harness/registry.js';

/** The real Network, trusting nothing beyond Node's roots, with no proxy environment. */
export function realNetwork(): Network {
  return createNetwork({ systemCaPath: null, env: {} });
}

export type PullOptions = Partial<Omit<PullProbeInput, 'network' | 'port' | 'repository' | 'reference'>>;

/** A pull of `repository:reference` from a loopback registry (plain HTTP), with test deadlines. */
export function pullFrom(network: Network, registry: Pick<Registry, 'port'>, repository: string, reference: string, options: PullOptions = {}): Promise<PullStep> {
  return probePull({
    network,
    host: '127.0.0.1',
    port: registry.port,
    scheme: 'http',
    repository,
    reference,
    timeoutMs: 10_000,
    progressMs: 2_000,
    signal: new AbortController().signal,
    ...options,
  });
}

export const purposes = (step: PullStep): string[] => step.evidence.hops.map((hop) => hop.purpose);

/** Every string in the observation, for "no secret anywhere" checks. */
export const observationText = (step: PullStep): string => JSON.stringify(step);
