// netreq fleet --from over three nodes: namespaces on a Linux bridge this test creates, each node
// a real OpenSSH server with a key the test makes, one installer namespace running `netreq fleet`
// as a user would, a "world" namespace with the site's DNS (dnsmasq) and the registries (a TLS
// origin). The first run has one fault: n2's nftables drops its egress to the registries. The
// fault removed, `--from` checks again only n2's failures, on n2 alone, and reports them fixed.
// Then n3's sshd is down for a run (node.unreachable); back up, `--from` tries n3 again in full
// and has the others check it (pairs never checked), and reports it fixed.
import { execFile } from 'node:child_process';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fleetReportOf, runFleetIn, type FleetOutput } from '../harness/fleet-run.js';
import { createNamespace, describeWithDeps, startDnsmasq, startOrigins, type Netns } from '../harness/index.js';
import { NS_PREFIX } from '../harness/cleanup.js';
import { run } from '../harness/proc.js';
import type { FleetReport } from '../../src/fleet/index.js';
import { clientKeys, leftovers, singleFile, startNodeSshd, type NodeSshd } from '../fleet/run/fleet-lab.js';
import { dropEgressTo, makeBridge, plug } from '../harness/bridge.js';

const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));
const REGISTRIES = ['runai.jfrog.io', 'nvcr.io'];
const REGISTRY_ADDRESS = '203.0.113.40';
const WORLD = '198.18.9.100';
const INSTALLER = '198.18.9.2';
const [N1, N2, N3] = ['198.18.9.11', '198.18.9.12', '198.18.9.13'] as const;

interface Lab {
  readonly spaces: Netns[];
  readonly installer: Netns;
  readonly nodes: Map<string, { ns: Netns; sshd: NodeSshd }>;
  readonly config: string;
  readonly caPath: string;
  readonly publicKey: string;
  readonly knownHosts: string;
}

let lab: Lab | undefined;

async function makeLab(): Promise<Lab> {
  const spaces: Netns[] = [];
  const ns = async (opts: Parameters<typeof createNamespace>[0] = {}): Promise<Netns> => {
    const made = await createNamespace(opts);
    spaces.push(made);
    return made;
  };
  const bridge = await ns();
  await makeBridge(bridge);
  const world = await ns();
  await plug(bridge, world, WORLD);
  await startDnsmasq(world, { listen: WORLD, records: Object.fromEntries(REGISTRIES.map((host) => [host, REGISTRY_ADDRESS])) });
  const origins = await startOrigins(world, { sites: [{ names: REGISTRIES, address: REGISTRY_ADDRESS, http: false }] });
  const installer = await ns({ nameservers: [WORLD], resolvOptions: ['timeout:1', 'attempts:1'] });
  await plug(bridge, installer, INSTALLER);
  const keys = await clientKeys(join(installer.dir, 'client'));
  const nodes = new Map<string, { ns: Netns; sshd: NodeSshd }>();
  for (const address of [N1, N2, N3]) {
    // Patient resolvers and step deadlines: a DNS answer late on a loaded machine is no fault of this test's.
    const node = await ns({ nameservers: [WORLD], resolvOptions: ['timeout:2', 'attempts:3'] });
    await plug(bridge, node, address, WORLD, ['203.0.113.0/24']);
    nodes.set(address, { ns: node, sshd: await startNodeSshd(node, address, keys.publicKey) });
  }
  await dropEgressTo(nodes.get(N2)?.ns as Netns, REGISTRY_ADDRESS);
  await writeFile(keys.knownHosts, `${[...nodes.values()].map((n) => n.sshd.hostKeyLine).join('\n')}\n`);
  singleFile(installer.dir);
  return { spaces, installer, nodes, config: keys.config, caPath: origins.ca.certPath, publicKey: keys.publicKey, knownHosts: keys.knownHosts };
}

/** `netreq fleet ARGS` in the installer namespace, with the lab's ssh configuration and single file; `during` runs while it does. */
function fleet(l: Lab, args: readonly string[], during?: (stderr: () => string) => Promise<void>): Promise<FleetOutput> {
  const argv = [...args, '--ssh-config', l.config, '--single-file', singleFile(l.installer.dir), '--format', 'json'];
  return runFleetIn(l.installer.name, argv, 150_000, during === undefined ? undefined : (_pid, stderr) => during(stderr));
}

const parsed = fleetReportOf;

async function saved(l: Lab, name: string, out: FleetOutput): Promise<string> {
  const path = join(l.installer.dir, name);
  await writeFile(path, out.stdout);
  return path;
}

