import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Network } from '../../../src/net/index.js';
import { describeWithRegistry, startRegistry, type Registry } from '../../harness/registry.js';
import { pushImage } from '../../harness/registry-push.js';
import { pullFrom, realNetwork } from './pull-fixture.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly proxyAuthorization: boolean;
}

/** A forward proxy for plain HTTP only (absolute-form requests); a CONNECT is answered 405 and recorded. */
async function startForwardProxy(seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] === `Basic ${Buffer.from('squid:proxy-pass').toString('base64')}` });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return void res.writeHead(400).end('absolute URI required');
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  server.on('connect', (req, socket) => {
    seen.push({ method: 'CONNECT', url: req.url ?? '', proxyAuthorization: false });
    socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

// Go's transport sends a plain-HTTP request to the proxy in absolute form (`GET http://host/path`),
// with Proxy-Authorization from the proxy URL; it opens a CONNECT tunnel only for https. A proxy
// that refuses CONNECT to port 80 (squid's default) still forwards containerd's http requests.
describeWithRegistry('follow-the-pull 4: plain-HTTP hops go through the proxy as Go sends them', () => {
  const seen: Seen[] = [];
  let registry: Registry;
  let proxy: Server;
  let network: Network;

  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startForwardProxy(seen);
    network = realNetwork();
    await pushImage(registry.url, 'netreq/plain', { layerSizes: [2048], tag: 'v1' });
  });
  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await registry?.stop();
  });

  it('follow-the-pull 4: every request is forwarded in absolute form with Proxy-Authorization, none tunnelled', async () => {
    const port = (proxy.address() as AddressInfo).port;
    const route = () => ({ url: new URL(`http://squid:proxy-pass@127.0.0.1:${port}`), addresses: [{ address: '127.0.0.1', family: 4 as const }] });
    const step = await pullFrom(network, registry, 'netreq/plain', 'v1', { route });
    expect(step).toMatchObject({ ok: true, outcome: 'pulled' });
    expect(step.evidence.hops.every((hop) => hop.via === 'proxy')).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.filter((s) => s.method === 'CONNECT')).toEqual([]);
    expect(seen.every((s) => s.url.startsWith(`http://127.0.0.1:${registry.port}/v2/`) && s.proxyAuthorization)).toBe(true);
    expect(JSON.stringify(step)).not.toContain('proxy-pass');
  });
});
