import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/net/index.js';
import { probeTcp, TcpStep } from '../../src/probes/index.js';
import { closedPort, deadline, hasIpv6Loopback, tcpServer, unansweredPort, type TestServer } from '../net/fixtures/servers.js';

const network = createNetwork({ systemCaPath: null, env: {} });
let open: TestServer;
beforeAll(async () => {
  open = await tcpServer((socket) => socket.on('data', () => undefined));
});
afterAll(() => open.close());

describe('probeTcp', () => {
  it('connects and hands over the socket', async () => {
    const { result, socket } = await probeTcp(network, ['127.0.0.1'], open.port, deadline(2000));
    expect(TcpStep.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, outcome: 'connected', evidence: { connected: '127.0.0.1', to: 'host', port: open.port } });
    expect(socket).toBeDefined();
    socket?.destroy();
  });

  it('records refused', async () => {
    const port = await closedPort();
    const { result, socket } = await probeTcp(network, ['127.0.0.1'], port, deadline(2000), { to: 'proxy' });
    expect(socket).toBeUndefined();
    expect(result).toMatchObject({ ok: false, outcome: 'refused', code: 'ECONNREFUSED', evidence: { to: 'proxy' } });
  });

  it('records a timeout from a SYN nobody answers, and every address', async () => {
    const silent = await unansweredPort();
    try {
      const { result } = await probeTcp(network, ['127.0.0.1', '127.0.0.2'], silent.port, deadline(300));
      expect(result.evidence.attempts.map((a) => a.outcome)).toEqual(['timeout', 'refused']);
      expect(result).toMatchObject({ ok: false });
    } finally {
      await silent.close();
    }
  });

  it('keeps the working address and the failing one as evidence (IPv4 and IPv6)', async (context) => {
    if (!(await hasIpv6Loopback())) return context.skip();
    // Listening on 127.0.0.1 only: the same port on ::1 refuses.
    const v4 = await tcpServer(() => undefined);
    try {
      const refusedV6 = await probeTcp(network, ['::1', '127.0.0.1'], v4.port, deadline(2000));
      const families = refusedV6.result.evidence.attempts.map((a) => `${a.family}:${a.outcome}`);
      expect(families).toEqual(['6:refused', '4:connected']);
      expect(refusedV6.result).toMatchObject({ ok: true, outcome: 'connected', evidence: { connected: '127.0.0.1' } });
      refusedV6.socket?.destroy();
    } finally {
      await v4.close();
    }
  });

  it('says no-address when there is nothing to connect to', async () => {
    const { result } = await probeTcp(network, [], 443, deadline(100));
    expect(result).toMatchObject({ ok: false, outcome: 'no-address' });
  });
});
