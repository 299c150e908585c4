// netreq fleet over eight nodes: namespaces on a Linux bridge this test creates, each node a real
// OpenSSH server with a key the test makes, one installer namespace running `netreq fleet` as a
// user would, a "world" namespace with the site's DNS (dnsmasq) and a registry (TLS origin).
// Faults: n2's nftables drops its egress to the registry; n4's resolv.conf names a dead resolver;
// n3 drops the kubelet port inbound; n5's sshd refuses the key; n6 does not exist.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fleetReportOf, runFleetIn, type FleetOutput } from '../harness/fleet-run.js';
import { describeWithDeps } from '../harness/index.js';
import { dropEgressTo, dropInbound } from '../harness/bridge.js';
import { NS_PREFIX } from '../harness/cleanup.js';
import { FLEET_REGISTRY as REGISTRY, fleetNodeAddress as addressOf, makeFleetLab, type FleetLab } from '../harness/fleet-lab.js';
import { builtSingleFile } from '../harness/built.js';
import { leftovers } from '../harness/node-sshd.js';
import { run } from '../harness/proc.js';

const NODES = [1, 2, 3, 4, 5, 6, 7, 8].map(addressOf);
const [N1, N2, N3, N4, N5, N6] = NODES as [string, string, string, string, string, string];
const HEALTHY = [addressOf(1), addressOf(7), addressOf(8)];

type Lab = FleetLab;

let lab: Lab | undefined;

async function makeLab(): Promise<Lab> {
  const made = await makeFleetLab(NODES.map((address) => ({
    address,
    absent: address === N6, // unreachable: nothing answers at that address
    ...(address === N4 ? { nameserver: '198.18.7.99' } : {}), // a dead resolver
    acceptsKey: address !== N5,
    ...(address === N2 ? { after: (ns) => dropEgressTo(ns, REGISTRY.address) } : {}),
    ...(address === N3 ? { after: (ns) => dropInbound(ns, 10250) } : {}),
  })));
  return made;
}

/** `netreq fleet` in the installer namespace; `during` runs while it does (to kill an sshd, send SIGINT). */
function runFleet(l: Lab, extra: readonly string[], during?: (pid: number, stderr: () => string) => Promise<void>): Promise<FleetOutput> {
  const args = [
    '--nodes', `${N1}:system-node`, '--nodes', NODES.slice(1).join(','),
    '--product', 'runai', '--ssh-config', l.config, '--single-file', builtSingleFile(), '--ca-file', l.caPath,
    '--timeout', '1500', '--max-time', '40', '--format', 'json', ...extra,
  ];
  return runFleetIn(l.installer.name, args, 170_000, during);
}

const parsed = fleetReportOf;

async function noCopyLeft(l: Lab, out?: FleetOutput): Promise<void> {
  for (const [address, { sshd }] of l.nodes) expect(await leftovers(sshd.tmp), `${address}\n${out?.stderr ?? ''}`).toEqual([]);
}

