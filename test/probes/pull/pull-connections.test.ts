import { afterEach, describe, expect, it } from 'vitest';
import type { Network } from '../../../src/net/index.js';
import { probePull } from '../../../src/probes/index.js';
import type { PullStep } from '../../../src/schema/index.js';
import { startSite, type SimSite } from '../../../src/sim/index.js';

// How many connections a pull opens: the simulator's registries are Node servers, which advertise
// `Keep-Alive: timeout=2`; containerd (Go) keeps such a connection, and so must the pull.

const sites: SimSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

/** The site's Network, its connections counted by host. */
function counted(network: Network): { network: Network; connections: Map<string, number> } {
  const connections = new Map<string, number>();
  const counting: Network = Object.create(network) as Network;
  counting.connect = (options) => {
    const key = options.host ?? options.address;
    connections.set(key, (connections.get(key) ?? 0) + 1);
    return network.connect(options);
  };
  return { network: counting, connections };
}

function pullPause(network: Network, extra: { pinged?: { status: number; wwwAuthenticate?: string }; onHost?: (host: string, port: number) => void } = {}): Promise<PullStep> {
  return probePull({ network, host: 'registry.k8s.io', port: 443, repository: 'pause', reference: '3.10', timeoutMs: 5_000, progressMs: 2_000, signal: new AbortController().signal, ...extra });
}

describe('follow-the-pull 7: a pull keeps its connections, as Go\'s client does', () => {
  it('follow-the-pull 7: one connection to the registry and one to its redirect host for the whole pull, HEAD included', async () => {
    const site = await startSite({});
    sites.push(site);
    const { network, connections } = counted(site.network);
    const step = await pullPause(network);
    expect(step.outcome).toBe('pulled');
    const toRegistry = step.evidence.hops.filter((h) => h.host === 'registry.k8s.io').length;
    const elsewhere = step.evidence.hops.filter((h) => h.host !== 'registry.k8s.io').length;
    // registry.k8s.io sends every manifest and blob to its Artifact Registry host: several requests to each.
    expect(toRegistry).toBeGreaterThanOrEqual(5);
    expect(elsewhere).toBeGreaterThanOrEqual(5);
    expect(step.evidence.hops.some((h) => h.method === 'HEAD')).toBe(true);
    expect(connections.get('registry.k8s.io')).toBe(1);
    expect(connections.get('us-west1-docker.pkg.dev')).toBe(1);
  });

  it('follow-the-pull 7: the chain\'s own /v2/ answer spares the ping; a challenge is still followed to its realm', async () => {
    const site = await startSite({});
    sites.push(site);
    const open = await pullPause(site.network, { pinged: { status: 200 } });
    expect(open.outcome).toBe('pulled');
    expect(open.evidence.hops.map((h) => h.purpose)).not.toContain('ping');
    expect(open.evidence.hops[0]?.purpose).toBe('manifest-head');

    const challenged = await probePull({
      network: site.network, host: 'registry-1.docker.io', port: 443, repository: 'library/hello-world', reference: 'latest', timeoutMs: 5_000, progressMs: 2_000, signal: new AbortController().signal,
      pinged: { status: 401, wwwAuthenticate: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"' },
    });
    expect(challenged.outcome).toBe('pulled');
    expect(challenged.evidence.hops.map((h) => h.purpose).slice(0, 2)).toEqual(['token', 'manifest-head']);
    expect(challenged.evidence.hops[0]?.host).toBe('auth.docker.io');

    // Any other answer is asked again: the pull's own evidence says what the registry's root said.
    const other = await pullPause(site.network, { pinged: { status: 503 } });
    expect(other.evidence.hops[0]?.purpose).toBe('ping');
  });

  it('follow-the-pull 5: the pull tells of each other host before its first request there, while it goes on', async () => {
    const site = await startSite({});
    sites.push(site);
    const told: Array<{ host: string; at: number }> = [];
    const started = performance.now();
    const step = await pullPause(site.network, { onHost: (host) => told.push({ host, at: performance.now() - started }) });
    expect(step.outcome).toBe('pulled');
    expect(told[0]?.host).toBe('us-west1-docker.pkg.dev');
    expect(told.every((t) => t.host !== 'registry.k8s.io')).toBe(true);
    // Told at its first redirect, before the pull ended: every later manifest and blob request of it still goes there.
    expect(told[0]?.at ?? Infinity).toBeLessThan(step.ms);
    const first = step.evidence.hops.findIndex((h) => h.host === 'us-west1-docker.pkg.dev');
    expect(step.evidence.hops.slice(first).filter((h) => h.host === 'us-west1-docker.pkg.dev').length).toBeGreaterThanOrEqual(5);
  });
});
