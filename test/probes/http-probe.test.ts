import { useProbeFixture } from './probe-fixture.js';
import { describe, expect, it } from 'vitest';
import { HttpStep, probeHttp } from '../../src/probes/index.js';
import { deadline, rawHttpServer, tcpServer } from '../net/fixtures/servers.js';

const fx = useProbeFixture();
const { connect, keep } = fx;

describe('probeHttp', () => {
  const now = Date.now();
  const httpDate = (offsetMs: number): string => new Date(now + offsetMs).toUTCString();

  it('registry /v2/ 401 with a Bearer challenge, and the clock skew from Date', async () => {
    const server = await keep(
      rawHttpServer((head, socket) => {
        expect(head).toMatch(/^GET \/v2\/ HTTP\/1\.1\r\n/);
        expect(head).toMatch(/\r\nUser-Agent: netreq\/\S+\r\n/);
        expect(head).toContain('Connection: close');
        socket.end(`HTTP/1.1 401 Unauthorized\r\nDate: ${httpDate(-120_000)}\r\nWww-Authenticate: Bearer realm="https://auth.test/token",service="registry"\r\nContent-Length: 0\r\n\r\n`);
      }),
    );
    const step = await probeHttp(fx.network, await connect(server.port), { check: 'registry-v2', host: 'reg.test', port: server.port, scheme: 'http' }, deadline(2000));
    expect(HttpStep.parse(step)).toEqual(step);
    expect(step).toMatchObject({ ok: true, outcome: 'status', evidence: { response: { status: 401, reason: 'Unauthorized' } } });
    expect(step.evidence.clockSkewSeconds).toBeGreaterThanOrEqual(115);
    expect(step.evidence.clockSkewSeconds).toBeLessThanOrEqual(130);
  });

  it('429 with Retry-After', async () => {
    const server = await keep(rawHttpServer((_h, socket) => socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n')));
    const step = await probeHttp(fx.network, await connect(server.port), { check: 'registry-v2', host: 'reg.test', port: server.port, scheme: 'http' }, deadline(2000));
    expect(step.evidence.response).toMatchObject({ status: 429, headers: { 'retry-after': '30' } });
  });

  it('a block page: the title and a clean snippet', async () => {
    const page = '<html><head><title>Web Page Blocked</title></head><body>\x1b[31mAccess to pypi.org is blocked by policy.</body></html>';
    const server = await keep(
      rawHttpServer((head, socket) => {
        expect(head).toMatch(/^GET \/simple\/pip\/ /);
        socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n${page.length.toString(16)}\r\n${page}\r\n0\r\n\r\n`);
      }),
    );
    const step = await probeHttp(fx.network, await connect(server.port), { check: 'pypi-simple', host: 'pypi.test', port: server.port, scheme: 'http' }, deadline(2000));
    expect(step.evidence.response?.title).toBe('Web Page Blocked');
    expect(step.evidence.response?.bodySnippet).toContain('Access to pypi.org is blocked');
    expect(step.evidence.response?.bodySnippet).not.toContain('\x1b');
  });

  it('a redirect on port 80 keeps Location; the caller path wins', async () => {
    const server = await keep(
      rawHttpServer((head, socket) => {
        expect(head).toMatch(/^GET \/ubuntu\/dists\/noble\/ /);
        socket.end('HTTP/1.1 301 Moved Permanently\r\nLocation: https://mirror.test/\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    const step = await probeHttp(fx.network, await connect(server.port), { check: 'apt-mirror', path: '/ubuntu/dists/noble/', host: 'mirror.test', port: server.port, scheme: 'http' }, deadline(2000));
    expect(step.evidence.response).toMatchObject({ status: 301, headers: { location: 'https://mirror.test/' } });
  });

  it('an absolute URI with proxy credentials when going through a proxy', async () => {
    const server = await keep(
      rawHttpServer((head, socket) => {
        expect(head).toMatch(/^GET http:\/\/mirror\.test\/ubuntu\/dists\/ HTTP\/1\.1\r\n/);
        expect(head).toContain('Proxy-Authorization: Basic dTpw');
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    const step = await probeHttp(
      fx.network,
      await connect(server.port),
      { check: 'apt-mirror', host: 'mirror.test', port: 80, scheme: 'http', viaProxyAbsoluteUri: true, proxyAuthorization: 'Basic dTpw' },
      deadline(2000),
    );
    expect(step).toMatchObject({ ok: true, evidence: { response: { status: 200 } } });
    expect(JSON.stringify(step)).not.toContain('dTpw');
  });

  it('a server that never answers: outcome timeout', async () => {
    const silent = await keep(tcpServer(() => undefined));
    const step = await probeHttp(fx.network, await connect(silent.port), { check: 'http-any', host: 'x.test', port: silent.port, scheme: 'http' }, deadline(300));
    expect(step).toMatchObject({ ok: false, outcome: 'timeout', code: 'ETIMEDOUT' });
  });
});
