import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChannelCount } from '../../src/net/dns-channel.js';
import { createNetwork, parseResolvConf } from '../../src/net/index.js';
import { startDnsServer, type TestDnsServer } from './fixtures/dns-server.js';
import { deadline } from './fixtures/servers.js';

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer({
    'good.test': { a: ['203.0.113.10'], aaaa: ['2001:db8::10'], ttl: 120 },
    'alias.test': { cname: 'middle.test' },
    'middle.test': { cname: 'good.test' },
    'broken.test': { rcode: 'SERVFAIL' },
    'refused.test': { rcode: 'REFUSED' },
    'silent.test': { silent: true },
    'big.test': { a: ['203.0.113.20', '203.0.113.21'], truncate: true },
    'empty.test': {},
  });
});
afterAll(() => dns.close());

const server = (): { address: string; port: number } => ({ address: '127.0.0.1', port: dns.port });

describe('query', () => {
  const network = () => createNetwork({ dnsServers: [server()], systemCaPath: null, env: {} });

  it('answers A with TTL over UDP', async () => {
    const result = await network().query(server(), 'good.test', 'A', deadline(2000));
    expect(result).toMatchObject({ rcode: 'NOERROR', protocol: 'udp', server: `127.0.0.1:${dns.port}` });
    expect(result.answers).toEqual([{ type: 'A', name: 'good.test', ttl: 120, data: '203.0.113.10' }]);
  });

  it('follows nothing itself but returns the CNAME chain', async () => {
    const result = await network().query(server(), 'alias.test', 'AAAA', deadline(2000));
    expect(result.answers.map((a) => `${a.type} ${a.data}`)).toEqual(['CNAME middle.test', 'CNAME good.test', 'AAAA 2001:db8::10']);
  });

  it.each([
    ['nothing.test', 'NXDOMAIN'],
    ['broken.test', 'SERVFAIL'],
    ['refused.test', 'REFUSED'],
  ])('%s -> %s', async (name, rcode) => {
    const result = await network().query(server(), name, 'A', deadline(2000));
    expect(result.rcode).toBe(rcode);
    expect(result.answers).toEqual([]);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const result = await network().query(server(), 'big.test', 'A', deadline(2000));
    expect(result).toMatchObject({ protocol: 'tcp', truncated: true, rcode: 'NOERROR' });
    expect(result.answers.map((a) => a.data)).toEqual(['203.0.113.20', '203.0.113.21']);
    expect(dns.queries.filter((q) => q.name === 'big.test').map((q) => q.protocol)).toEqual(['udp', 'tcp']);
  });

  it('times out on a silent server, with no rcode', async () => {
    const result = await network().query(server(), 'silent.test', 'A', deadline(300));
    expect(result.error).toBe('ETIMEDOUT');
    expect(result.rcode).toBeUndefined();
  });

  it('reports ECONNREFUSED when nothing listens on the UDP port', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const result = await network().query({ address: '127.0.0.1', port }, 'good.test', 'A', deadline(2000));
    expect(result.error).toBe('ECONNREFUSED');
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    const pending = network().query(server(), 'silent.test', 'A', deadline(10_000, controller.signal));
    controller.abort();
    expect((await pending).error).toBe('ABORT_ERR');
  });
});

