import { afterEach, describe, expect, it } from 'vitest';
import { SQUID_VERSION, startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';
import { headerOf, httpOver, readUntil, statusOf, tcpConnect, tlsHandshake } from './sockets.js';

const sites: SimSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function site(spec: SiteSpecInput): Promise<{ site: SimSite; port: number }> {
  const started = await startSite(spec);
  sites.push(started);
  const port = Number(new URL(started.proxyEndpoint ?? '').port);
  return { site: started, port };
}

/** CONNECT through the proxy; the response head and, on 200, the open socket. */
async function connectVia(port: number, target: string, auth?: string) {
  const outcome = await tcpConnect(port);
  if (outcome.kind !== 'connected') throw new Error('proxy not reachable');
  const socket = outcome.socket;
  const header = auth === undefined ? '' : `Proxy-Authorization: Basic ${Buffer.from(auth).toString('base64')}\r\n`;
  const head = await readUntil(socket, '\r\n\r\n', `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${header}\r\n`);
  return { head, socket, status: statusOf(head) };
}

describe('forward proxy', () => {
  it('open: CONNECT tunnels to the site target, TLS inside validates against the sim root', async () => {
    const { site: s, port } = await site({ proxy: { mode: 'open' } });
    const { status, socket } = await connectVia(port, 'nvcr.io:443');
    expect(status).toBe(200);
    const tls = await tlsHandshake({ socket, servername: 'nvcr.io', ca: [s.publicCaPem] });
    expect(tls.authorized).toBe(true);
    expect(statusOf(await httpOver(tls.socket!, 'nvcr.io', '/v2/'))).toBe(401);
    expect(s.requests()).toContainEqual({ host: 'nvcr.io', port: 443, via: 'proxy' });
  });

  it('auth: 407 with squid identity and the offered schemes; Basic credentials pass; the password is not recorded', async () => {
    const { site: s, port } = await site({
      proxy: { mode: 'auth', credentials: { user: 'alice', password: 's3cret!' }, offer: ['Negotiate', 'NTLM', 'Basic'] },
    });
    expect(s.proxyUrl).toBe(`http://alice:s3cret!@127.0.0.1:${port}`);
    const denied = await connectVia(port, 'pypi.org:443');
    expect(denied.status).toBe(407);
    expect(headerOf(denied.head, 'x-squid-error')).toEqual(['ERR_CACHE_ACCESS_DENIED 0']);
    expect(headerOf(denied.head, 'proxy-authenticate')).toEqual(['Negotiate', 'NTLM', 'Basic realm="Squid proxy-caching web server"']);
    expect(headerOf(denied.head, 'server')).toEqual([SQUID_VERSION]);
    expect(headerOf(denied.head, 'via')[0]).toMatch(/^1\.1 proxy\.corp\.example \(squid\/6/);
    expect(headerOf(denied.head, 'mime-version')).toEqual(['1.0']);
    const wrong = await connectVia(port, 'pypi.org:443', 'alice:nope');
    expect(wrong.status).toBe(407);
    const ok = await connectVia(port, 'pypi.org:443', 'alice:s3cret!');
    expect(ok.status).toBe(200);
    ok.socket.destroy();
    expect(s.proxyRequests().map((r) => [r.status, r.hadCredentials, r.authorized])).toEqual([
      [407, false, false],
      [407, true, false],
      [200, true, true],
    ]);
    expect(JSON.stringify(s.proxyRequests())).not.toContain('s3cret');
  });

  it('only NTLM offered: even right Basic credentials get 407', async () => {
    const { port } = await site({ proxy: { mode: 'auth', credentials: { user: 'a', password: 'b' }, offer: ['NTLM'] } });
    const answer = await connectVia(port, 'pypi.org:443', 'a:b');
    expect(answer.status).toBe(407);
    expect(headerOf(answer.head, 'proxy-authenticate')).toEqual(['NTLM']);
  });

  it('deny: 403 ERR_ACCESS_DENIED with squid error page, for listed domains only', async () => {
    const { port } = await site({ proxy: { mode: 'deny', deny: ['.docker.io'] } });
    const denied = await connectVia(port, 'registry-1.docker.io:443');
    expect(denied.status).toBe(403);
    expect(headerOf(denied.head, 'x-squid-error')).toEqual(['ERR_ACCESS_DENIED 0']);
    const page = denied.head.includes('</html>') ? denied.head : denied.head + (await readUntil(denied.socket, '</html>'));
    expect(page).toContain('<title>ERROR: The requested URL could not be retrieved</title>');
    expect((await connectVia(port, 'nvcr.io:443')).status).toBe(200);
  });

  it('allow list: everything else is denied', async () => {
    const { port } = await site({ proxy: { mode: 'deny', allow: ['nvcr.io'] } });
    expect((await connectVia(port, 'nvcr.io:443')).status).toBe(200);
    expect((await connectVia(port, 'cdn.nvcr.io:443')).status).toBe(403);
  });

  it('upstream failure: 503 ERR_CONNECT_FAIL 111, or 502 ERR_READ_ERROR', async () => {
    const { port } = await site({ proxy: { mode: 'upstream-fail', upstreamFail: ['pypi.org'] } });
    const failed = await connectVia(port, 'pypi.org:443');
    expect(failed.status).toBe(503);
    expect(headerOf(failed.head, 'x-squid-error')).toEqual(['ERR_CONNECT_FAIL 111']);
    expect((await connectVia(port, 'nvcr.io:443')).status).toBe(200);
    const other = await site({ proxy: { mode: 'upstream-fail', upstreamStatus: 502 } });
    const bad = await connectVia(other.port, 'nvcr.io:443');
    expect(bad.status).toBe(502);
    expect(headerOf(bad.head, 'x-squid-error')).toEqual(['ERR_READ_ERROR 104']);
  });

  it('resolves through the site DNS: NXDOMAIN is 503 ERR_DNS_FAIL; a refused port is ERR_CONNECT_FAIL 111', async () => {
    const { port } = await site({
      proxy: { mode: 'open' },
      hosts: { 'gone.example.com': { dns: 'nxdomain' }, 'closed.example.com': { ports: { 443: 'refused' } } },
    });
    const dns = await connectVia(port, 'gone.example.com:443');
    expect(dns.status).toBe(503);
    expect(headerOf(dns.head, 'x-squid-error')).toEqual(['ERR_DNS_FAIL 0']);
    const refused = await connectVia(port, 'closed.example.com:443');
    expect(headerOf(refused.head, 'x-squid-error')).toEqual(['ERR_CONNECT_FAIL 111']);
  });

  it('a silent target: ERR_CONNECT_FAIL 110 after the proxy connect timeout', async () => {
    const { port } = await site({ proxy: { mode: 'open', connectTimeoutMs: 200 }, hosts: { 'dropped.example.com': { ports: { 443: 'silent' } } } });
    const answer = await connectVia(port, 'dropped.example.com:443');
    expect(answer.status).toBe(503);
    expect(headerOf(answer.head, 'x-squid-error')).toEqual(['ERR_CONNECT_FAIL 110']);
  });

  it('close while a CONNECT waits on a silent target ends it at once', async () => {
    const { site: s, port } = await site({ proxy: { mode: 'open' }, hosts: { 'dropped.example.com': { ports: { 443: 'silent' } } } });
    const pending = connectVia(port, 'dropped.example.com:443');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await s.close();
    expect((await pending).status).not.toBe(200);
  });

  it('a healthy resolver ignores the site DNS failures', async () => {
    const { port } = await site({ proxy: { mode: 'open', resolver: 'healthy' }, default: { dns: 'nxdomain' } });
    expect((await connectVia(port, 'pypi.org:443')).status).toBe(200);
  });

  it('intercept: terminates TLS with a leaf from the inspection CA and forwards to the target inside', async () => {
    const { site: s, port } = await site({ proxy: { mode: 'intercept', noIntercept: ['.bypass.example'] } });
    const { socket } = await connectVia(port, 'pypi.org:443');
    const tls = await tlsHandshake({ socket, servername: 'pypi.org', ca: [s.publicCaPem] });
    expect(tls.peer?.issuer.CN).toBe('Contoso TLS Inspection CA');
    expect(tls.authorized).toBe(false);
    expect(statusOf(await httpOver(tls.socket!, 'pypi.org', '/simple/'))).toBe(200);
    const trusted = await tlsHandshake({ socket: (await connectVia(port, 'pypi.org:443')).socket, servername: 'pypi.org', ca: [s.publicCaPem, s.interceptCaPem ?? ''] });
    expect(trusted.authorized).toBe(true);
    trusted.socket?.destroy();
    const bypass = await tlsHandshake({ socket: (await connectVia(port, 'a.bypass.example:443')).socket, servername: 'a.bypass.example', ca: [s.publicCaPem] });
    expect(bypass.authorized).toBe(true);
    bypass.socket?.destroy();
    expect(s.proxyRequests()[0]?.intercepted).toBe(true);
  });

  it('intercept, client-first bump: 200 to CONNECT, then the error page inside the intercepted TLS', async () => {
    const { site: s, port } = await site({
      hosts: { 'gone.example.org': { dns: 'nxdomain' } },
      proxy: { mode: ['intercept', 'upstream-fail'], bump: 'client-first', upstreamFail: ['quay.io'] },
    });
    const refused = await connectVia(port, 'quay.io:443');
    expect(refused.status).toBe(200);
    const inside = await tlsHandshake({ socket: refused.socket, servername: 'quay.io', ca: [s.interceptCaPem ?? ''] });
    expect(inside.peer?.issuer.CN).toBe('Contoso TLS Inspection CA');
    const page = await httpOver(inside.socket!, 'quay.io', '/v2/');
    expect(statusOf(page)).toBe(503);
    expect(headerOf(page, 'x-squid-error')).toEqual(['ERR_CONNECT_FAIL 111']);
    const unknown = await connectVia(port, 'gone.example.org:443');
    expect(unknown.status).toBe(200);
    const tls = await tlsHandshake({ socket: unknown.socket, servername: 'gone.example.org', ca: [s.interceptCaPem ?? ''] });
    expect(headerOf(await httpOver(tls.socket!, 'gone.example.org', '/'), 'x-squid-error')).toEqual(['ERR_DNS_FAIL 0']);
    expect(s.proxyRequests().map((r) => [r.status, r.error, r.intercepted])).toEqual([
      [200, 'ERR_CONNECT_FAIL', true],
      [200, 'ERR_DNS_FAIL', true],
    ]);
  });

  it('follow-the-pull 8: a bumping proxy with a URL filter: 403 ERR_ACCESS_DENIED for blob paths inside the tunnel, the rest forwarded', async () => {
    const { site: s, port } = await site({ proxy: { mode: 'intercept', denyPaths: ['/v2/*/blobs/*'] } });
    const ping = await connectVia(port, 'quay.io:443');
    const pingTls = await tlsHandshake({ socket: ping.socket, servername: 'quay.io', ca: [s.interceptCaPem ?? ''] });
    const v2 = await httpOver(pingTls.socket!, 'quay.io', '/v2/');
    expect(statusOf(v2)).toBe(401);
    expect(headerOf(v2, 'www-authenticate')).toEqual(['Bearer realm="https://quay.io/v2/auth",service="quay.io"']);
    expect(headerOf(v2, 'via')[0]).toMatch(/proxy\.corp\.example/);
    const blob = await connectVia(port, 'quay.io:443');
    expect(blob.status).toBe(200);
    const blobTls = await tlsHandshake({ socket: blob.socket, servername: 'quay.io', ca: [s.interceptCaPem ?? ''] });
    const page = await httpOver(blobTls.socket!, 'quay.io', `/v2/prometheus/busybox/blobs/sha256:${'a'.repeat(64)}`);
    expect(statusOf(page)).toBe(403);
    expect(headerOf(page, 'x-squid-error')).toEqual(['ERR_ACCESS_DENIED 0']);
    expect(s.proxyRequests().filter((r) => r.path !== undefined).map((r) => [r.path, r.status, r.error])).toEqual([
      ['/v2/', 401, undefined],
      [`/v2/prometheus/busybox/blobs/sha256:${'a'.repeat(64)}`, 403, 'ERR_ACCESS_DENIED'],
    ]);
  });

  it('follow-the-pull 8: denyPaths without interception is refused: a proxy cannot read paths in a tunnel', async () => {
    await expect(startSite({ proxy: { mode: 'open', denyPaths: ['/v2/*/blobs/*'] } })).rejects.toThrow(/proxy\.denyPaths: denyPaths needs mode intercept/);
  });

  it('absolute-URI GET for http goes to the target, with squid Via', async () => {
    const { port } = await site({ proxy: { mode: 'open' } });
    const outcome = await tcpConnect(port);
    if (outcome.kind !== 'connected') throw new Error('proxy not reachable');
    const response = await readUntil(outcome.socket, '</html>', 'GET http://archive.ubuntu.com/ubuntu/ HTTP/1.1\r\nHost: archive.ubuntu.com\r\nConnection: close\r\n\r\n');
    expect(statusOf(response)).toBe(301);
    expect(headerOf(response, 'location')).toEqual(['https://archive.ubuntu.com/ubuntu/']);
    expect(headerOf(response, 'via')[0]).toContain('squid/');
    outcome.socket.destroy();
  });
});
