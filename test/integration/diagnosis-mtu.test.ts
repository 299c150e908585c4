// Issue 18, item 7: a path-MTU black hole. Two namespaces joined by a veth pair: the client (netreq,
// its resolver) and a "remote" one holding a TLS server with a large certificate chain. On the
// client's side of the path, nftables drops every packet from the server longer than 1000 bytes,
// with no ICMP back: TCP connects (small packets), the ClientHello goes out (small), and the
// server's certificate flight (full-size segments) never arrives.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  createCa,
  createNamespace,
  describeWithDeps,
  dropLargePackets,
  findingFor,
  issueCert,
  link,
  observe,
  runNetreq,
  startDnsmasq,
  startListeners,
  useNamespace,
  type NetreqRun,
} from '../harness/index.js';
import { chosenTexts } from './diagnosis-variant.js';

const SERVER = { host: 'runai.jfrog.io', address: '203.0.113.80' };
const LIMIT_BYTES = 1000;
const TIMEOUT_MS = 2000;
/** Enough names that the leaf alone is several kB: a CDN's certificate, many full-size segments. */
const MANY_NAMES = Array.from({ length: 150 }, (_, i) => `edge-${i}.cdn.runai-mirror.example.net`);

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

describeWithDeps('diagnosis 7: a path-MTU black hole', ['ip', 'nft', 'dnsmasq', 'openssl'], () => {
  let result: Promise<NetreqRun> | undefined;
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (client) => {
    const remote = await createNamespace({ hostAddresses: [] });
    client.onDestroy(() => remote.destroy());
    const path = await link(client, remote);
    await client.run('ip', ['route', 'add', `${SERVER.address}/32`, 'via', path.addrB]);
    const dir = await remote.tempDir('pki');
    const ca = await createCa(dir, 'netreq test public root CA');
    const leaf = await issueCert(ca, dir, { commonName: SERVER.host, dnsNames: [SERVER.host, ...MANY_NAMES] });
    const chainPath = join(dir, 'chain.pem');
    await remote.run('sh', ['-c', `cat ${leaf.certPath} ${ca.certPath} > ${chainPath}`]);
    await startListeners(remote, [{ kind: 'https', host: SERVER.address, port: 443, cert: chainPath, key: leaf.keyPath }]);
    await startDnsmasq(client, { records: { [SERVER.host]: SERVER.address } });
    // Before the black hole: the same server, the same path, a whole handshake (the control).
    const before = await client.exec('openssl', ['s_client', '-connect', `${SERVER.address}:443`, '-servername', SERVER.host, '-CAfile', ca.certPath], {
      input: '',
      timeoutMs: 5_000,
    });
    const rules = await dropLargePackets(client, SERVER.address, LIMIT_BYTES);
    const after = await client.exec('openssl', ['s_client', '-connect', `${SERVER.address}:443`, '-servername', SERVER.host, '-msg'], { input: '', timeoutMs: 3_000 });
    observe('mtu black hole: openssl before and after', { before: before.stdout.slice(0, 4000), rules, after: { code: after.code, timedOut: after.timedOut, stdout: after.stdout, stderr: after.stderr } });
    return { ca, path, before, after };
  }, 60_000);
  const run = (): Promise<NetreqRun> =>
    (result ??= runNetreq(env().ns, [
      'check', '--product', 'runai', '--role', 'k8s-node', '--format', 'json', '--timeout', String(TIMEOUT_MS), '--ca-file', env().ca.certPath,
    ]));

  it('diagnosis 7: without the black hole the same path completes the handshake with the large chain', () => {
    expect(env().before.stdout).toMatch(/Verify return code: 0 \(ok\)/);
    expect(env().before.stdout).toMatch(/Server certificate/);
  });

  it('diagnosis 7: with large packets dropped openssl sends its hello and receives nothing', () => {
    const after = env().after;
    expect(after.stdout).toMatch(/>>> .*ClientHello/);
    expect(after.stdout).not.toMatch(/<<< .*ServerHello/);
  });

  it('diagnosis 7: TCP connects, the handshake times out with 0 bytes received, and the explanation is the MTU one', async () => {
    const report = reportOf(await run());
    const f = findingFor(report, SERVER.host, 443);
    const tcp = f.steps.find((s) => s.step === 'tcp');
    const tls = f.steps.find((s) => s.step === 'tls');
    observe('mtu black hole: netreq steps', { tcp, tls });
    expect(tcp).toMatchObject({ ok: true, evidence: { connected: SERVER.address } });
    expect(f).toMatchObject({ status: 'fail', cause: 'tls.handshake-timeout' });
    expect(tls).toMatchObject({ ok: false, outcome: 'timeout', evidence: { bytesReceived: 0 } });
    // The variant named for its two causes: the texts that name both a server that never speaks and a path-MTU black hole.
    expect(chosenTexts(report, SERVER.host, 443)).toBe('variant:silent-or-path-mtu');
  });
});
