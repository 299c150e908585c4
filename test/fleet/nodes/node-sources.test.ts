// cmsh and kubectl cannot be had here: stand-in executables (test/fixtures/fleet/bin/*) replay
// their documented output, chosen by PATH as the real ones would be, and refuse any other
// command, so a changed command line fails these tests too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodesFromBcm, nodesFromKubernetes, NodeSourceError, type CommandRunner } from '../../../src/fleet/nodes/index.js';

const BIN = fileURLToPath(new URL('../../fixtures/fleet/bin/', import.meta.url));
const envWith = (dir: string, extra: Record<string, string> = {}): Record<string, string> => ({ PATH: `${join(BIN, dir)}:/usr/bin:/bin`, ...extra });
const tmp = mkdtempSync(join(tmpdir(), 'netreq-fleet-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function sourceError(run: () => Promise<unknown>): Promise<NodeSourceError> {
  try {
    await run();
  } catch (error: unknown) {
    if (error instanceof NodeSourceError) return error;
    throw error;
  }
  throw new Error('expected a NodeSourceError');
}

/** Whether a process still runs (a zombie waiting for its reaper does not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function stopped(pids: readonly number[]): Promise<boolean> {
  for (let i = 0; i < 50; i += 1) {
    if (pids.every((pid) => !running(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('fleet 4: --from-bcm reads cmsh', () => {
  it('fleet 4: nodes, categories and addresses from the device table; headnode, system and other categories mapped', async () => {
    const result = await nodesFromBcm({ env: envWith('bcm') });
    expect(result.nodes.map((n) => [n.name, n.roles.join('+'), n.address ?? '-'])).toEqual([
      ['bcm-head01', 'bcm-headnode', '10.141.255.254'],
      ['dgx-001', 'k8s-node', '10.141.0.1'],
      ['dgx-002', 'k8s-node', '10.141.0.2'],
      ['dgx-003', 'k8s-node', '10.141.0.3'],
      ['k8s-ctrl-01', 'k8s-node', '10.141.1.1'],
      ['runai-sys-01', 'system-node', '10.141.2.1'],
      ['runai-sys-02', 'system-node', '10.141.2.2'],
      ['slogin01', 'k8s-node', '10.141.3.1'],
      ['spare01', 'k8s-node', '-'],
    ]);
    expect(result.nodes[1]?.origin).toBe('cmsh category dgx-h100');
    expect(result.skipped).toEqual([
      { name: 'switch01', reason: 'a EthernetSwitch, not a node' },
      { name: 'apc01', reason: 'a PowerDistributionUnit, not a node' },
    ]);
    expect(result.command).toBe("cmsh -c 'device; list -f type:22,hostname:[16-64],category:[16-64],ip:[15-45]'");
  });

  it('fleet 4: the user overrides a category, or leaves it out', async () => {
    const result = await nodesFromBcm({ env: envWith('bcm'), categoryRoles: { 'k8s-ctrl-node': ['system-node'], slogin: [], 'spare-x86': [] } });
    expect(result.nodes.find((n) => n.name === 'k8s-ctrl-01')?.roles).toEqual(['system-node']);
    expect(result.nodes.map((n) => n.name)).not.toContain('slogin01');
    expect(result.skipped).toContainEqual({ name: 'slogin01', reason: 'category slogin left out' });
  });

  it('fleet 4: cmsh absent is a clear error naming where cmsh lives', async () => {
    const error = await sourceError(() => nodesFromBcm({ env: { PATH: tmp } }));
    expect(error.message).toContain('cmsh was not found');
    expect(error.message).toBe('cmsh: cmsh was not found in PATH nor at /cm/local/apps/cmd/bin/cmsh: --from-bcm runs on a Base Command Manager headnode');
  });

  it('fleet 4: a cmsh that prints garbage is a clear error quoting one cleaned line', async () => {
    const error = await sourceError(() => nodesFromBcm({ env: envWith('garbage') }));
    expect(error.message).toMatch(/^cmsh: expected a device table .*Welcome to Base Command Manager/);
    expect(error.message).not.toMatch(/\p{Cc}/u);
  });

  it('fleet 4: a cmsh that fails is an error with its exit code and message', async () => {
    const error = await sourceError(() => nodesFromBcm({ env: envWith('failing') }));
    expect(error.message).toContain('exited with code 1: Unable to connect to cluster management daemon');
  });

  it('fleet 4: a cmsh that hangs is stopped at the deadline, with its child', async () => {
    const pids = join(tmp, 'cmsh.pids');
    const error = await sourceError(() => nodesFromBcm({ env: envWith('hang', { STANDIN_PIDS: pids }), timeoutMs: 1500 }));
    expect(error.message).toContain('did not finish within 2 s');
    const [shell, child] = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
    expect(shell).toBeGreaterThan(1);
    expect(child).toBeGreaterThan(1);
    expect(await stopped([shell ?? 0, child ?? 0])).toBe(true);
  });

  it('fleet 4: the runner seam takes the command a caller passes', async () => {
    const seen: string[][] = [];
    const runner: CommandRunner = async (request) => {
      seen.push([request.file, ...request.args]);
      return { kind: 'exited', code: 0, stdout: readFileSync(join(BIN, '../cmsh-device-list.txt'), 'utf8'), stderr: '' };
    };
    const result = await nodesFromBcm({ runner, executable: '/opt/cm/cmsh' });
    expect(seen).toEqual([['/opt/cm/cmsh', '-c', 'device; list -f type:22,hostname:[16-64],category:[16-64],ip:[15-45]']]);
    expect(result.nodes).toHaveLength(9);
  });
});

describe('fleet 4: --from-kubernetes reads kubectl get nodes -o json', () => {
  it('fleet 4: names, InternalIPs and Run:ai system roles from the labels', async () => {
    const result = await nodesFromKubernetes({ env: envWith('k8s') });
    expect(result.nodes).toEqual([
      { name: 'cp-01', roles: ['k8s-node'], address: '10.0.0.10', origin: 'kubectl' },
      { name: 'runai-sys-01', roles: ['k8s-node', 'system-node'], address: '10.0.1.11', origin: 'kubectl' },
      { name: 'runai-sys-02', roles: ['k8s-node', 'system-node'], address: '10.0.1.12', origin: 'kubectl' },
      { name: 'gpu-001', roles: ['k8s-node'], address: '10.0.2.21', origin: 'kubectl' },
      { name: 'gpu-002', roles: ['k8s-node'], address: '10.0.2.22', origin: 'kubectl' },
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.command).toBe('kubectl get nodes -o json --request-timeout=59s');
  });

  it('fleet 4: kubectl that cannot reach its API server is an error with its message', async () => {
    const error = await sourceError(() => nodesFromKubernetes({ env: envWith('failing') }));
    expect(error.message).toContain('The connection to the server localhost:8080 was refused');
  });

  it('fleet 4: a kubectl that prints garbage, hangs, says too much or is absent is a clear error', async () => {
    expect((await sourceError(() => nodesFromKubernetes({ env: envWith('garbage') }))).message).toContain('expected the JSON of a node list');
    expect((await sourceError(() => nodesFromKubernetes({ env: envWith('hang'), timeoutMs: 1200 }))).message).toContain('did not finish');
    expect((await sourceError(() => nodesFromKubernetes({ env: envWith('k8s'), maxOutputBytes: 1000 }))).message).toContain('more than 1000 bytes');
    expect((await sourceError(() => nodesFromKubernetes({ env: { PATH: tmp } }))).message).toContain('kubectl was not found');
  });

  it('fleet 4: an abort stops kubectl at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await sourceError(() => nodesFromKubernetes({ env: envWith('hang'), timeoutMs: 30_000, signal: controller.signal }));
    expect(error.message).toContain('interrupted');
  });
});