describe('queries in flight to one server', () => {
  const network = () => createNetwork({ dnsServers: [server()], systemCaPath: null, env: {} });

  it('share one socket, each gets its own answer, and nothing stays open', async () => {
    const names = ['good.test', 'nothing.test', 'broken.test', 'refused.test', 'alias.test'];
    const before = dns.queries.length;
    const results = await Promise.all(names.flatMap((name) => (['A', 'AAAA'] as const).map((type) => network().query(server(), name, type, deadline(2000)))));
    expect(results.map((r) => `${r.type} ${r.rcode ?? r.error}`)).toEqual(['A NOERROR', 'AAAA NOERROR', 'A NXDOMAIN', 'AAAA NXDOMAIN', 'A SERVFAIL', 'AAAA SERVFAIL', 'A REFUSED', 'AAAA REFUSED', 'A NOERROR', 'AAAA NOERROR']);
    expect(results[0]?.answers.map((a) => a.data)).toEqual(['203.0.113.10']);
    expect(results[1]?.answers.map((a) => a.data)).toEqual(['2001:db8::10']);
    expect(new Set(dns.queries.slice(before).map((q) => q.sourcePort)).size).toBe(1);
    expect(openChannelCount()).toBe(0);
  });

  it('a silent question times out without holding up the others', async () => {
    const [silent, good] = await Promise.all([network().query(server(), 'silent.test', 'A', deadline(400)), network().query(server(), 'good.test', 'A', deadline(2000))]);
    expect(silent.error).toBe('ETIMEDOUT');
    expect(good).toMatchObject({ rcode: 'NOERROR', answers: [{ data: '203.0.113.10' }] });
    expect(openChannelCount()).toBe(0);
  });

  it('aborting one leaves the other to finish', async () => {
    const controller = new AbortController();
    const aborted = network().query(server(), 'silent.test', 'A', deadline(10_000, controller.signal));
    const good = network().query(server(), 'good.test', 'AAAA', deadline(2000));
    controller.abort();
    expect((await aborted).error).toBe('ABORT_ERR');
    expect((await good).answers.map((a) => a.data)).toEqual(['2001:db8::10']);
    expect(openChannelCount()).toBe(0);
  });

  it('a closed port refuses every question in flight, and a later question gets a fresh socket', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const closed = { address: '127.0.0.1', port };
    const results = await Promise.all(['a.test', 'b.test', 'c.test'].map((name) => network().query(closed, name, 'A', deadline(2000))));
    expect(results.map((r) => r.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect(openChannelCount()).toBe(0);
    // A retired channel is never reused: a closed one would drop the query and time out instead.
    expect((await network().query(closed, 'd.test', 'A', deadline(2000))).error).toBe('ECONNREFUSED');
  });
});

describe('lookup with --dns-server', () => {
  it('resolves A and AAAA from the configured server only', async () => {
    const network = createNetwork({ dnsServers: [server()], systemCaPath: null, env: {} });
    expect(network.nameservers()).toEqual([server()]);
    const result = await network.lookup('good.test', deadline(2000));
    expect(result.ok && result.addresses).toEqual([
      { address: '203.0.113.10', family: 4 },
      { address: '2001:db8::10', family: 6 },
    ]);
    expect(result.via).toContain(`127.0.0.1:${dns.port}`);
  });

  it.each([
    ['nothing.test', 'ENOTFOUND', 'NXDOMAIN'],
    ['empty.test', 'ENODATA', 'NOERROR'],
    ['broken.test', 'ESERVFAIL', 'SERVFAIL'],
    ['refused.test', 'EREFUSED', 'REFUSED'],
  ])('%s fails with %s (rcode %s)', async (name, code, rcode) => {
    const network = createNetwork({ dnsServers: [server()], systemCaPath: null, env: {} });
    const result = await network.lookup(name, deadline(2000));
    expect(result).toMatchObject({ ok: false, code, rcode });
  });

  it('times out on a silent server', async () => {
    const network = createNetwork({ dnsServers: [server()], systemCaPath: null, env: {} });
    expect(await network.lookup('silent.test', deadline(300))).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
  });

  it('rejects a server that is not an IP address at construction', () => {
    expect(() => createNetwork({ dnsServers: [{ address: 'dns.example', port: 53 }] })).toThrow(/dns\.example/);
  });
});

describe('system lookup', () => {
  it('resolves localhost through getaddrinfo (/etc/hosts)', async () => {
    const network = createNetwork({ systemCaPath: null, env: {} });
    const result = await network.lookup('localhost', deadline(5000));
    expect(result.via).toBe('getaddrinfo');
    expect(result.ok && result.addresses.some((a) => a.address === '127.0.0.1' || a.address === '::1')).toBe(true);
  });
});

describe('parseResolvConf', () => {
  it('reads nameservers and the last search line', () => {
    const conf = parseResolvConf(
      '# comment\nnameserver 10.0.0.2\nnameserver fe80::1%eth0 ; zone\ndomain old.example\nsearch corp.example lab.example\noptions ndots:5\n',
    );
    expect(conf.nameservers).toEqual([
      { address: '10.0.0.2', port: 53 },
      { address: 'fe80::1', port: 53 },
    ]);
    expect(conf.search).toEqual(['corp.example', 'lab.example']);
    expect(conf.policy).toEqual({ timeoutS: 5, attempts: 2, rotate: false });
  });

  it('reads the options glibc orders and times its queries by, the last of each winning, capped as glibc caps them', () => {
    expect(parseResolvConf('nameserver 10.0.0.2\noptions timeout:2 attempts:3\noptions rotate timeout:1\n').policy).toEqual({ timeoutS: 1, attempts: 3, rotate: true });
    expect(parseResolvConf('options timeout:90 attempts:9\n').policy).toEqual({ timeoutS: 30, attempts: 5, rotate: false });
    expect(parseResolvConf('options timeout:0 attempts:x\n').policy).toEqual({ timeoutS: 1, attempts: 2, rotate: false });
  });

  it('uses the given resolv.conf for nameservers()', async () => {
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const folder = mkdtempSync(join(tmpdir(), 'netreq-'));
    try {
      const path = join(folder, 'resolv.conf');
      writeFileSync(path, 'nameserver 192.0.2.53\n');
      expect(createNetwork({ resolvConfPath: path, systemCaPath: null, env: {} }).nameservers()).toEqual([{ address: '192.0.2.53', port: 53 }]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
