// OpenSSH's banner as a BCM headnode shows it, something else on port 22, and what nftables
// rules and unreachable routes do to a connect() inside a namespace (error codes and timings).
import { expect, it } from 'vitest';
import {
  addUnreachableRoute,
  applyNftRules,
  describeWithDeps,
  observe,
  readBanner,
  startListeners,
  startOrigins,
  startSshd,
  tcpConnect,
  useNamespace,
} from '../harness/index.js';

describeWithDeps('sshd in a namespace', ['ip', 'ss', '/usr/sbin/sshd', 'ssh-keygen'], () => {
  const env = useNamespace({}, async (ns) => {
    const sshd = await startSshd(ns, { listen: '198.51.100.22', port: 22 });
    const custom = await startSshd(ns, { listen: '198.51.100.23', port: 2222, debianBanner: false, versionAddendum: 'bcm-headnode' });
    await startListeners(ns, [
      { kind: 'banner', host: '198.51.100.24', port: 22, text: 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n' },
      { kind: 'tcp-silent', host: '198.51.100.25', port: 22 },
    ]);
    return { sshd, custom };
  });

  it('sends its banner at once, before the client says anything', async () => {
    const { ns, sshd } = env();
    const banner = await readBanner(ns, '198.51.100.22', 22);
    const custom = await readBanner(ns, '198.51.100.23', 2222);
    observe('sshd banner', { banner, custom, fingerprint: sshd.hostKeyFingerprint });
    expect(banner.outcome).toBe('banner');
    expect(banner.line).toMatch(/^SSH-2\.0-OpenSSH_\S+ Debian-\S+$/);
    expect(custom.line).toMatch(/^SSH-2\.0-OpenSSH_\S+ bcm-headnode$/);
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:/);
  });

  it('something else on port 22: another protocol\'s first line, or silence', async () => {
    const { ns } = env();
    const http = await readBanner(ns, '198.51.100.24', 22);
    const silent = await readBanner(ns, '198.51.100.25', 22, 1_500);
    observe('not ssh on 22', { http, silent });
    expect(http).toMatchObject({ outcome: 'banner', line: 'HTTP/1.1 400 Bad Request' });
    expect(silent.outcome).toBe('connected-silent');
  });
});

describeWithDeps('nftables and routes in a namespace', ['ip', 'ss', 'nft'], () => {
  const env = useNamespace({}, async (ns) => {
    await startOrigins(ns, {
      sites: [
        { names: ['dropped.example.com'], address: '203.0.113.40', http: false },
        { names: ['reset.example.com'], address: '203.0.113.41', http: false },
        { names: ['icmp.example.com'], address: '203.0.113.42', http: false },
        { names: ['prohibited.example.com'], address: '203.0.113.43', http: false },
        { names: ['dpi.example.com'], address: '203.0.113.44', http: false },
        { names: ['v6.example.com'], address: '2001:db8::45', http: false },
      ],
    });
    const rules = await applyNftRules(ns, [
      { address: '203.0.113.40', port: 443, action: 'drop' },
      { address: '203.0.113.41', port: 443, action: 'reject-reset' },
      { address: '203.0.113.42', port: 443, action: 'reject-host-unreachable' },
      { address: '203.0.113.43', port: 443, action: 'reject-admin-prohibited' },
      { address: '203.0.113.44', port: 443, action: 'reset-data' },
      { address: '2001:db8::45', port: 443, action: 'drop' },
    ]);
    await addUnreachableRoute(ns, '203.0.113.99');
    return { rules };
  });

  it('drop: the SYN gets no answer (the client\'s own deadline ends it)', async () => {
    const { ns } = env();
    const v4 = await tcpConnect(ns, '203.0.113.40', 443, 1_500);
    const v6 = await tcpConnect(ns, '2001:db8::45', 443, 1_500);
    const curl = await ns.exec('curl', ['-sS', '--connect-timeout', '1', 'https://203.0.113.40/'], { timeoutMs: 10_000 });
    observe('nft drop', { v4, v6, curl: { exit: curl.code, stderr: curl.stderr.trim() } });
    expect(v4.outcome).toBe('no-answer');
    expect(v6.outcome).toBe('no-answer');
    expect(curl.code).toBe(28);
  });

  it('reject with tcp reset: ECONNREFUSED, like a closed port', async () => {
    const { ns } = env();
    const rejected = await tcpConnect(ns, '203.0.113.41', 443);
    const closed = await tcpConnect(ns, '203.0.113.41', 8443);
    observe('nft reject tcp reset / closed port', { rejected, closed });
    expect(rejected).toMatchObject({ outcome: 'error', code: 'ECONNREFUSED' });
    expect(closed).toMatchObject({ outcome: 'error', code: 'ECONNREFUSED' });
  });

  it('reject with ICMP host-unreachable or admin-prohibited: EHOSTUNREACH', async () => {
    const { ns } = env();
    const host = await tcpConnect(ns, '203.0.113.42', 443);
    const admin = await tcpConnect(ns, '203.0.113.43', 443);
    observe('nft reject icmp', { host, admin });
    expect(host).toMatchObject({ outcome: 'error', code: 'EHOSTUNREACH' });
    expect(admin).toMatchObject({ outcome: 'error', code: 'EHOSTUNREACH' });
  });

  it('unreachable route: EHOSTUNREACH at once; no route at all: ENETUNREACH', async () => {
    const { ns } = env();
    const unreachable = await tcpConnect(ns, '203.0.113.99', 443);
    const noRoute = await tcpConnect(ns, '192.0.2.200', 443);
    const noRoute6 = await tcpConnect(ns, '2001:db8:ffff::1', 443);
    observe('routes', { unreachable, noRoute, noRoute6 });
    expect(unreachable).toMatchObject({ outcome: 'error', code: 'EHOSTUNREACH' });
    expect(noRoute).toMatchObject({ outcome: 'error', code: 'ENETUNREACH' });
    expect(noRoute6).toMatchObject({ outcome: 'error', code: 'ENETUNREACH' });
  });

  it('reset on the first data segment: the handshake completes, then the TLS ClientHello is reset', async () => {
    const { ns } = env();
    const connect = await tcpConnect(ns, '203.0.113.44', 443);
    const curl = await ns.exec('curl', ['-sS', '-k', '--max-time', '5', 'https://203.0.113.44/'], { timeoutMs: 10_000 });
    observe('nft reset-data', { connect, curl: { exit: curl.code, stderr: curl.stderr.trim() } });
    expect(connect.outcome).toBe('connected');
    expect(curl.code).toBe(35);
    expect(curl.stderr).toContain('Connection reset by peer');
  });
});
