// netreq fleet --sudo: a node reached as a user who is not root (the installer's ssh_config names
// the user), whose sudo lets that user run anything as root without a password (the user and
// sudoers exist only in that node's namespace). Without --sudo its listener cannot open the ports
// below 1024 (443, the system node's HTTPS entrypoint; 179, Calico's BGP, which the other node
// checks as a peer) and the peer's check of 179 is skip node.privileged-port; with --sudo the
// agent runs as root, both open and the check passes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fleetReportOf, runFleetIn, type FleetOutput } from '../harness/fleet-run.js';
import { builtSingleFile } from '../harness/built.js';
import { fleetNodeAddress, makeFleetLab, type FleetLab } from '../harness/fleet-lab.js';
import { describeWithDeps } from '../harness/index.js';
import { leftovers } from '../harness/node-sshd.js';
import type { FleetReport } from '../../src/fleet/index.js';

const USER = 'netreq-node';
const SUDO_NODE = fleetNodeAddress(1);
const PEER = fleetNodeAddress(2);

let lab: FleetLab | undefined;

function runFleet(l: FleetLab, extra: readonly string[]): Promise<FleetOutput> {
  const args = [
    '--nodes', `${SUDO_NODE}:system-node`, '--nodes', PEER,
    '--product', 'runai', '--cni', 'calico', '--ssh-config', l.config, '--single-file', builtSingleFile(), '--ca-file', l.caPath,
    '--timeout', '1500', '--max-time', '40', '--format', 'json', ...extra,
  ];
  return runFleetIn(l.installer.name, args, 150_000);
}

const parsed = fleetReportOf;

const peerCheck = (report: FleetReport, port: number) =>
  report.findings.find((f) => f.node === PEER && f.target.host === SUDO_NODE && f.target.port === port && f.target.transport === 'tcp');

describeWithDeps('fleet --sudo: a node reached as a user with sudo', ['ip', 'dnsmasq', 'openssl', '/usr/sbin/sshd', 'ssh', 'ssh-keygen', 'sudo'], () => {
  let without: FleetOutput | undefined;
  let withSudo: FleetOutput | undefined;
  beforeAll(async () => {
    lab = await makeFleetLab([{ address: SUDO_NODE, sudoUser: USER }, { address: PEER }]);
    without = await runFleet(lab, []);
    withSudo = await runFleet(lab, ['--sudo']);
  }, 300_000);
  afterAll(async () => {
    await lab?.destroy();
  }, 60_000);

  it('fleet 1: without --sudo, the node\'s listener cannot open 443 or 179, and the peer\'s check of 179 is skip node.privileged-port', () => {
    const report = parsed(without as FleetOutput);
    const node = report.nodes.find((n) => n.name === SUDO_NODE);
    expect(node?.state, (without as FleetOutput).stderr).toBe('checked');
    expect(node?.notOpened).toEqual([{ port: 179, transport: 'tcp', code: 'EACCES' }, { port: 443, transport: 'tcp', code: 'EACCES' }]);
    expect(peerCheck(report, 179)).toMatchObject({ status: 'skip', cause: 'node.privileged-port' });
    // The node was checked as a peer all the same: its ports above 1024 answered.
    expect(peerCheck(report, 10250)?.status).toBe('pass');
  });

  it('fleet 1: with --sudo, the agent runs as root: 443 and 179 open, and the peer\'s check of 179 passes', () => {
    const report = parsed(withSudo as FleetOutput);
    const node = report.nodes.find((n) => n.name === SUDO_NODE);
    expect(node?.state, (withSudo as FleetOutput).stderr).toBe('checked');
    expect(node?.notOpened).toEqual([]);
    expect(peerCheck(report, 179)).toMatchObject({ status: 'pass' });
  });

  it('fleet 1: no copy is left on the node after either run', async () => {
    for (const [address, { sshd }] of (lab as FleetLab).nodes) expect(await leftovers(sshd.tmp), address).toEqual([]);
  });
});
