// dnsmasq as the namespace's resolver: what it answers in each mode, seen on the wire (dns-packet)
// and through the system resolver (getent, i.e. getaddrinfo with the namespace's resolv.conf).
import { expect, it } from 'vitest';
import { createNamespace, describeWithDeps, dnsQuery, observe, startDnsmasq, startListeners, useNamespace } from '../harness/index.js';

const SILENT_PORT = 5399;

describeWithDeps('dnsmasq in a namespace', ['ip', 'ss', 'dnsmasq', 'getent'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    const silent = await startListeners(ns, [{ kind: 'udp-silent', host: '127.0.0.1', port: SILENT_PORT }]);
    const dnsmasq = await startDnsmasq(ns, {
      records: { 'registry-1.example.net': '203.0.113.10', 'dual.example.net': ['203.0.113.11', '2001:db8::11'] },
      domains: { 'azurecr.io': '203.0.113.12' },
      nxdomain: ['pypi.org'],
      sinkhole: ['docker.io'],
      forward: [
        { domain: 'silent.example.org', server: `127.0.0.1#${SILENT_PORT}` },
        { domain: 'closed.example.org', server: '127.0.0.1#5398' },
      ],
    });
    return { dnsmasq, silent };
  });

  it('answers local overrides (host-record) with the configured addresses', async () => {
    const { ns } = env();
    const a = await dnsQuery(ns, { name: 'registry-1.example.net', type: 'A' });
    const aaaa = await dnsQuery(ns, { name: 'registry-1.example.net', type: 'AAAA' });
    const dual = await dnsQuery(ns, { name: 'dual.example.net', type: 'AAAA' });
    observe('dnsmasq host-record', { a, aaaa, dual });
    expect(a.rcode).toBe('NOERROR');
    expect(a.answers?.map((x) => x.data)).toEqual(['203.0.113.10']);
    expect(aaaa.rcode).toBe('NOERROR');
    expect(aaaa.answers).toEqual([]);
    expect(dual.answers?.map((x) => x.data)).toEqual(['2001:db8::11']);
  });

  it('answers a domain override for every subdomain, NODATA for the other type', async () => {
    const { ns } = env();
    const a = await dnsQuery(ns, { name: 'myacr.azurecr.io', type: 'A' });
    const aaaa = await dnsQuery(ns, { name: 'myacr.azurecr.io', type: 'AAAA' });
    observe('dnsmasq address=/domain/ip + local=/domain/', { a, aaaa });
    expect(a.answers?.map((x) => x.data)).toEqual(['203.0.113.12']);
    expect(aaaa.rcode).toBe('NOERROR');
    expect(aaaa.answers).toEqual([]);
  });

  it('answers NXDOMAIN for a blocked public name and its subdomains', async () => {
    const { ns } = env();
    const apex = await dnsQuery(ns, { name: 'pypi.org', type: 'A' });
    const sub = await dnsQuery(ns, { name: 'files.pypi.org', type: 'AAAA' });
    observe('dnsmasq address=/name/ (NXDOMAIN)', { apex, sub });
    expect(apex.rcode).toBe('NXDOMAIN');
    expect(sub.rcode).toBe('NXDOMAIN');
  });

  it('answers the NULL address for a sinkholed domain', async () => {
    const { ns } = env();
    const a = await dnsQuery(ns, { name: 'registry-1.docker.io', type: 'A' });
    const aaaa = await dnsQuery(ns, { name: 'docker.io', type: 'AAAA' });
    observe('dnsmasq address=/name/# (sinkhole)', { a, aaaa });
    expect(a.answers?.map((x) => x.data)).toEqual(['0.0.0.0']);
    expect(aaaa.answers?.map((x) => x.data)).toEqual(['::']);
  });

  it('never answers a name forwarded to a silent upstream', async () => {
    const { ns } = env();
    const r = await dnsQuery(ns, { name: 'api.silent.example.org', type: 'A', timeoutMs: 3_000 });
    observe('dnsmasq forward to silent upstream', r);
    expect(r.outcome).toBe('timeout');
  });

  it('answers NXDOMAIN for names nothing covers, REFUSED when configured as dnsmasq alone would', async () => {
    const { ns } = env();
    const refusing = await startDnsmasq(ns, { listen: '127.0.0.2', unknownNames: 'refused', records: { 'only-a.example.net': '203.0.113.13' } });
    try {
      const unknown = await dnsQuery(ns, { name: 'unknown.example.com', type: 'A' });
      const refused = await dnsQuery(ns, { name: 'unknown.example.com', type: 'A', server: '127.0.0.2' });
      const closed = await dnsQuery(ns, { name: 'api.closed.example.org', type: 'A', timeoutMs: 3_000 });
      observe('dnsmasq unknown names / no upstream / forward to closed port', { unknown, refused, closed });
      expect(unknown.rcode).toBe('NXDOMAIN');
      expect(refused.rcode).toBe('REFUSED');
      expect(closed.outcome).toMatch(/answer|timeout/);
    } finally {
      await refusing.stop();
    }
  });

  it('getaddrinfo with AI_ADDRCONFIG asks nothing on a host with no address of that family', async () => {
    const bare = await createNamespace({ hostAddresses: [] });
    try {
      await startDnsmasq(bare, { records: { 'registry-1.example.net': '203.0.113.10' } });
      const v4 = await bare.exec('getent', ['ahostsv4', 'registry-1.example.net']);
      const plain = await bare.exec('getent', ['hosts', 'registry-1.example.net']);
      observe('getent without a non-loopback address', { ahostsv4: v4.code, hosts: plain.code });
      expect(v4.code).toBe(2);
      expect(plain.code).toBe(0);
    } finally {
      await bare.destroy();
    }
  });

  it('is the system resolver inside the namespace (getent through resolv.conf)', async () => {
    const { ns, dnsmasq } = env();
    const ok = await ns.exec('getent', ['ahostsv4', 'registry-1.example.net']);
    const nx = await ns.exec('getent', ['hosts', 'pypi.org']);
    const sink = await ns.exec('getent', ['ahostsv4', 'docker.io']);
    const silent = await ns.exec('getent', ['hosts', 'x.silent.example.org'], { timeoutMs: 10_000 });
    observe('getent through dnsmasq', {
      ok: { code: ok.code, out: ok.stdout.split('\n')[0] },
      nx: { code: nx.code },
      sink: { code: sink.code, out: sink.stdout.split('\n')[0] },
      silent: { code: silent.code, ms: silent.ms },
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^203\.0\.113\.10\s/);
    expect(nx.code).toBe(2); // getent: key not found
    expect(sink.stdout).toMatch(/^0\.0\.0\.0\s/);
    expect(silent.code).toBe(2);
    expect(dnsmasq.log()).toContain('query[A] registry-1.example.net');
  });
});
