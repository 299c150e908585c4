import type net from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createNetwork, type Network } from '../../src/net/index.js';
import { probeTcp } from '../../src/probes/index.js';
import { makeCa, type TestCa } from '../net/fixtures/certs.js';
import { deadline, type TestServer } from '../net/fixtures/servers.js';

/**
 * What the probe tests share: a "public" test CA, a Network that trusts only it, and servers
 * closed after the file. Call at the top of a test file; read the fields inside tests.
 */
export function useProbeFixture() {
  const servers: TestServer[] = [];
  const fixture = {
    publicCa: undefined as unknown as TestCa, // set in beforeAll, before any test reads it
    network: undefined as unknown as Network, // set in beforeAll, before any test reads it
    async connect(port: number): Promise<net.Socket> {
      const { socket } = await probeTcp(fixture.network, ['127.0.0.1'], port, deadline(2000));
      if (!socket) throw new Error('connect failed');
      return socket as net.Socket;
    },
    async keep<T extends TestServer>(server: Promise<T>): Promise<T> {
      const started = await server;
      servers.push(started);
      return started;
    },
  };
  beforeAll(async () => {
    fixture.publicCa = await makeCa('Test Public Root');
    fixture.network = createNetwork({ publicPems: [fixture.publicCa.pem], systemCaPath: null, env: {} });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return fixture;
}
