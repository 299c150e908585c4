import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type Network } from '../../src/net/index.js';
import { DnsStep, probeDns } from '../../src/probes/index.js';
import { startDnsServer, type TestDnsServer } from '../net/fixtures/dns-server.js';
import { deadline } from '../net/fixtures/servers.js';

let dns: TestDnsServer;
let network: Network;
beforeAll(async () => {
  dns = await startDnsServer({
    'registry.test': { cname: 'edge.cdn.test', ttl: 60 },
    'edge.cdn.test': { a: ['203.0.113.5'], aaaa: ['2001:db8::5'] },
    'broken.test': { rcode: 'SERVFAIL' },
    'refused.test': { rcode: 'REFUSED' },
    'silent.test': { silent: true },
    'noaddr.test': {},
    'big.test': { a: ['203.0.113.30'], truncate: true },
  });
  network = createNetwork({ dnsServers: [{ address: '127.0.0.1', port: dns.port }], systemCaPath: null, env: {} });
});
afterAll(() => dns.close());

describe('probeDns', () => {
  it('resolves with the CNAME chain, TTL and rcode per server and family', async () => {
    const step = await probeDns(network, 'registry.test', deadline(2000));
    expect(DnsStep.parse(step)).toEqual(step);
    expect(step).toMatchObject({ ok: true, outcome: 'resolved' });
    expect(step.evidence.addresses).toEqual(['203.0.113.5', '2001:db8::5']);
    expect(step.evidence.system.via).toContain('dns-server');
    const a = step.evidence.servers.find((s) => s.type === 'A');
    expect(a).toMatchObject({ rcode: 'NOERROR', addresses: ['203.0.113.5'], cnames: ['edge.cdn.test'], ttl: 60, protocol: 'udp' });
  });

  it.each([
    ['missing.test', 'nxdomain', 'ENOTFOUND'],
    ['broken.test', 'servfail', 'ESERVFAIL'],
    ['refused.test', 'refused', 'EREFUSED'],
    ['noaddr.test', 'no-address', 'ENODATA'],
  ])('%s -> %s', async (host, outcome, code) => {
    const step = await probeDns(network, host, deadline(2000));
    expect(step).toMatchObject({ ok: false, outcome, code });
    expect(step.evidence.addresses).toEqual([]);
  });

  it('times out on a silent server', async () => {
    const step = await probeDns(network, 'silent.test', deadline(300));
    expect(step).toMatchObject({ ok: false, outcome: 'timeout' });
    expect(step.evidence.servers.every((s) => s.error === 'ETIMEDOUT')).toBe(true);
  });

  it('records truncation and the TCP retry', async () => {
    const step = await probeDns(network, 'big.test', deadline(2000));
    expect(step.evidence.servers.find((s) => s.type === 'A')).toMatchObject({ protocol: 'tcp', truncated: true, addresses: ['203.0.113.30'] });
  });

  it('keeps ok when the proxy resolves, with the local failure as evidence', async () => {
    const step = await probeDns(network, 'missing.test', deadline(2000), { proxyResolves: true });
    expect(step).toMatchObject({ ok: true, outcome: 'nxdomain', evidence: { proxyResolves: true } });
  });

  it('is aborted by the signal', async () => {
    const controller = new AbortController();
    const pending = probeDns(network, 'silent.test', deadline(10_000, controller.signal));
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, outcome: 'aborted' });
  });
});
