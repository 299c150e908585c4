import { afterEach, describe, expect, it } from 'vitest';
import type { Deadline, Network } from '../../src/net/index.js';
import { startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';

const sites: SimSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

function deadline(timeoutMs = 1_000): Deadline {
  return { signal: new AbortController().signal, timeoutMs };
}

async function site(spec: SiteSpecInput, hosts?: string[]): Promise<SimSite> {
  const started = await startSite(spec, hosts === undefined ? {} : { hosts });
  sites.push(started);
  return started;
}

/** DNS, TCP and TLS to host:port as a probe would, through the site's Network. */
async function probe(network: Network, host: string, port = 443, timeoutMs = 1_000) {
  const lookup = await network.lookup(host, deadline(timeoutMs));
  if (!lookup.ok) return { lookup };
  const address = lookup.addresses[0]?.address ?? '';
  const tcp = await network.connect({ address, port, ...deadline(timeoutMs) });
  if (!tcp.ok) return { lookup, address, tcp };
  const tls = await network.tls({ socket: tcp.socket, servername: host, ...deadline(timeoutMs) });
  if (tls.ok) tls.socket.destroy();
  return { lookup, address, tcp, tls };
}

describe('a simulated site through its Network', () => {
  it('the healthy internet: every name resolves to a documentation address, TLS is publicly trusted', async () => {
    const s = await site({});
    expect(s.network.kind).toBe('simulated');
    const result = await probe(s.network, 'nvcr.io');
    expect(result.address).toMatch(/^203\.0\.113\./);
    expect(s.addressOf('nvcr.io')).toBe(result.address);
    expect(result.tls).toMatchObject({ ok: true, authorized: true, trust: 'public', hostnameMatches: true });
    expect(s.requests()).toEqual([{ host: 'nvcr.io', port: 443, via: 'direct' }]);
    expect(s.network.nameservers()).toEqual([s.dnsServer]);
  });

  it('DNS behaviours per name: nxdomain, servfail, refused, silent, sinkhole, no-address, CNAME', async () => {
    const s = await site({
      hosts: {
        'gone.example.com': { dns: 'nxdomain' },
        'broken.example.com': { dns: 'servfail' },
        'refusing.example.com': { dns: 'refused' },
        'quiet.example.com': { dns: 'silent' },
        'registry-1.docker.io': { dns: 'sinkhole' },
        'empty.example.com': { dns: 'no-address' },
        'blob.example.com': { dns: { cname: 'edge.cdn.example.net', ttl: 30 } },
        'private.example.com': { dns: { addresses: ['10.20.30.40'] } },
      },
    });
    const code = async (host: string) => {
      const result = await s.network.lookup(host, deadline(300));
      return result.ok ? result.addresses.map((a) => a.address) : [result.code, result.ok === false ? result.rcode : undefined];
    };
    expect(await code('gone.example.com')).toEqual(['ENOTFOUND', 'NXDOMAIN']);
    expect(await code('broken.example.com')).toEqual(['ESERVFAIL', 'SERVFAIL']);
    expect(await code('refusing.example.com')).toEqual(['EREFUSED', 'REFUSED']);
    expect((await code('quiet.example.com'))[0]).toBe('ETIMEDOUT');
    expect(await code('registry-1.docker.io')).toEqual(['0.0.0.0', '::']);
    expect(await code('empty.example.com')).toEqual(['ENODATA', 'NOERROR']);
    expect(await code('private.example.com')).toEqual(['10.20.30.40']);
    const cname = await s.network.query(s.dnsServer, 'blob.example.com', 'A', deadline());
    expect(cname.answers.map((a) => [a.type, a.data])).toEqual([
      ['CNAME', 'edge.cdn.example.net'],
      ['A', s.addressOf('edge.cdn.example.net')],
    ]);
    expect(cname.answers[0]?.ttl).toBe(30);
    // A sinkholed name leads nowhere: 0.0.0.0 is refused, as on a real host.
    const sink = await s.network.connect({ address: '0.0.0.0', port: 443, ...deadline() });
    expect(sink).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    // The private address is routed to the host's listener.
    expect((await probe(s.network, 'private.example.com')).tls).toMatchObject({ ok: true, authorized: true });
  });

  it('a truncated answer is complete over TCP; the whole resolver silent or refusing', async () => {
    const s = await site({ hosts: { 'big.example.com': { dns: 'truncated' } } });
    const answer = await s.network.query(s.dnsServer, 'big.example.com', 'A', deadline());
    expect(answer.answers.map((a) => a.data)).toEqual([s.addressOf('big.example.com')]);
    const silent = await site({ dns: { server: 'silent' } });
    const lookup = await silent.network.lookup('pypi.org', deadline(300));
    expect(lookup).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    const refusing = await site({ dns: { server: 'refused' } });
    expect(await refusing.network.lookup('pypi.org', deadline())).toMatchObject({ ok: false, rcode: 'REFUSED' });
  });

  it('a secondary resolver that disagrees', async () => {
    const s = await site({ dns: { secondary: { hosts: { 'nvcr.io': { addresses: ['192.0.2.200'] } } } } });
    expect(s.dnsServers).toHaveLength(2);
    const [primary, secondary] = s.dnsServers;
    const a = await s.network.query(primary!, 'nvcr.io', 'A', deadline());
    const b = await s.network.query(secondary!, 'nvcr.io', 'A', deadline());
    expect(a.answers[0]?.data).toBe(s.addressOf('nvcr.io'));
    expect(b.answers[0]?.data).toBe('192.0.2.200');
  });

  it('TCP behaviours per port: refused, silent (real dropped SYN), reset, open elsewhere', async () => {
    const s = await site({
      hosts: {
        'mirror.example.com': { ports: { 80: 'refused', 443: 'silent' } },
        'dpi.example.com': { ports: { 443: 'reset' } },
      },
    });
    expect((await probe(s.network, 'mirror.example.com', 80)).tcp).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect((await probe(s.network, 'mirror.example.com', 443, 400)).tcp).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    const reset = await probe(s.network, 'dpi.example.com');
    expect(reset.tcp?.ok).toBe(true);
    expect(reset.tls).toMatchObject({ ok: false, code: 'ECONNRESET' });
    // Unlisted ports on a named host behave as the default.
    expect((await probe(s.network, 'mirror.example.com', 8443)).tls).toMatchObject({ ok: true, authorized: true });
  });

  it('wildcards: any name under one behaves as it says', async () => {
    const s = await site({ hosts: { '*.blob.core.windows.net': { ports: { 443: 'silent' } }, 'never.example.com': {} } });
    expect(s.unexercised()).toEqual(['*.blob.core.windows.net', 'never.example.com']);
    const result = await probe(s.network, 'acct.blob.core.windows.net', 443, 300);
    expect(result.lookup.ok).toBe(true);
    expect(result.tcp).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    expect((await probe(s.network, 'blob.core.windows.net')).tls).toMatchObject({ ok: true });
    expect(s.unexercised()).toEqual(['never.example.com']);
  });

  it('TLS behaviours: expired, wrong name, intercepted (trusted or not), private CA', async () => {
    const spec: SiteSpecInput = {
      hosts: {
        'old.example.com': { ports: { 443: { tls: 'expired' } } },
        'cdn.example.com': { ports: { 443: { tls: 'wrong-name' } } },
        'pypi.org': { ports: { 443: { tls: { interceptedBy: 'Contoso TLS Inspection CA' } } } },
        'runai.corp.example': { ports: { 443: { tls: { issuedBy: 'Corp Root CA' } } } },
      },
    };
    const s = await site(spec);
    expect((await probe(s.network, 'old.example.com')).tls).toMatchObject({ ok: true, authorized: false, authorizationError: 'CERT_HAS_EXPIRED' });
    expect((await probe(s.network, 'cdn.example.com')).tls).toMatchObject({ ok: true, hostnameMatches: false });
    expect((await probe(s.network, 'pypi.org')).tls).toMatchObject({ ok: true, authorized: false, trust: 'untrusted' });
    expect((await probe(s.network, 'runai.corp.example')).tls).toMatchObject({ ok: true, authorized: false });
    const trusting = await site({ ...spec, trustInterceptCa: true, trustedCas: ['Corp Root CA'] });
    expect(trusting.extraCaPems).toHaveLength(2);
    expect((await probe(trusting.network, 'pypi.org')).tls).toMatchObject({ ok: true, authorized: true, trust: 'extra' });
    expect((await probe(trusting.network, 'runai.corp.example')).tls).toMatchObject({ ok: true, authorized: true, trust: 'extra' });
  });

  it('IP targets: a named IP behaves as its entry says, an unnamed one as the default', async () => {
    const s = await site({ hosts: { '10.0.0.5': { ports: { 22: 'refused' } } } });
    expect(await s.network.connect({ address: '10.0.0.5', port: 22, ...deadline() })).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    const open = await s.network.connect({ address: '192.168.50.10', port: 22, ...deadline() });
    expect(open.ok).toBe(true);
    if (open.ok) open.socket.destroy();
    expect(s.requests().map((r) => r.host)).toEqual(['10.0.0.5', '192.168.50.10']);
  });

  it('through the proxy: CONNECT over the Network, then TLS from the trusted inspection CA', async () => {
    const s = await site({ proxy: { mode: 'intercept' }, trustInterceptCa: true });
    const proxy = new URL(s.proxyEndpoint ?? '');
    const tcp = await s.network.connect({ address: proxy.hostname, port: Number(proxy.port), ...deadline() });
    if (!tcp.ok) throw new Error(`proxy: ${tcp.code}`);
    const head = await new Promise<string>((resolve) => {
      let data = '';
      tcp.socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('latin1');
        if (data.includes('\r\n\r\n')) {
          tcp.socket.removeAllListeners('data');
          tcp.socket.pause();
          resolve(data);
        }
      });
      tcp.socket.write('CONNECT pypi.org:443 HTTP/1.1\r\nHost: pypi.org:443\r\n\r\n');
    });
    expect(head.startsWith('HTTP/1.1 200')).toBe(true);
    const tls = await s.network.tls({ socket: tcp.socket, servername: 'pypi.org', ...deadline() });
    expect(tls).toMatchObject({ ok: true, authorized: true, trust: 'extra', hostnameMatches: true });
    if (tls.ok) tls.socket.destroy();
    expect(s.requests()).toEqual([{ host: 'pypi.org', port: 443, via: 'proxy' }]);
  });

  it("root-causes 1: the node's IPv6 broken (site.ipv6): a dual-stack name's IPv4 connects, its IPv6 does not", async () => {
    const spec: SiteSpecInput = { default: { dns: { ipv6: true } } };
    const addresses = async (s: SimSite) => {
      const lookup = await s.network.lookup('gcr.io', deadline());
      return lookup.ok ? lookup.addresses.map((a) => a.address) : [];
    };
    const broken = await site({ ...spec, ipv6: 'refused' });
    const [v4 = '', v6 = ''] = [...(await addresses(broken))].sort((a, b) => a.length - b.length);
    expect(v6).toMatch(/^2001:db8:/);
    expect(await broken.network.connect({ address: v4, port: 443, ...deadline() })).toMatchObject({ ok: true });
    expect(await broken.network.connect({ address: v6, port: 443, ...deadline() })).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    const silent = await site({ ...spec, ipv6: 'silent' });
    const silentV6 = (await addresses(silent)).find((a) => a.includes(':')) ?? '';
    expect(await silent.network.connect({ address: silentV6, port: 443, ...deadline(300) })).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    const healthy = await site(spec);
    const healthyV6 = (await addresses(healthy)).find((a) => a.includes(':')) ?? '';
    const connected = await healthy.network.connect({ address: healthyV6, port: 443, ...deadline() });
    expect(connected.ok).toBe(true);
    if (connected.ok) connected.socket.destroy();
  });

  it('root-causes 1: a just-issued certificate is valid from an hour ago, so a clock hours behind sees it not yet valid', async () => {
    const s = await site({ hosts: { 'login.microsoftonline.com': { ports: { 443: { tls: 'just-issued' } } } } });
    const tls = (await probe(s.network, 'login.microsoftonline.com')).tls;
    expect(tls).toMatchObject({ ok: true, authorized: true });
    const leaf = tls?.ok === true ? tls.chain[0] : undefined;
    const issuedAgo = Date.now() - Date.parse(leaf?.validFrom ?? '');
    expect(issuedAgo).toBeGreaterThan(3_000_000);
    expect(issuedAgo).toBeLessThan(2 * 3_600_000);
  });

  it("the node's wrong clock", async () => {
    const s = await site({ clock: { offsetSeconds: -86_400 * 400 } });
    expect(Date.now() - s.network.now()).toBeGreaterThan(86_400_000 * 399);
  });

  it('a proxy URL with credentials, and close is idempotent', async () => {
    const s = await startSite({ proxy: { mode: 'auth', credentials: { user: 'u', password: 'p w' } } });
    expect(s.proxyUrl).toMatch(/^http:\/\/u:p%20w@127\.0\.0\.1:\d+$/);
    await s.close();
    await s.close();
    expect((await s.network.connect({ address: '127.0.0.1', port: Number(new URL(s.proxyEndpoint ?? '').port), ...deadline() })).ok).toBe(false);
  });

  it('rejects a bad spec, naming the path', async () => {
    await expect(startSite({ hosts: { 'a.example': { ports: { 443: { tls: 'rotten' } } } } } as unknown as SiteSpecInput)).rejects.toThrow(
      /hosts\.a\.example\.ports\.443/,
    );
  });

  it('starts 80 hosts quickly (time logged, not asserted)', async () => {
    const hosts: Record<string, SiteSpecInput['hosts'] extends infer H ? (H extends Record<string, infer V> ? V : never) : never> = {};
    const kinds = ['good', 'expired', 'wrong-name', 'not-yet-valid'] as const;
    for (let i = 0; i < 80; i += 1) {
      hosts[`host${i}.example.com`] = i % 10 === 0 ? { ports: { 443: { tls: kinds[(i / 10) % kinds.length] ?? 'good' }, 80: 'refused' } } : {};
    }
    const started = performance.now();
    const s = await site({ hosts, proxy: { mode: 'open' } });
    console.log(`startSite with 80 hosts: ${(performance.now() - started).toFixed(1)} ms`);
    const result = await probe(s.network, 'host79.example.com');
    expect(result.tls).toMatchObject({ ok: true, authorized: true });
  });
});
