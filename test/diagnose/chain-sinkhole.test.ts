// The chain's rule (`continues`) on a real resolver on loopback: a name a DNS filter answers with
// 0.0.0.0 / :: is never connected to (a connection to 0.0.0.0 reaches this machine).
import { afterAll, describe, expect, it } from 'vitest';
import { run, targetKey, type Finding, type Target } from '../../src/diagnose/index.js';
import type { ConnectOptions, Network } from '../../src/net/index.js';
import { startSite, type SimSite } from '../../src/sim/index.js';

const sites: SimSite[] = [];
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
});

function targetFor(host: string, over: Partial<Target> = {}): Target {
  const draft = { host, port: 443, transport: 'tcp', scheme: 'https', via: 'direct' } as const;
  return { check: 'https-reachable', ruleIds: [`test.${host}`], siteOwned: false, retired: false, ...draft, ...over, key: targetKey(draft) };
}

/** The site's network, with every connection it is asked for written down. */
function recording(network: Network, connects: ConnectOptions[]): Network {
  return new Proxy(network, {
    get(target, property, receiver) {
      if (property === 'connect') return (options: ConnectOptions) => (connects.push(options), target.connect(options));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('one-engine 2: a sinkhole answer ends the chain before any connection', () => {
  it.each([false, true])('one-engine 2: docker.io answered 0.0.0.0 and :: is never connected to (retired: %s)', async (retired) => {
    const site = await startSite({ hosts: { 'docker.io': { dns: 'sinkhole' }, 'quay.io': {} } }, { hosts: ['docker.io', 'quay.io'], waitForCertificates: true });
    sites.push(site);
    const connects: ConnectOptions[] = [];
    const findings = new Map<string, Finding>();
    for await (const event of run([targetFor('docker.io', { retired }), targetFor('quay.io')], {
      network: recording(site.network, connects),
      signal: new AbortController().signal,
      stepTimeoutMs: 1_500,
      maxTimeMs: 20_000,
      concurrency: 4,
      proxyConcurrency: 4,
    })) {
      if (event.type === 'finding') findings.set(event.finding.target.host, event.finding);
    }
    const docker = findings.get('docker.io');
    expect({ status: docker?.status, cause: docker?.cause }).toEqual({ status: retired ? 'warn' : 'fail', cause: 'dns.sinkhole' });
    expect(docker?.steps.map((s) => s.step)).toEqual(['dns']);
    const dns = docker?.steps[0];
    expect(dns?.step === 'dns' ? dns.evidence.addresses : []).toContain('0.0.0.0');
    // The other name on the same site is connected to: the recording sees connections.
    expect(findings.get('quay.io')?.status).toBe('pass');
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.filter((c) => c.host === 'docker.io' || c.address === '0.0.0.0' || c.address === '::')).toEqual([]);
  });
});