const failingOf = (report: FleetReport, node: string) => report.findings.filter((f) => f.node === node && f.status === 'fail');
const registryOf = (report: FleetReport, node: string) => report.findings.filter((f) => f.node === node && REGISTRIES.includes(f.target.host) && f.target.port === 443);

const SITE = (l: Lab): string[] => ['--product', 'runai', '--ca-file', l.caPath, '--timeout', '5000', '--max-time', '60'];
const NODES = ['--nodes', `${N1}:system-node`, '--nodes', `${N2},${N3}`];
const nodeFindings = (report: FleetReport, node: string) => report.findings.filter((f) => f.node === node);

async function noCopyLeft(l: Lab): Promise<void> {
  for (const [address, { sshd }] of l.nodes) expect(await leftovers(sshd.tmp), address).toEqual([]);
}

describeWithDeps('fleet: --from checks again only what failed, on three nodes over real sshd', ['ip', 'nft', 'dnsmasq', 'openssl', '/usr/sbin/sshd', 'ssh', 'ssh-keygen'], () => {
  let first: FleetOutput | undefined;
  beforeAll(async () => {
    lab = await makeLab();
    first = await fleet(lab, [...NODES, ...SITE(lab)]);
  }, 240_000);
  afterAll(async () => {
    await Promise.allSettled((lab?.spaces ?? []).map((s) => s.destroy()));
  }, 60_000);

  it('fleet 4: the fault removed, --from checks n2\'s two failures again on n2 alone and reports them fixed', async () => {
    const l = lab as Lab;
    const before = parsed(first as FleetOutput);
    expect(first?.code).toBe(1);
    expect(failingOf(before, N1)).toEqual([]);
    expect(failingOf(before, N3)).toEqual([]);
    expect(failingOf(before, N2).map((f) => `${f.target.host} ${f.cause ?? ''}`).sort()).toEqual(['nvcr.io tcp.timeout', 'runai.jfrog.io tcp.timeout']);
    await l.nodes.get(N2)?.ns.run('nft', ['delete', 'table', 'inet', 'fleet_test_out']);
    const firstFile = await saved(l, 'first.json', first as FleetOutput);
    // No site flag: they come from the report.
    const out = await fleet(l, ['--from', firstFile]);
    expect(out.code, out.stderr).toBe(0);
    const after = parsed(out);
    expect(out.stderr).toContain(`checking 2 failures of ${firstFile} again on 1 node`);
    // Only n2 was started and checked.
    expect(out.stderr).toMatch(/netreq fleet: 1\/1 done, 0 failing, 0 remaining {2}\(198\.18\.9\.12: passed\)/);
    expect(out.stderr).not.toMatch(/\/[23] done/);
    for (const host of REGISTRIES) expect(out.stderr).toMatch(new RegExp(`fail tcp\\.timeout -> warn tls\\.intercepted {2}198\\.18\\.9\\.12 {2}${host.replace(/\./g, '\\.')}:443/tcp https`));
    expect(registryOf(after, N2).map((f) => `${f.status} ${f.cause ?? ''}`)).toEqual(['warn tls.intercepted', 'warn tls.intercepted']);
    // The rest is the first run's, untouched.
    expect(nodeFindings(after, N1)).toEqual(nodeFindings(before, N1));
    expect(nodeFindings(after, N3)).toEqual(nodeFindings(before, N3));
    expect(nodeFindings(after, N2).filter((f) => !REGISTRIES.includes(f.target.host))).toEqual(nodeFindings(before, N2).filter((f) => !REGISTRIES.includes(f.target.host)));
    expect(after.summary).toMatchObject({ nodes: 3, checked: 3, failing: 0 });
    // No failure left to explain; the test's CA (a stand-in for an inspection CA) now on all three, n2 too, as one folded range.
    expect(after.rootCauses.filter((rc) => rc.status === 'fail')).toEqual([]);
    expect(after.rootCauses.find((rc) => rc.code === 'root.tls-inspection-ca')).toMatchObject({ nodes: [N1, N2, N3] });
    expect(after.rootCauses.find((rc) => rc.code === 'root.tls-inspection-ca')?.summary).toContain('198.18.9.[11-13]');
    // netreq diff on the two says the same.
    const diff = await promisify(execFile)(process.execPath, [BIN, 'diff', firstFile, await saved(l, 'second.json', out), '--format', 'json'], { timeout: 60_000 });
    const entries = (JSON.parse(diff.stdout) as { entries: { node: string; kind: string; target: string }[] }).entries;
    expect(entries.filter((e) => e.kind === 'fixed').map((e) => `${e.node} ${e.target}`).sort()).toEqual([`${N2} nvcr.io:443/tcp https`, `${N2} runai.jfrog.io:443/tcp https`]);
    expect(entries.filter((e) => e.kind !== 'fixed' && e.kind !== 'unchanged')).toEqual([]);
  }, 200_000);

  it('fleet 4: a node that could not be checked is tried again in full, and the others check it', async () => {
    const l = lab as Lab;
    const n3 = l.nodes.get(N3) as { ns: Netns; sshd: NodeSshd };
    await n3.sshd.stop();
    const down = await fleet(l, [...NODES, ...SITE(l)]);
    const third = parsed(down);
    expect(third.nodes.find((n) => n.name === N3)).toMatchObject({ state: 'not-checked', cause: 'node.unreachable' });
    expect(third.findings.filter((f) => f.node !== N3 && f.target.host === N3)).toEqual([]);
    // n3 back (a new sshd, its host key known).
    const sshd = await startNodeSshd(n3.ns, N3, l.publicKey);
    l.nodes.set(N3, { ns: n3.ns, sshd });
    await appendFile(l.knownHosts, `${sshd.hostKeyLine}\n`);
    const out = await fleet(l, ['--from', await saved(l, 'third.json', down)]);
    expect(out.code, out.stderr).toBe(0);
    const after = parsed(out);
    expect(out.stderr).toMatch(/fail node\.unreachable -> pass {2}198\.18\.9\.13 {2}node/);
    expect(out.stderr).toMatch(/3\/3 done, 0 failing, 0 remaining/);
    expect(after.nodes.find((n) => n.name === N3)).toMatchObject({ state: 'checked' });
    expect(registryOf(after, N3).map((f) => f.status)).toEqual(['warn', 'warn']);
    // The pairs never checked: n2 checks n3's kubelet port now, and n3 checks n2's.
    expect(after.findings.filter((f) => f.node === N2 && f.target.host === N3 && f.target.port === 10250).map((f) => f.status)).toEqual(['pass']);
    expect(after.findings.filter((f) => f.node === N3 && f.target.host === N2 && f.target.port === 10250).map((f) => f.status)).toEqual(['pass']);
    // n1 and n2's own outbound checks were not repeated.
    expect(registryOf(after, N1)).toEqual(registryOf(third, N1));
    expect(registryOf(after, N2)).toEqual(registryOf(third, N2));
    expect(after.summary).toMatchObject({ nodes: 3, checked: 3, notChecked: 0, failing: 0 });
  }, 200_000);

  it('fleet 4: --from with --watch: checks n2 again until its fault is gone, one line per change, then stops', async () => {
    const l = lab as Lab;
    const n2 = l.nodes.get(N2) as { ns: Netns; sshd: NodeSshd };
    await dropEgressTo(n2.ns, REGISTRY_ADDRESS);
    const out = await fleet(l, ['--from', join(l.installer.dir, 'first.json'), '--watch', '2'], async (stderr) => {
      // The first round found n2 still failing: take the fault away before the next.
      for (let i = 0; i < 900 && !stderr().includes('1/1 done, 1 failing'); i += 1) await new Promise((r) => setTimeout(r, 100));
      await n2.ns.run('nft', ['delete', 'table', 'inet', 'fleet_test_out']);
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/1\/1 done, 1 failing[\s\S]*checking what failed again every 2 s[\s\S]*1\/1 done, 0 failing/);
    expect(out.stderr.match(/fail tcp\.timeout -> warn tls\.intercepted {2}198\.18\.9\.12/g)).toHaveLength(2);
    expect(out.stderr).toContain('everything checked again passes');
    expect(registryOf(parsed(out), N2).map((f) => f.status)).toEqual(['warn', 'warn']);
  }, 200_000);

  it('fleet 1: no copied file is left on any node', async () => {
    await noCopyLeft(lab as Lab);
  });

  it('fleet 1: no namespace of this test is left afterwards', async () => {
    await Promise.allSettled((lab?.spaces ?? []).map((s) => s.destroy()));
    const mine = `${NS_PREFIX}${process.pid}-`;
    expect((await run('ip', ['netns', 'list'])).split('\n').filter((line) => line.startsWith(mine))).toEqual([]);
  });
});
