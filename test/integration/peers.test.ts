// netreq listen in one namespace, netreq check --peer in another, a veth pair between them and
// nftables on the listener's side: each port's finding must name what the firewall does to it.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNamespace, describeWithDeps, findingFor, link, runNetreq, type Netns, type TrackedProcess } from '../harness/index.js';
import { Report } from '../../src/report/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));
const TABLE = 'netreq_peers';

interface PortRule {
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
  readonly action: 'drop' | 'reject';
}

/** The listener's input firewall: what a site's host firewall or a switch ACL does. */
async function firewall(ns: Netns, rules: readonly PortRule[]): Promise<void> {
  const lines = rules.map((r) => `    ${r.proto} dport ${r.port} ${r.action === 'drop' ? 'drop' : r.proto === 'tcp' ? 'reject with tcp reset' : 'reject'}`);
  const text = [`table inet ${TABLE} {`, '  chain input {', '    type filter hook input priority filter; policy accept;', ...lines, '  }', '}', ''].join('\n');
  const file = join(await ns.tempDir('nft'), 'peers.nft');
  await writeFile(file, text);
  await ns.exec('nft', ['delete', 'table', 'inet', TABLE]);
  await ns.run('nft', ['-f', file]);
}

const BLOCKING: readonly PortRule[] = [
  { port: 10250, proto: 'tcp', action: 'drop' },
  { port: 2379, proto: 'tcp', action: 'reject' },
  { port: 6081, proto: 'udp', action: 'drop' },
];