describeWithDeps('fleet: eight nodes over real sshd on a bridge', ['ip', 'nft', 'dnsmasq', 'openssl', '/usr/sbin/sshd', 'ssh', 'ssh-keygen'], () => {
  let first: FleetOutput | undefined;
  beforeAll(async () => {
    lab = await makeLab();
    first = await runFleet(lab, ['--bundle', join(lab.installer.dir, 'fleet.tar.gz')]);
  }, 300_000);
  afterAll(async () => {
    await Promise.allSettled((lab?.spaces ?? []).map((s) => s.destroy()));
  }, 60_000);

  it('fleet 4: every node is named with its cause; the healthy nodes pass what the faulty ones fail', () => {
    const out = first as FleetOutput;
    const report = parsed(out);
    expect(out.code).toBe(1);
    expect(report.nodes.map((n) => n.name)).toEqual(NODES);
    const nodeCause = (name: string): string | undefined => report.nodes.find((n) => n.name === name)?.cause;
    expect(nodeCause(N5)).toBe('node.ssh-auth');
    expect(nodeCause(N6)).toBe('node.unreachable');
    const finding = (node: string, host: string, port: number) =>
      report.findings.find((f) => f.node === node && f.target.host === host && f.target.port === port);
    // n2: its egress to the registry is dropped; the healthy nodes get through.
    expect(finding(N2, REGISTRY.host, 443)).toMatchObject({ status: 'fail', cause: 'tcp.timeout' });
    // Reached and its TLS checked: a pass, but for the test's CA (given with --ca-file, not a public root): tls.intercepted.
    for (const node of HEALTHY) expect(finding(node, REGISTRY.host, 443), node).toMatchObject({ status: 'warn', cause: 'tls.intercepted' });
    // n4: a dead resolver: the registry's name does not resolve there, and only there.
    expect(finding(N4, REGISTRY.host, 443)?.cause).toMatch(/^dns\./);
    // n3 drops the kubelet port: every peer that checks it times out; the healthy nodes' kubelet port answers.
    const kubeletOf = (target: string) => report.findings.filter((f) => f.target.host === target && f.target.port === 10250);
    expect(kubeletOf(N3).length).toBeGreaterThan(0);
    for (const f of kubeletOf(N3)) expect(f.cause, f.node).toBe('peer.timeout');
    for (const node of HEALTHY) for (const f of kubeletOf(node)) expect(f.status, `${f.node} -> ${node}`).toBe('pass');
    // Root causes across nodes name the nodes.
    const summaries = report.rootCauses.map((rc) => rc.summary).join('\n');
    expect(report.rootCauses.find((rc) => rc.code === 'node.ssh-auth')?.nodes).toEqual([N5]);
    expect(report.rootCauses.find((rc) => rc.code === 'node.unreachable')?.nodes).toEqual([N6]);
    expect(summaries).toContain(`of 8 nodes`);
    // Progress went to stderr.
    expect(out.stderr).toMatch(/8\/8 done, \d+ failing, 0 remaining/);
  });

  it('fleet 4: --bundle holds the merged report and every checked node\'s own', async () => {
    const listing = (await run('tar', ['-tzf', join((lab as Lab).installer.dir, 'fleet.tar.gz')])).split('\n').filter(Boolean).sort();
    const checked = parsed(first as FleetOutput).nodes.filter((n) => n.state === 'checked').flatMap((n) => [`nodes/${n.name}.json`, `nodes/${n.name}.html`]);
    expect(checked.length).toBe(12);
    expect(listing).toEqual(['fleet.json', 'fleet.txt', 'nodes/', ...checked].sort());
  });

  it('fleet 1: no copied file is left on any node', async () => {
    await noCopyLeft(lab as Lab);
  });

  it('fleet 3: SIGINT while one node\'s sshd is killed mid-run: exit 130, what finished is reported, nothing left', async () => {
    const l = lab as Lab;
    const victim = l.nodes.get(addressOf(7));
    // A long step deadline: n2's dropped registry egress holds its check for 8 s, so the Ctrl-C
    // below lands while it is still checking, however fast the other nodes are.
    const out = await runFleet(l, ['--timeout', '8000'], async (pid, stderr) => {
      // Once the two nodes that fail at once are reported (so the others are being checked): kill
      // one node's sshd with its sessions, then Ctrl-C.
      for (let i = 0; i < 600 && !(stderr().includes(`${N5}: node.ssh-auth`) && stderr().includes(`${N6}: node.unreachable`)); i += 1) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500));
      await victim?.sshd.stop();
      await new Promise((r) => setTimeout(r, 500));
      process.kill(pid, 'SIGINT');
    });
    expect(out.code).toBe(130);
    const report = parsed(out);
    expect(report.interrupted).toBe(true);
    expect(report.nodes).toHaveLength(8);
    // What finished is there; the unfinished are said to be interrupted, never left out.
    expect(report.nodes.find((n) => n.name === N5)?.cause).toBe('node.ssh-auth');
    for (const node of report.nodes) expect(node.state === 'checked' || node.cause !== undefined, node.name).toBe(true);
    // It was cut mid-check: the nodes still checking say so.
    expect(report.nodes.filter((n) => n.cause === 'node.interrupted').length).toBeGreaterThan(0);
    expect(out.stderr).toMatch(/node\.interrupted/);
    await new Promise((r) => setTimeout(r, 2_000));
    await noCopyLeft(l, out);
  }, 200_000);

  it('fleet 1: no namespace with the test\'s prefix is left afterwards', async () => {
    await Promise.allSettled((lab?.spaces ?? []).map((s) => s.destroy()));
    const mine = `${NS_PREFIX}${process.pid}-`;
    expect((await run('ip', ['netns', 'list'])).split('\n').filter((line) => line.startsWith(mine))).toEqual([]);
  });
});
