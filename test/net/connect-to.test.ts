import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, targetKey, type Finding, type Target } from '../../src/diagnose/index.js';
import { connectToRoute, createNetwork, parseConnectTo } from '../../src/net/index.js';
import { probeTcp } from '../../src/probes/index.js';
import { closedPort, deadline, tcpServer, type TestServer } from './fixtures/servers.js';

describe('--connect-to HOST:PORT:ADDRESS:PORT', () => {
  it.each([
    ['registry.example.com:443:10.1.2.3:8443', { host: 'registry.example.com', port: 443, address: '10.1.2.3', toPort: 8443 }],
    [':443:127.0.0.1:', { port: 443, address: '127.0.0.1' }],
    ['Registry.Example.COM.::[fd00::5]:8443', { host: 'registry.example.com', address: 'fd00::5', toPort: 8443 }],
    [':::9443', { toPort: 9443 }],
  ])('%s parses', (text, rule) => {
    expect(parseConnectTo(text)).toEqual({ ...rule, text });
  });

  it.each([
    ['registry.example.com:443:10.1.2.3', 'not four parts'],
    ['a:443:proxy.corp.example:443', "'proxy.corp.example' is not an IP address"],
    ['a:99999:10.0.0.1:443', "'99999' is not a port"],
    ['a:443::', 'neither an address nor a port'],
    ['a:443:[fd00::5:443', 'not four parts'],
  ])('%s is refused: %s', (text, why) => {
    expect(() => parseConnectTo(text)).toThrow(why);
  });

  it('the first rule whose host and port match decides; empty parts keep the resolved ones', () => {
    const route = connectToRoute([parseConnectTo('a.example:443:10.0.0.1:8443'), parseConnectTo(':443::9443'), parseConnectTo('b.example:::22')]);
    expect(route('A.example.', '203.0.113.1', 443)).toEqual({ address: '10.0.0.1', port: 8443 });
    expect(route('c.example', '203.0.113.1', 443)).toEqual({ address: '203.0.113.1', port: 9443 });
    expect(route('b.example', '203.0.113.2', 80)).toEqual({ address: '203.0.113.2', port: 22 });
    expect(route('c.example', '203.0.113.1', 80)).toBeUndefined();
  });
});

describe('--connect-to on real sockets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await tcpServer((socket) => socket.end());
  });
  afterAll(() => server.close());

  it('a matching host connects to the rule address, and the attempt says where it went', async () => {
    const network = createNetwork({ connectTo: [parseConnectTo(`registry.test:443:127.0.0.1:${server.port}`)], systemCaPath: null, env: {} });
    // The resolved address is a loopback one that refuses: only the rule can make this connect.
    const refused = await closedPort();
    const { result, socket } = await probeTcp(network, ['127.0.0.2'], 443, deadline(2000), { host: 'registry.test' });
    socket?.destroy();
    expect(result.ok).toBe(true);
    expect(result.evidence.attempts).toEqual([expect.objectContaining({ address: '127.0.0.2', outcome: 'connected', connectTo: `127.0.0.1:${server.port}` })]);

    const other = await probeTcp(network, ['127.0.0.1'], refused, deadline(2000), { host: 'other.test' });
    expect(other.result.evidence.attempts).toEqual([expect.objectContaining({ outcome: 'refused' })]);
    expect(other.result.evidence.attempts[0]?.connectTo).toBeUndefined();
  });

  it('a refused redirected connection names the rule address in the finding', async () => {
    const refused = await closedPort();
    const network = createNetwork({ connectTo: [parseConnectTo(`:443:127.0.0.1:${refused}`)], systemCaPath: null, env: {} });
    const { result } = await probeTcp(network, ['127.0.0.3'], 443, deadline(2000), { host: 'registry.test' });
    expect(result.ok).toBe(false);
    expect(result.evidence.attempts[0]).toMatchObject({ outcome: 'refused', connectTo: `127.0.0.1:${refused}` });
  });

  it('the connection to a proxy never follows a rule', async () => {
    const refused = await closedPort();
    const network = createNetwork({ connectTo: [parseConnectTo(`::127.0.0.1:${server.port}`)], systemCaPath: null, env: {} });
    const { result } = await probeTcp(network, ['127.0.0.1'], refused, deadline(2000), { to: 'proxy' });
    expect(result.evidence.attempts[0]).toMatchObject({ outcome: 'refused' });
  });
});

describe('--connect-to when the name does not resolve here', () => {
  it('the DNS failure stays the cause, and the chain goes on to the address the rule names', async () => {
    const banner = await tcpServer((socket) => socket.write('SSH-2.0-OpenSSH_9.6 test\r\n'));
    try {
      // The resolver refuses (nothing listens on its port): the name never resolves.
      const resolverPort = await closedPort();
      const network = createNetwork({
        dnsServers: [{ address: '127.0.0.1', port: resolverPort }],
        connectTo: [parseConnectTo(`bcm-head.example:22:127.0.0.1:${banner.port}`)],
        systemCaPath: null,
        env: {},
      });
      const draft = { host: 'bcm-head.example', port: 22, transport: 'tcp', scheme: 'ssh', via: 'direct' } as const;
      const target: Target = { ...draft, check: 'ssh-banner', ruleIds: ['test.ssh'], siteOwned: true, retired: false, key: targetKey(draft) };
      let finding: Finding | undefined;
      for await (const event of run([target], { network, signal: new AbortController().signal, stepTimeoutMs: 2_000, maxTimeMs: 10_000, concurrency: 1, proxyConcurrency: 1 })) {
        if (event.type === 'finding') finding = event.finding;
      }
      expect(finding?.status).toBe('fail');
      expect(finding?.cause).toMatch(/^dns\./);
      expect(finding?.steps.map((s) => `${s.step}:${s.ok}`)).toEqual(['dns:false', 'tcp:true', 'ssh:true']);
      const tcp = finding?.steps[1];
      expect(tcp?.step === 'tcp' ? tcp.evidence.attempts[0]?.connectTo : undefined).toBe(`127.0.0.1:${banner.port}`);
    } finally {
      await banner.close();
    }
  });
});
