import { useProbeFixture } from './probe-fixture.js';
import { describe, expect, it } from 'vitest';
import { probeTls, TlsStep } from '../../src/probes/index.js';
import { makeLeaf } from '../net/fixtures/certs.js';
import { deadline, tcpServer, tlsServer } from '../net/fixtures/servers.js';

const fx = useProbeFixture();
const { connect, keep } = fx;

describe('probeTls', () => {
  it('records the chain, trust, anchor, name match and local time', async () => {
    const leaf = await makeLeaf(fx.publicCa, { names: ['api.test'] });
    const server = await keep(tlsServer(leaf.certPem, leaf.keyPem));
    const { result, socket } = await probeTls(fx.network, await connect(server.port), { servername: 'api.test', alpn: ['http/1.1'] }, deadline(2000));
    socket?.destroy();
    expect(TlsStep.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, outcome: 'established', evidence: { trust: 'public', hostnameMatches: true, alpn: 'http/1.1' } });
    expect(result.evidence.chain[0]).toMatchObject({ subject: 'CN=api.test', issuer: 'CN=Test Public Root, O=netreq tests', selfIssued: false });
    expect(result.evidence.chain[0]?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(result.evidence.anchor).toBe('CN=Test Public Root, O=netreq tests');
    expect(result.evidence.localTime).toBeDefined();
  });

  it('an expired certificate keeps its dates and the error code as evidence', async () => {
    const leaf = await makeLeaf(fx.publicCa, { names: ['old.test'], notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const server = await keep(tlsServer(leaf.certPem, leaf.keyPem));
    const { result, socket } = await probeTls(fx.network, await connect(server.port), { servername: 'old.test' }, deadline(2000));
    socket?.destroy();
    expect(result).toMatchObject({ ok: true, code: 'CERT_HAS_EXPIRED', evidence: { authorizationError: 'CERT_HAS_EXPIRED' } });
    expect(result.evidence.chain[0]?.validTo).toBe('2021-01-01T00:00:00.000Z');
  });

  it('a handshake nobody answers: outcome timeout', async () => {
    const silent = await keep(tcpServer(() => undefined));
    const { result } = await probeTls(fx.network, await connect(silent.port), { servername: 'api.test' }, deadline(300));
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', code: 'ETIMEDOUT' });
  });
  it('a reset during the handshake: outcome failed, ECONNRESET', async () => {
    const reset = await keep(tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy())));
    const { result } = await probeTls(fx.network, await connect(reset.port), { servername: 'api.test' }, deadline(2000));
    expect(result).toMatchObject({ ok: false, outcome: 'failed', code: 'ECONNRESET' });
  });
});
