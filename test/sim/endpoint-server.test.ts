import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createCertFactory,
  endpointBehaviour,
  OPENSSH_BANNER,
  reserveRefusedPort,
  startEndpointServer,
  startSilentPort,
  type CertFactory,
  type EndpointServer,
  type SilentPort,
} from '../../src/sim/index.js';
import { headerOf, httpOver, readAll, readUntil, statusOf, tcpConnect, tlsHandshake } from './sockets.js';

let certs: CertFactory;
const closers: Array<EndpointServer | SilentPort> = [];
beforeAll(async () => {
  certs = await createCertFactory();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

async function start(spec: Parameters<typeof endpointBehaviour>[0], port: number, latencyMs = 0): Promise<EndpointServer> {
  const server = await startEndpointServer(endpointBehaviour(spec, port, latencyMs), certs);
  closers.push(server);
  return server;
}

async function connected(port: number) {
  const outcome = await tcpConnect(port);
  if (outcome.kind !== 'connected') throw new Error(`expected a connection, got ${outcome.kind}`);
  return outcome.socket;
}

describe('tcp behaviours', () => {
  it('refused: a port with nothing listening answers RST', async () => {
    const outcome = await tcpConnect(await reserveRefusedPort());
    expect(outcome).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });

  it('silent: a real SYN that gets no answer (full accept queue)', async () => {
    const silent = await startSilentPort();
    closers.push(silent);
    const outcome = await tcpConnect(silent.port, 600);
    expect(outcome.kind).toBe('pending');
  });

  it('reset: accepted, then RST', async () => {
    const server = await start('reset', 443);
    const socket = await connected(server.port);
    const read = await readAll(socket, 'hello');
    expect(read.ended).toBe('reset');
    expect(read.code).toBe('ECONNRESET');
  });

  it('accept-silent: accepted and never a byte', async () => {
    const server = await start('accept-silent', 443);
    const read = await readAll(await connected(server.port), undefined, 300);
    expect(read).toEqual({ data: '', ended: 'timeout' });
  });
});

describe('tls behaviours', () => {
  it('good by default on 443, with the certificate following SNI, then the healthy HTTP responder', async () => {
    const server = await start(undefined, 443);
    const tls = await tlsHandshake({ port: server.port, servername: 'nvcr.io', ca: [certs.publicRoot.pem] });
    expect(tls.authorized).toBe(true);
    expect(tls.peer?.subject.CN).toBe('nvcr.io');
    const response = await httpOver(tls.socket!, 'nvcr.io', '/v2/');
    expect(statusOf(response)).toBe(401);
    expect(headerOf(response, 'www-authenticate')[0]).toMatch(/^Bearer realm="https:\/\/nvcr\.io\/token"/);
    expect(headerOf(response, 'date')).toHaveLength(1);
  });

  it.each([
    ['expired', 'CERT_HAS_EXPIRED'],
    ['not-yet-valid', 'CERT_NOT_YET_VALID'],
    ['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['wrong-name', 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ] as const)('%s', async (tls, error) => {
    const server = await start({ tls }, 443);
    const outcome = await tlsHandshake({ port: server.port, servername: 'pypi.org', ca: [certs.publicRoot.pem] });
    expect(outcome.authorizationError).toBe(error);
    outcome.socket?.destroy();
  });

  it('intercepted by a named CA', async () => {
    const server = await start({ tls: { interceptedBy: 'Contoso TLS Inspection CA' } }, 443);
    const outcome = await tlsHandshake({ port: server.port, servername: 'pypi.org', ca: [certs.publicRoot.pem] });
    expect(outcome.peer?.issuer.CN).toBe('Contoso TLS Inspection CA');
    expect(outcome.authorized).toBe(false);
    outcome.socket?.destroy();
  });

  it('a TLS port that never answers the handshake (tls good, http none is different: this is tcp open + tls none + http none)', async () => {
    const server = await start({ tls: 'none', http: 'none' }, 443);
    const outcome = await tlsHandshake({ port: server.port, servername: 'x.example' }, 300);
    expect(outcome).toEqual({ ok: false, code: 'ETIMEDOUT' });
  });
});

describe('http behaviours', () => {
  it('port 80 answers 301 to https', async () => {
    const server = await start(undefined, 80);
    const response = await httpOver(await connected(server.port), 'archive.ubuntu.com', '/ubuntu/dists/jammy/Release');
    expect(statusOf(response)).toBe(301);
    expect(headerOf(response, 'location')).toEqual(['https://archive.ubuntu.com/ubuntu/dists/jammy/Release']);
  });

  it('per-path responses, prefix paths, and the Date header can be fixed', async () => {
    const server = await start(
      {
        tls: 'none',
        http: {
          status: 404,
          headers: { Date: 'Mon, 01 Jan 2024 00:00:00 GMT' },
          paths: { '/index.yaml': { status: 200, body: 'apiVersion: v1\n' }, '/simple/*': 'rate-limited', '/blocked': 'block-page' },
        },
      },
      8080,
    );
    const index = await httpOver(await connected(server.port), 'helm.example', '/index.yaml');
    expect(statusOf(index)).toBe(200);
    expect(index).toContain('apiVersion: v1');
    expect(statusOf(await httpOver(await connected(server.port), 'pypi.example', '/simple/pip/'))).toBe(429);
    const blocked = await httpOver(await connected(server.port), 'x.example', '/blocked');
    expect(blocked).toContain('<title>Web Page Blocked</title>');
    const other = await httpOver(await connected(server.port), 'x.example', '/other');
    expect(statusOf(other)).toBe(404);
    expect(headerOf(other, 'date')).toEqual(['Mon, 01 Jan 2024 00:00:00 GMT']);
  });

  it('latency delays the answer (observed, not asserted as a time)', async () => {
    const server = await start(undefined, 80, 40);
    const started = performance.now();
    const response = await httpOver(await connected(server.port), 'a.example');
    console.log(`HTTP answer with 40 ms latency took ${(performance.now() - started).toFixed(1)} ms`);
    expect(statusOf(response)).toBe(301);
  });
});

describe('ssh behaviours', () => {
  it('22 sends the OpenSSH banner by default', async () => {
    const server = await start(undefined, 22);
    const banner = await readUntil(await connected(server.port), '\r\n');
    expect(banner).toBe(`${OPENSSH_BANNER}\r\n`);
  });

  it('not-ssh: an HTTP server answers the client greeting with 400', async () => {
    const server = await start({ ssh: 'not-ssh' }, 22);
    const read = await readAll(await connected(server.port), 'SSH-2.0-netreq\r\n');
    expect(statusOf(read.data)).toBe(400);
  });

  it('silent ssh says nothing', async () => {
    const server = await start({ ssh: 'silent' }, 22);
    const read = await readAll(await connected(server.port), undefined, 300);
    expect(read.data).toBe('');
  });
});

describe('closing', () => {
  it('close ends open connections and is idempotent', async () => {
    const server = await start('accept-silent', 443);
    const socket = await connected(server.port);
    const ended = readAll(socket, undefined, 2_000);
    await server.close();
    await server.close();
    expect((await ended).ended).not.toBe('timeout');
    expect((await tcpConnect(server.port)).kind).toBe('error');
  });
});
