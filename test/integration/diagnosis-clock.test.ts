// A clock three days off, for real: netreq runs under faketime (LD_PRELOAD, Debian's `faketime`)
// against real TLS servers on loopback that keep the true time. One host-level `fail clock.skew`,
// naming the servers, exit 1; each target with the server's Date carries a note.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveSite, type ServedSite } from '../../bench/lib/served-site.js';
import { finished, liveTargets, siteSpecFor } from '../../bench/lib/site-plan.js';
import { Report } from '../../src/report/index.js';
import { namesOf } from '../../src/sim/scenario-site.js';
import type { TopologyInput } from '../../src/topology/index.js';
import { describeWithDeps } from '../harness/deps.js';

const BIN = join(import.meta.dirname, '../../bin/netreq.js');
const THREE_DAYS = 3 * 86_400;
const topology: TopologyInput = { products: ['runai'], roles: ['installer', 'k8s-node', 'system-node'], controlPlane: { fqdn: 'runai.site.example' } };

const run = promisify(execFile);

/** `netreq check` in a process whose clock is `offset` off; the site's servers (in this process) keep the true time. */
async function checkUnderFaketime(served: ServedSite, offset: string): Promise<{ code: number; report: Report }> {
  const result = await run('faketime', ['-f', offset, process.execPath, BIN, ...served.checkArgs, '--format', 'json'], { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env['PATH'] ?? '' } })
    .then((done) => ({ ...done, code: 0 }))
    .catch((error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '', code: error.code ?? -1 }));
  expect(result.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
  return { code: result.code, report: Report.parse(JSON.parse(result.stdout)) };
}

describeWithDeps('diagnosis 3: this machine\'s clock', ['faketime'], () => {
  let dir: string;
  let served: ServedSite;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netreq-clock-'));
    const targets = liveTargets(topology);
    served = await serveSite(dir, 'clock', siteSpecFor(targets, { latency: { minMs: 1, maxMs: 3 } }), topology, namesOf(finished(topology)), targets);
  }, 60_000);

  afterAll(async () => {
    await served.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('three days ahead (faketime +3d): one host-level fail clock.skew from the servers\' Dates, each target noted, exit 1', async () => {
    const { code, report } = await checkUnderFaketime(served, '+3d');
    const host = report.findings.filter((f) => f.ruleIds.includes('host.clock'));
    expect(host).toHaveLength(1);
    expect(host[0]).toMatchObject({ status: 'fail', cause: 'clock.skew', source: 'site' });
    // The evidence: every server's Date is about three days behind this machine's clock.
    const skews = report.findings.flatMap((f) => f.steps.flatMap((s) => (s.step === 'http' && s.evidence.clockSkewSeconds !== undefined ? [s.evidence.clockSkewSeconds] : [])));
    expect(skews.length).toBeGreaterThanOrEqual(2);
    for (const skew of skews) expect(Math.abs(skew - THREE_DAYS)).toBeLessThan(120);
    const noted = report.findings.filter((f) => f.notes.some((n) => n.code === 'clock.skew'));
    expect(noted.length).toBe(skews.length);
    expect(code).toBe(1);
  }, 150_000);

  it('a clock a minute off is within the tolerance: no clock finding', async () => {
    const { report } = await checkUnderFaketime(served, '+60s');
    expect(report.findings.some((f) => f.steps.some((s) => s.step === 'http')), 'the servers answered').toBe(true);
    expect(report.findings.some((f) => f.cause === 'clock.skew')).toBe(false);
  }, 150_000);
});
