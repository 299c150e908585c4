import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, hasDefaultRoute4, hasDefaultRoute6 } from '../../src/net/index.js';
import { closedPort, deadline, hasIpv6Loopback, tcpServer, unansweredPort, type TestServer } from './fixtures/servers.js';

const network = createNetwork({ systemCaPath: null, env: {} });

describe('connect', () => {
  let open: TestServer;
  let reset: TestServer;
  beforeAll(async () => {
    open = await tcpServer((socket) => socket.end('hello'));
    reset = await tcpServer((socket) => socket.resetAndDestroy());
  });
  afterAll(async () => {
    await open.close();
    await reset.close();
  });

  it('connects and hands over the socket', async () => {
    const result = await network.connect({ address: '127.0.0.1', port: open.port, ...deadline(2000) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.localAddress).toBe('127.0.0.1');
    const text = await new Promise<string>((resolve) => {
      let data = '';
      result.socket.on('data', (c: Buffer) => (data += c.toString()));
      result.socket.on('end', () => resolve(data));
    });
    expect(text).toBe('hello');
  });

  it('reports ECONNREFUSED for a closed port', async () => {
    const result = await network.connect({ address: '127.0.0.1', port: await closedPort(), ...deadline(2000) });
    expect(result).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
  });

  it('reports ECONNRESET when the server resets', async () => {
    // The reset may race the connect: read until the RST arrives.
    const result = await network.connect({ address: '127.0.0.1', port: reset.port, ...deadline(2000) });
    if (!result.ok) {
      expect(result.code).toBe('ECONNRESET');
      return;
    }
    const code = await new Promise<string>((resolve) => {
      result.socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
      result.socket.on('close', () => resolve('closed'));
      result.socket.resume();
    });
    expect(code).toBe('ECONNRESET');
  });

  it('times out on a real unanswered SYN (full accept queue)', async () => {
    const silent = await unansweredPort();
    try {
      const result = await network.connect({ address: '127.0.0.1', port: silent.port, ...deadline(400) });
      expect(result).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    } finally {
      await silent.close();
    }
  });

  it('stops at once when aborted, with ABORT_ERR', async () => {
    const silent = await unansweredPort();
    try {
      const controller = new AbortController();
      const pending = network.connect({ address: '127.0.0.1', port: silent.port, ...deadline(30_000, controller.signal) });
      controller.abort();
      expect(await pending).toMatchObject({ ok: false, code: 'ABORT_ERR' });
    } finally {
      await silent.close();
    }
  });

  it('routes a documentation address to the loopback listener', async () => {
    const routed = createNetwork({
      systemCaPath: null,
      env: {},
      route: (address, port) => (address === '203.0.113.7' && port === 443 ? { address: '127.0.0.1', port: open.port } : undefined),
    });
    const result = await routed.connect({ address: '203.0.113.7', port: 443, ...deadline(2000) });
    expect(result.ok).toBe(true);
    if (result.ok) (result.socket as Duplex).destroy();
  });

  it('connects over IPv6 loopback when the machine has it', async (context) => {
    if (!(await hasIpv6Loopback())) return context.skip();
    const server = await tcpServer((socket) => socket.end(), '::1');
    try {
      const result = await network.connect({ address: '::1', port: server.port, ...deadline(2000) });
      expect(result.ok).toBe(true);
      if (result.ok) result.socket.destroy();
    } finally {
      await server.close();
    }
  });
});

describe('routes', () => {
  it('reads IPv4 default routes from /proc/net/route', () => {
    const header = 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n';
    expect(hasDefaultRoute4(`${header}eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n`)).toBe(true);
    expect(hasDefaultRoute4(`${header}eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n`)).toBe(false);
  });

  it('reads IPv6 default routes, ignoring the unreachable one on lo', () => {
    const zero = '0'.repeat(32);
    const up = `${zero} 00 ${zero} 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n`;
    const reject = `${zero} 00 ${zero} 00 ${zero} ffffffff 00000001 00000000 00200200       lo\n`;
    expect(hasDefaultRoute6(up + reject)).toBe(true);
    expect(hasDefaultRoute6(reject)).toBe(false);
  });

  it('answers for both families on this machine without throwing', () => {
    expect(typeof network.hasRoute(4)).toBe('boolean');
    expect(typeof network.hasRoute(6)).toBe('boolean');
  });
});
