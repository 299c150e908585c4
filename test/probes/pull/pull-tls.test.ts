import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNetwork, parseConnectTo } from '../../../src/net/index.js';
import { createCa, issueCert, type TestCa } from '../../harness/certs.js';
import { describeWithRegistry, freePort, startRegistry, type Registry } from '../../harness/registry.js';
import { pushImage } from '../../harness/registry-push.js';
import { pullFrom, purposes, realNetwork } from './pull-fixture.js';

// The pull's sockets ride the Network seam: its trust store decides the TLS verdict, and its
// `--connect-to` rules send a name that does not resolve here to the registry on loopback.
describeWithRegistry('follow-the-pull 1: the pull over HTTPS, through the Network seam', () => {
  let folder: string;
  let ca: TestCa;
  let plain: Registry;
  let secure: Registry;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'netreq-pull-tls-'));
    ca = await createCa(folder, 'netreq test registry CA');
    const leaf = await issueCert(ca, folder, { commonName: 'registry.netreq.test', dnsNames: ['registry.netreq.test'], ips: ['127.0.0.1'] });
    plain = await startRegistry();
    await pushImage(plain.url, 'netreq/tls', { layerSizes: [1500], tag: 'v1' });
    // The same storage served over HTTPS (pushing needs no TLS client in the test).
    secure = await startRegistry({ root: plain.root, tls: { certificate: leaf.certPath, key: leaf.keyPath } });
  });
  afterAll(async () => {
    await secure?.stop();
    await plain?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('follow-the-pull 1: a registry whose chain the trust store anchors is pulled over TLS', async () => {
    const network = createNetwork({ publicPems: [ca.certPem], systemCaPath: null, env: {} });
    const step = await pullFrom(network, secure, 'netreq/tls', 'v1', { scheme: 'https' });
    expect(step).toMatchObject({ ok: true, outcome: 'pulled' });
    expect(step.evidence.hops[0]?.url).toBe(`https://127.0.0.1:${secure.port}/v2/`);
  });

  it('follow-the-pull 1: a name sent by a --connect-to rule is pulled by its name, the certificate checked against it', async () => {
    // The name is asked of a closed loopback port (no question leaves this machine): it does not resolve.
    const dnsServers = [{ address: '127.0.0.1', port: await freePort() }];
    const connectTo = [parseConnectTo(`registry.netreq.test:443:127.0.0.1:${secure.port}`)];
    const network = createNetwork({ publicPems: [ca.certPem], systemCaPath: null, env: {}, dnsServers, connectTo });
    const step = await pullFrom(network, { port: 443 }, 'netreq/tls', 'v1', { scheme: 'https', host: 'registry.netreq.test' });
    expect(step).toMatchObject({ ok: true, outcome: 'pulled' });
    expect(step.evidence).toMatchObject({ image: 'registry.netreq.test:443/netreq/tls:v1', discoveredHosts: [] });
    expect(step.evidence.hops[0]).toMatchObject({ host: 'registry.netreq.test', port: 443, address: '127.0.0.1' });
  });

  it('follow-the-pull 1: a chain no trusted root anchors stops the pull at /v2/, as containerd would', async () => {
    const step = await pullFrom(realNetwork(), secure, 'netreq/tls', 'v1', { scheme: 'https' });
    expect(step).toMatchObject({ ok: false, outcome: 'tls-error' });
    expect(step.code).toBeTruthy();
    expect(purposes(step)).toEqual(['ping']);
  });

  it('follow-the-pull 1: nothing listening is refused, with the OS code', async () => {
    const step = await pullFrom(realNetwork(), { port: await freePort() }, 'netreq/tls', 'v1');
    expect(step).toMatchObject({ ok: false, outcome: 'refused', code: 'ECONNREFUSED' });
    expect(step.evidence.hops).toEqual([expect.objectContaining({ purpose: 'ping', outcome: 'refused', address: '127.0.0.1', bytes: 0 })]);
  });
});
