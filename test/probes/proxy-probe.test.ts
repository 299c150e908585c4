import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/net/index.js';
import { probeHttp, probeProxy, probeTcp, probeTls, ProxyStep } from '../../src/probes/index.js';
import { makeCa, makeLeaf } from '../net/fixtures/certs.js';
import { deadline, rawHttpServer, tlsServer, type TestServer } from '../net/fixtures/servers.js';

const SQUID_PAGE = (title: string): string => `<html><head><title>${title}</title></head><body>squid</body></html>`;

function squidError(socket: net.Socket, status: string, error: string, extra: string[] = []): void {
  const body = SQUID_PAGE('ERROR: The requested URL could not be retrieved');
  socket.end(
    [
      `HTTP/1.1 ${status}`,
      'Server: squid/5.7',
      'Mime-Version: 1.0',
      'Date: Mon, 02 Jun 2025 10:00:00 GMT',
      'Content-Type: text/html;charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Squid-Error: ${error}`,
      'Via: 1.1 proxy.corp (squid/5.7)',
      ...extra,
      '',
      body,
    ].join('\r\n'),
  );
}

let origin: TestServer;
let proxy: TestServer;
let publicCa: Awaited<ReturnType<typeof makeCa>>;
const seen: string[] = [];

beforeAll(async () => {
  publicCa = await makeCa('Test Public Root');
  const leaf = await makeLeaf(publicCa, { names: ['registry.test'] });
  origin = await tlsServer(leaf.certPem, leaf.keyPem, (socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 401 Unauthorized\r\nWww-Authenticate: Bearer realm="https://auth.test/token"\r\nContent-Length: 0\r\n\r\n'));
  });
  proxy = await rawHttpServer((head, socket) => {
    seen.push(head);
    const [requestLine = ''] = head.split('\r\n');
    const auth = /proxy-authorization: basic (\S+)/i.exec(head)?.[1];
    if (requestLine.includes('auth.test')) {
      if (auth !== Buffer.from('alice:s3cret').toString('base64')) {
        return squidError(socket, '407 Proxy Authentication Required', 'ERR_CACHE_ACCESS_DENIED 0', ['Proxy-Authenticate: Basic realm="corp"']);
      }
    }
    if (requestLine.includes('ntlm.test')) {
      return squidError(socket, '407 Proxy Authentication Required', 'ERR_CACHE_ACCESS_DENIED 0', ['Proxy-Authenticate: Negotiate', 'Proxy-Authenticate: NTLM']);
    }
    if (requestLine.includes('denied.test')) return squidError(socket, '403 Forbidden', 'ERR_ACCESS_DENIED 0');
    if (requestLine.includes('nxdomain.test')) return squidError(socket, '503 Service Unavailable', 'ERR_DNS_FAIL 0');
    if (requestLine.includes('down.test')) return squidError(socket, '503 Service Unavailable', 'ERR_CONNECT_FAIL 111');
    if (requestLine.startsWith('GET http://')) {
      return void socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nVia: 1.1 proxy.corp (squid/5.7)\r\n\r\nok');
    }
    // CONNECT: tunnel to the TLS origin.
    const upstream = net.connect(origin.port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
  });
});
afterAll(async () => {
  await proxy.close();
  await origin.close();
});

const network = (): ReturnType<typeof createNetwork> => createNetwork({ publicPems: [publicCa.pem], systemCaPath: null, env: {} });

async function viaProxy(proxyUrl: string, targetHost: string, method: 'CONNECT' | 'GET' = 'CONNECT') {
  const tcp = await probeTcp(network(), ['127.0.0.1'], proxy.port, deadline(2000), { to: 'proxy' });
  if (!tcp.socket) throw new Error('proxy unreachable');
  return probeProxy(tcp.socket, { proxyUrl: new URL(proxyUrl), targetHost, targetPort: method === 'GET' ? 80 : 443, method }, deadline(2000));
}

describe('probeProxy', () => {
  it('CONNECT 200: a tunnel that TLS and HTTP then run through', async () => {
    const { result, tunnel } = await viaProxy(`http://127.0.0.1:${proxy.port}`, 'registry.test');
    expect(ProxyStep.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, outcome: 'connected', evidence: { method: 'CONNECT', target: 'registry.test:443', sentCredentials: false } });
    if (!tunnel) throw new Error('no tunnel');
    const tls = await probeTls(network(), tunnel, { servername: 'registry.test', alpn: ['http/1.1'] }, deadline(2000));
    expect(tls.result).toMatchObject({ ok: true, evidence: { trust: 'public', hostnameMatches: true } });
    if (!tls.socket) throw new Error('no tls');
    const http = await probeHttp(network(), tls.socket, { check: 'registry-v2', host: 'registry.test', port: 443, scheme: 'https' }, deadline(2000));
    expect(http).toMatchObject({ ok: true, evidence: { url: 'https://registry.test/v2/', response: { status: 401 } } });
    expect(http.evidence.response?.headers['www-authenticate']).toContain('Bearer');
  });

  it('407 with Basic: the scheme offered, the squid error, no credentials sent', async () => {
    const { result, tunnel } = await viaProxy(`http://127.0.0.1:${proxy.port}`, 'auth.test');
    expect(tunnel).toBeUndefined();
    expect(result).toMatchObject({
      ok: false,
      outcome: 'status',
      evidence: { authSchemes: ['Basic'], proxyError: 'ERR_CACHE_ACCESS_DENIED 0', proxyProduct: 'squid/5.7', sentCredentials: false, response: { status: 407 } },
    });
    expect(result.evidence.response?.title).toBe('ERROR: The requested URL could not be retrieved');
  });

  it('sends Basic credentials from the URL and never records them', async () => {
    const { result } = await viaProxy(`http://alice:s3cret@127.0.0.1:${proxy.port}`, 'auth.test');
    expect(result).toMatchObject({ ok: true, outcome: 'connected', evidence: { sentCredentials: true, proxy: `http://alice:***@127.0.0.1:${proxy.port}` } });
    expect(JSON.stringify(result)).not.toContain('s3cret');
    expect(JSON.stringify(result)).not.toContain(Buffer.from('alice:s3cret').toString('base64'));
    expect(seen.some((h) => h.includes(`Proxy-Authorization: Basic ${Buffer.from('alice:s3cret').toString('base64')}`))).toBe(true);
  });

  it('407 offering only Negotiate and NTLM lists both', async () => {
    const { result } = await viaProxy(`http://127.0.0.1:${proxy.port}`, 'ntlm.test');
    expect(result.evidence.authSchemes).toEqual(['Negotiate', 'NTLM']);
  });

  it.each([
    ['denied.test', 403, 'ERR_ACCESS_DENIED 0'],
    ['nxdomain.test', 503, 'ERR_DNS_FAIL 0'],
    ['down.test', 503, 'ERR_CONNECT_FAIL 111'],
  ])('%s: %i with X-Squid-Error %s', async (host, status, error) => {
    const { result } = await viaProxy(`http://127.0.0.1:${proxy.port}`, host);
    expect(result).toMatchObject({ ok: false, outcome: 'status', evidence: { proxyError: error, response: { status } } });
    expect(result.evidence.response?.headers).toMatchObject({ 'x-squid-error': error, via: '1.1 proxy.corp (squid/5.7)', 'mime-version': '1.0' });
  });

  it('GET with an absolute URI for http targets returns the response for the HTTP step', async () => {
    const { result, response } = await viaProxy(`http://127.0.0.1:${proxy.port}`, 'mirror.test', 'GET');
    expect(result).toMatchObject({ ok: true, outcome: 'status', evidence: { method: 'GET', target: 'mirror.test:80' } });
    expect(response?.status).toBe(200);
    expect(seen.some((h) => h.startsWith('GET http://mirror.test:80/ HTTP/1.1'))).toBe(true);
  });

  it('GET denied by the proxy is not ok', async () => {
    const { result } = await viaProxy(`http://127.0.0.1:${proxy.port}`, 'denied.test', 'GET');
    expect(result).toMatchObject({ ok: false, evidence: { proxyError: 'ERR_ACCESS_DENIED 0' } });
  });

  it('a proxy that closes without answering: outcome closed', async () => {
    const mute = await rawHttpServer((_head, socket) => socket.end());
    try {
      const tcp = await probeTcp(network(), ['127.0.0.1'], mute.port, deadline(2000), { to: 'proxy' });
      if (!tcp.socket) throw new Error('no socket');
      const { result } = await probeProxy(tcp.socket, { proxyUrl: new URL('http://127.0.0.1'), targetHost: 'x.test', targetPort: 443, method: 'CONNECT' }, deadline(1000));
      expect(result).toMatchObject({ ok: false, outcome: 'closed', code: 'closed' });
    } finally {
      await mute.close();
    }
  });
});
