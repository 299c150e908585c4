// `check --peer` as a node runs it: a real listener on loopback for the peer, a resolver on
// loopback that knows no public name (an isolated node), the whole `check` in process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, listenerPorts } from '../../src/catalog/index.js';
import { openListener, type Listener } from '../../src/net/index.js';
import { Report } from '../../src/report/index.js';
import { startDnsServer, type DnsServer } from '../../src/sim/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-peer-run-'));
let dns: DnsServer;
let listener: Listener;
const TOKEN = 'p33rrun';

beforeAll(async () => {
  dns = await startDnsServer({ respond: () => ({ kind: 'answer', rcode: 'NXDOMAIN', answers: [] }) });
  // The peer: this machine's loopback, running the listener for a k8s node (unprivileged ports only).
  const ports = listenerPorts(loadCatalog(), topologyFromFlags({ product: ['runai'], role: ['k8s-node'], cni: 'flannel' })).filter((p) => p.port >= 1024);
  listener = await openListener(ports, { token: TOKEN, host: '127.0.0.1' });
});
afterAll(async () => {
  await listener.close();
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
});

const RUN = ['check', '--product', 'runai', '--role', 'k8s-node', '--cni', 'flannel', '--control-plane', 'cp.example.com', '--timeout', '2000', '--format', 'json'];

function parse(stdout: string): Report {
  return Report.parse(JSON.parse(stdout));
}

describe('check --peer', () => {
  it('field-ready 3: --peer checks the peer rules in addition to this machine\'s outbound rules (runai.registry), never "all passed" without them', async () => {
    const run = await netreq(dir, [...RUN, '--dns-server', `127.0.0.1:${dns.port}`, '--peer', `127.0.0.1:k8s-node#${TOKEN}`]);
    const report = parse(run.stdout);
    const ids = new Set(report.findings.flatMap((f) => f.ruleIds));
    expect(ids.has('runai.registry'), [...ids].join(' ')).toBe(true);
    expect(report.findings.some((f) => f.target.host === '127.0.0.1' && f.status === 'pass')).toBe(true);
    // The registry's name does not resolve here: the run fails, as it must.
    expect(report.findings.find((f) => f.ruleIds.includes('runai.registry'))?.status).toBe('fail');
    expect(run.code).toBe(1);
  }, 60_000);

  it('field-ready 3: --peers-only checks the peers and nothing else', async () => {
    const run = await netreq(dir, [...RUN, '--dns-server', `127.0.0.1:${dns.port}`, '--peer', `127.0.0.1:k8s-node#${TOKEN}`, '--peers-only']);
    const report = parse(run.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.ruleIds.includes('runai.registry'))).toBe(false);
    expect(report.findings.filter((f) => f.cause !== 'input.missing').every((f) => f.target.host === '127.0.0.1')).toBe(true);
  }, 60_000);

  it('--peers-only without a peer is a usage error', async () => {
    const run = await netreq(dir, ['check', '--product', 'runai', '--role', 'k8s-node', '--peers-only']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--peers-only needs .*--peer/);
  });
});