describeWithDeps('netreq listen and check --peer across a veth pair', ['ip', 'nft'], () => {
  let checker: Netns;
  let node: Netns;
  let listener: TrackedProcess;
  let token = '';
  let peer = '';
  let listenOutput = '';

  beforeAll(async () => {
    checker = await createNamespace();
    node = await createNamespace();
    const veth = await link(checker, node);
    peer = veth.addrB;
    // Something already holds the Cilium health port on the node.
    const busy = node.spawn(process.execPath, ['-e', "require('net').createServer(() => {}).listen(4240, '0.0.0.0', () => console.log('busy'))"]);
    await busy.waitForOutput(/busy/);
    await firewall(node, BLOCKING);
    listener = node.spawn(process.execPath, [BIN, 'listen', '--role', 'k8s-node', '--cni', 'cilium', '--duration', '300'], { cwd: REPO, env: { NO_COLOR: '1' } });
    listenOutput = await listener.waitForOutput(/listening for/, 30_000);
    token = /token ([0-9a-f]+)/.exec(listenOutput)?.[1] ?? '';
  }, 60_000);

  afterAll(async () => {
    await listener?.stop();
    await checker?.destroy();
    await node?.destroy();
  });

  it('says what it listens on and which port is in use', () => {
    expect(token).toMatch(/^[0-9a-f]{12}$/);
    expect(listenOutput).toMatch(/6443\/tcp/);
    expect(listenOutput).toMatch(/8472\/udp/);
    expect(listenOutput).toMatch(/not opened:\n {2}4240\/tcp +in use/);
    expect(listenOutput).toContain(`--peer ${peer}:k8s-node#${token}`);
  });

  it('names the right cause for each port and passes the open ones, UDP through the echo', async () => {
    const run = await runNetreq(checker, ['check', '--product', 'runai', '--role', 'k8s-node', '--cni', 'cilium', '--peer', `${peer}:k8s-node#${token}`, '--peers-only', '--timeout', '1500', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = run.report;
    if (!report) throw new Error(`no report: ${run.stderr}`);
    const at = (port: number): { status: string; cause?: string | undefined } => findingFor(report, peer, port);
    expect(at(10250)).toMatchObject({ status: 'fail', cause: 'peer.timeout' });
    expect(at(2379)).toMatchObject({ status: 'fail', cause: 'peer.refused' });
    expect(at(6081)).toMatchObject({ status: 'fail', cause: 'peer.no-echo' });
    expect(at(4240)).toMatchObject({ status: 'warn', cause: 'peer.other-service' });
    for (const port of [6443, 2380, 8472, 30000, 31383, 32767]) expect(at(port), String(port)).toMatchObject({ status: 'pass' });
    const udp = findingFor(report, peer, 8472);
    expect(udp.target.transport).toBe('udp');
    expect(udp.steps.find((s) => s.step === 'greeting')).toMatchObject({ outcome: 'echo', evidence: { listenerId: token } });
    expect(findingFor(report, peer, 10250).remediation).toContain(`source ${veth(peer)}`);
  }, 60_000);

  it('checks exactly the failures again with --from, and diff shows them fixed', async () => {
    const dir = await checker.tempDir('from');
    const first = await runNetreq(checker, ['check', '--product', 'runai', '--role', 'k8s-node', '--cni', 'cilium', '--peer', `${peer}#${token}`, '--peers-only', '--timeout', '1000', '--format', 'json']);
    await writeFile(join(dir, 'old.json'), first.stdout);
    await firewall(node, []);
    try {
      const again = await runNetreq(checker, ['check', '--from', join(dir, 'old.json'), '--timeout', '1000', '--format', 'json']);
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/checking 3 failures/);
      const report = Report.parse(JSON.parse(again.stdout));
      expect(findingFor(report, peer, 10250).status).toBe('pass');
      expect(findingFor(report, peer, 6081).status).toBe('pass');
      await writeFile(join(dir, 'new.json'), again.stdout);
      const diff = await runNetreq(checker, ['diff', join(dir, 'old.json'), join(dir, 'new.json'), '--format', 'json']);
      expect(JSON.parse(diff.stdout)).toMatchObject({ counts: { fixed: 3, broke: 0 } });
    } finally {
      await firewall(node, BLOCKING);
    }
  }, 60_000);

  it('--watch shows fail -> pass when the firewall rule is lifted during the run', async () => {
    const watch = checker.spawn(process.execPath, [BIN, 'check', '--product', 'runai', '--role', 'k8s-node', '--cni', 'cilium', '--peer', `${peer}#${token}`, '--peers-only', '--timeout', '1000', '--watch', '1'], { cwd: REPO, env: { NO_COLOR: '1' } });
    try {
      await watch.waitForOutput(/3 failed; checking them again every 1 s/, 30_000);
      await firewall(node, []);
      const exit = await watch.exited;
      const out = watch.output();
      expect(exit.code).toBe(0);
      expect(out).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d {2}fail peer\\.timeout -> pass {2}${peer.replace(/\./g, '\\.')}:10250/tcp`));
      expect(out).toMatch(/fail peer\.no-echo -> pass .*:6081\/udp/);
      expect(out).toMatch(/every re-checked target passes/);
    } finally {
      await watch.stop();
      await firewall(node, BLOCKING);
    }
  }, 90_000);

  it('says a privileged port needs root when it runs as an ordinary user', async (ctx) => {
    if (!(await checker.exec('sh', ['-c', 'command -v setpriv'])).stdout.trim()) ctx.skip();
    const ns = await createNamespace();
    // The ordinary user cannot read a checkout that lives in a private folder (a CI clone, say):
    // it runs the built single file from a folder of its own that it may read.
    const home = mkdtempSync(join(tmpdir(), 'netreq-nobody-'));
    chmodSync(home, 0o755);
    copyFileSync(join(REPO, 'dist', 'netreq.mjs'), join(home, 'netreq.mjs'));
    chmodSync(join(home, 'netreq.mjs'), 0o644);
    try {
      const run = await ns.exec('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, join(home, 'netreq.mjs'), 'listen', '--role', 'system-node', '--duration', '1'], { cwd: home, env: { HOME: home, NO_COLOR: '1' }, timeoutMs: 60_000 });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/not opened:\n {2}443\/tcp +privileged: ports below 1024 need root/);
      expect(run.stdout).toMatch(/6443\/tcp/);
    } finally {
      await ns.destroy();
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a peer that does not parse, clearly', async () => {
    const run = await runNetreq(checker, ['check', '--product', 'runai', '--role', 'k8s-node', '--peer', 'node one:k8s-node']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--peer 'node one:k8s-node': 'node one' is not a host name or address/);
  });
});

/** The checker's own address on the link: the .1 of the pair. */
function veth(peerAddress: string): string {
  return peerAddress.replace(/\.2$/, '.1');
}
