// `netreq fleet` run as a user runs it, from the installer namespace of a fleet lab, and its report read back.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FleetReport } from '../../src/fleet/index.js';

const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));

export interface FleetOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `ip netns exec NAMESPACE node bin/netreq.js fleet ARGS`, with a clean environment; killed after
 * `killAfterMs`. `during` runs while it does (its pid, the stderr so far): to press Ctrl-C, to break a node.
 */
export function runFleetIn(namespace: string, args: readonly string[], killAfterMs: number, during?: (pid: number, stderr: () => string) => Promise<void>): Promise<FleetOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, BIN, 'fleet', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/root', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    if (during !== undefined && child.pid !== undefined) void during(child.pid, () => stderr).catch(reject);
  });
}

/** The fleet report a run printed (`--format json`), validated; a run that printed none fails with its stderr. */
export function fleetReportOf(out: FleetOutput): FleetReport {
  const result = FleetReport.safeParse(JSON.parse(out.stdout || 'null'));
  if (!result.success) throw new Error(`no fleet report (exit ${out.code}): ${out.stderr.slice(-2000)}`);
  return result.data;
}
