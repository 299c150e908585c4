import { afterEach, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsReply, type DnsServer } from '../../src/sim/index.js';
import { dnsTcp, dnsUdp } from './sockets.js';

const servers: DnsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const replies: Record<string, DnsReply> = {
  'ok.example': { kind: 'answer', rcode: 'NOERROR', answers: [{ type: 'A', name: 'ok.example', ttl: 60, data: '203.0.113.7' }] },
  'cdn.example': {
    kind: 'answer',
    rcode: 'NOERROR',
    answers: [
      { type: 'CNAME', name: 'cdn.example', ttl: 30, data: 'edge.cdn.example' },
      { type: 'A', name: 'edge.cdn.example', ttl: 20, data: '198.51.100.9' },
    ],
  },
  'gone.example': { kind: 'answer', rcode: 'NXDOMAIN', answers: [] },
  'broken.example': { kind: 'answer', rcode: 'SERVFAIL', answers: [] },
  'no.example': { kind: 'answer', rcode: 'REFUSED', answers: [] },
  'quiet.example': { kind: 'silent' },
  'big.example': { kind: 'answer', rcode: 'NOERROR', truncate: true, answers: [{ type: 'A', name: 'big.example', ttl: 60, data: '203.0.113.8' }] },
};

async function start(): Promise<DnsServer> {
  const server = await startDnsServer({ respond: (name) => replies[name] ?? { kind: 'answer', rcode: 'NXDOMAIN', answers: [] } });
  servers.push(server);
  return server;
}

describe('dns server', () => {
  it('answers A with TTL over UDP and TCP on the same port', async () => {
    const server = await start();
    expect(server.address).toBe('127.0.0.1');
    for (const query of [dnsUdp, dnsTcp]) {
      const outcome = await query(server.port, 'ok.example');
      if (outcome.kind !== 'reply') throw new Error('no reply');
      expect(outcome.packet.rcode).toBe('NOERROR');
      expect(outcome.packet.id).toBe(query === dnsUdp ? 7 : 9);
      expect(outcome.packet.answers).toMatchObject([{ type: 'A', name: 'ok.example', ttl: 60, data: '203.0.113.7' }]);
    }
    expect(server.queries().map((q) => q.protocol)).toEqual(['udp', 'tcp']);
  });

  it('a CNAME chain', async () => {
    const outcome = await dnsUdp((await start()).port, 'cdn.example');
    if (outcome.kind !== 'reply') throw new Error('no reply');
    expect(outcome.packet.answers?.map((a) => [a.type, a.name, a.data])).toEqual([
      ['CNAME', 'cdn.example', 'edge.cdn.example'],
      ['A', 'edge.cdn.example', '198.51.100.9'],
    ]);
  });

  it.each([
    ['gone.example', 'NXDOMAIN'],
    ['broken.example', 'SERVFAIL'],
    ['no.example', 'REFUSED'],
  ])('%s answers %s', async (name, rcode) => {
    const outcome = await dnsUdp((await start()).port, name);
    expect(outcome.kind === 'reply' && outcome.packet.rcode).toBe(rcode);
  });

  it('silent: no reply at all', async () => {
    const server = await start();
    expect(await dnsUdp(server.port, 'quiet.example', 'A', 300)).toEqual({ kind: 'timeout' });
    expect(await dnsTcp(server.port, 'quiet.example', 'A', 300)).toEqual({ kind: 'timeout' });
  });

  it('truncated: TC and no answers over UDP, the full answer over TCP', async () => {
    const server = await start();
    const udp = await dnsUdp(server.port, 'big.example');
    if (udp.kind !== 'reply') throw new Error('no reply');
    expect(udp.packet.flag_tc).toBe(true);
    expect(udp.packet.answers).toEqual([]);
    const tcp = await dnsTcp(server.port, 'big.example');
    if (tcp.kind !== 'reply') throw new Error('no reply');
    expect(tcp.packet.flag_tc).toBe(false);
    expect(tcp.packet.answers?.[0]?.data).toBe('203.0.113.8');
  });

  it('close is idempotent and frees the port', async () => {
    const server = await start();
    await server.close();
    await server.close();
    expect(await dnsUdp(server.port, 'ok.example', 'A', 200)).toEqual({ kind: 'timeout' });
  });
});
