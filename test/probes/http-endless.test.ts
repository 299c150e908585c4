// A server whose body never ends, as a hostile or broken middlebox sends it: the body cap holds
// for every transfer encoding, so the probe reads a bounded amount and is done, not held to its
// deadline while the body grows.
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeHttp, readResponse } from '../../src/probes/index.js';
import { deadline, rawHttpServer } from '../net/fixtures/servers.js';
import { useProbeFixture } from './probe-fixture.js';

const fx = useProbeFixture();
const LIMIT = 1024 * 1024; // far above the 64 KiB cap and its framing; far below what an uncapped read takes in

/** After `head`, writes `filler` for as long as the client reads. */
function endless(head: string, filler: Buffer): (request: string, socket: net.Socket) => void {
  return (_request, socket) => {
    socket.write(head);
    const pump = (): void => {
      while (!socket.destroyed && socket.write(filler)) {
        // the kernel took it: write on
      }
    };
    socket.on('drain', pump);
    pump();
  };
}

async function bytesReadBy(port: number, run: (socket: net.Socket) => Promise<void>): Promise<number> {
  const socket = await fx.connect(port);
  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  await run(socket);
  socket.destroy();
  return received;
}

describe('an endless body', () => {
  const cases: ReadonlyArray<readonly [string, string, Buffer]> = [
    ['one chunk that declares 2 GiB and never ends', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n', Buffer.alloc(64 * 1024, 'x')],
    ['a chunk-size line that never ends', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', Buffer.alloc(64 * 1024, 'f')],
    ['no length, no end', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n', Buffer.alloc(64 * 1024, 'x')],
  ];
  for (const [what, head, filler] of cases) {
    it(`field-ready 8: ${what}: the HTTP step reads a bounded amount and ends with the head`, async () => {
      const server = await fx.keep(rawHttpServer(endless(head, filler)));
      let step: Awaited<ReturnType<typeof probeHttp>> | undefined;
      const read = await bytesReadBy(server.port, async (socket) => {
        step = await probeHttp(fx.network, socket, { check: 'https-reachable', host: 'endless.test', port: server.port, scheme: 'http' }, deadline(5_000));
      });
      expect(read).toBeLessThan(LIMIT);
      expect(step).toMatchObject({ ok: true, outcome: 'status', evidence: { response: { status: 200 } } });
    });
  }

  it('field-ready 8: the chunked body is cut at the cap and said to be cut', async () => {
    const server = await fx.keep(rawHttpServer(endless('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n', Buffer.alloc(64 * 1024, 'x'))));
    const read = await bytesReadBy(server.port, async (socket) => {
      socket.write('GET / HTTP/1.1\r\nHost: endless.test\r\n\r\n');
      const result = await readResponse(socket, deadline(5_000), { maxBodyBytes: 1000 });
      expect(result).toMatchObject({ ok: true, response: { status: 200, bodyTruncated: true } });
      expect(result.ok && result.response.body.length).toBe(1000);
    });
    expect(read).toBeLessThan(LIMIT);
  });
});
