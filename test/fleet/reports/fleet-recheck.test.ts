// What `fleet --from` and `--watch` check again, and how the answers go back into the report:
// pure, over fleet reports made by the fleet's own merge. The rounds run through the runner seam
// (FleetRunner), which here answers as the nodes would, so that the loop itself is tested.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { recheckFleetOnce, watchFleet, type FleetRecheckContext, type FleetRunner } from '../../../src/cli/fleet-watch.js';
import { fleetRecheckPlan, fleetReport, mergeFleetRecheck, type FleetNode, type FleetRun, type NodeResult } from '../../../src/fleet/index.js';
import type { FindingInput } from '../../../src/report/index.js';
import { netreqIn } from '../../cli/report-run.js';
import { finding, fleetOf, node, nodeReport, REGISTRY_DROPPED, REGISTRY_OK } from './fleet-fixture.js';

const GHCR = finding('ghcr.io', 443, 'pass');
/** A peer check of n1 towards n3's kubelet port. */
const peerTo = (address: string, status: 'pass' | 'fail', cause?: string): FindingInput => ({ ...finding(address, 10250, status, cause), ruleIds: ['k8s.kubelet'] });

/** n1 fine, n2 cannot reach the registry, n3 not reachable over ssh. */
function firstRun() {
  return fleetOf([
    { node: node('n1', '10.0.0.1'), report: nodeReport([REGISTRY_OK, GHCR]) },
    { node: node('n2', '10.0.0.2'), report: nodeReport([REGISTRY_DROPPED, GHCR]) },
    { node: node('n3', '10.0.0.3'), failure: { cause: 'node.unreachable', detail: 'ssh: connect to host 10.0.0.3 port 22: No route to host' } },
  ]);
}
const MESH = (name: string): string[] => ['n1', 'n2', 'n3'].filter((n) => n !== name);

function runOf(results: NodeResult[]): FleetRun {
  return { startedAt: '2026-12-08T01:00:00.000Z', finishedAt: '2026-12-08T01:00:30.000Z', results, interrupted: false, timedOut: false };
}

describe('fleet --from: what is checked again', () => {
  it('fleet 4: the unchecked node in full, the failing node its failures, and the nodes that plan the retried one check it', () => {
    const plan = fleetRecheckPlan(firstRun(), MESH);
    expect(plan.checks.get('n3')).toEqual({ kind: 'retry', peers: ['n1', 'n2'] });
    expect(plan.checks.get('n2')).toMatchObject({ kind: 'failures', peers: ['n3'], peersOnly: false });
    const n2 = plan.checks.get('n2');
    expect(n2?.kind === 'failures' ? [...n2.keys] : []).toEqual(['https://nvcr.io:443/tcp via direct']);
    // n1 failed nothing: it only checks the node it never could.
    expect(plan.checks.get('n1')).toMatchObject({ kind: 'failures', peers: ['n3'], peersOnly: true });
    expect(plan.failures).toBe(2);
  });

  it('fleet 4: a failing peer pair alone is checked again with --peers-only; a node that passed and is its peer only listens', () => {
    const report = fleetOf([
      { node: node('n1', '10.0.0.1'), report: nodeReport([REGISTRY_OK, peerTo('10.0.0.3', 'fail', 'peer.timeout')]) },
      { node: node('n2', '10.0.0.2'), report: nodeReport([REGISTRY_OK]) },
      { node: node('n3', '10.0.0.3'), report: nodeReport([REGISTRY_OK]) },
    ]);
    const plan = fleetRecheckPlan(report, MESH);
    expect([...plan.checks.keys()]).toEqual(['n1']);
    expect(plan.checks.get('n1')).toMatchObject({ kind: 'failures', peers: ['n3'], peersOnly: true });
    expect([...plan.listenOnly]).toEqual(['n3']);
    expect(plan.nodes.map((n) => n.name)).toEqual(['n1', 'n3']);
  });

  it('fleet 4: nothing failed: nothing to check again', () => {
    const plan = fleetRecheckPlan(fleetOf([{ node: node('n1'), report: nodeReport([REGISTRY_OK]) }]), MESH);
    expect(plan.checks.size).toBe(0);
    expect(plan.nodes).toEqual([]);
  });

  it('fleet 4: the answers go back: fixed replaced, never-checked pairs added, the rest kept, root causes and counts again', () => {
    const before = firstRun();
    const plan = fleetRecheckPlan(before, MESH);
    const n = (name: string): FleetNode => plan.nodes.find((x) => x.name === name) as FleetNode;
    // n2 re-checked everything (its own check), but only its failure counts as re-checked.
    const partial = fleetReport(runOf([
      { node: n('n1'), report: nodeReport([peerTo('10.0.0.3', 'pass')]) },
      { node: n('n2'), report: nodeReport([REGISTRY_OK, finding('ghcr.io', 443, 'fail', 'tcp.refused'), finding('quay.io', 443, 'skip', 'input.missing'), peerTo('10.0.0.3', 'pass')]) },
      { node: n('n3'), report: nodeReport([REGISTRY_OK, GHCR]) },
    ]), { version: '0.2.0', peers: 'peers: mesh' });
    const after = mergeFleetRecheck(before, partial, plan);
    const of = (name: string, host: string) => after.findings.filter((f) => f.node === name && f.target.host === host).map((f) => f.status);
    expect(of('n2', 'nvcr.io')).toEqual(['pass']);
    expect(of('n2', 'ghcr.io')).toEqual(['pass']);
    // What else its check said was not asked again: a target it did not check before stays out.
    expect(of('n2', 'quay.io')).toEqual([]);
    expect(of('n2', '10.0.0.3')).toEqual(['pass']);
    expect(of('n1', '10.0.0.3')).toEqual(['pass']);
    expect(after.findings.filter((f) => f.node === 'n1')).toHaveLength(3);
    expect(after.nodes.find((x) => x.name === 'n3')).toMatchObject({ state: 'checked' });
    expect(after.summary).toMatchObject({ nodes: 3, checked: 3, notChecked: 0, failing: 0 });
    expect(after.rootCauses).toEqual([]);
    expect(after.tool.version).toBe('0.2.0');
  });

  it('fleet 4: a node whose re-check could not run keeps what it showed', () => {
    const before = firstRun();
    const plan = fleetRecheckPlan(before, MESH);
    const partial = fleetReport(runOf(plan.nodes.map((x) => ({ node: x, failure: { cause: 'node.timeout' as const, detail: 'no answer' } }))), { version: '0.1.0', peers: 'p' });
    const after = mergeFleetRecheck(before, partial, plan);
    expect(after.findings.find((f) => f.node === 'n2' && f.target.host === 'nvcr.io')).toMatchObject({ status: 'fail', cause: 'tcp.timeout' });
    expect(after.nodes.find((x) => x.name === 'n3')).toMatchObject({ state: 'not-checked', cause: 'node.timeout' });
  });
});

function context(run: FleetRunner, signal = new AbortController().signal): { ctx: FleetRecheckContext; lines: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  const ctx: FleetRecheckContext = { run, baseArgv: (n) => ['--role', n.roles[0] ?? ''], plannedPeers: MESH, meta: { version: '0.1.0', peers: 'p' }, out, signal };
  return { ctx, lines: () => text };
}

describe('fleet --watch: rounds until everything passes', () => {
  it('fleet 4: each round runs only what still fails, prints each change, and stops when all pass', async () => {
    const calls: { nodes: string[]; argv: Record<string, readonly string[] | undefined> }[] = [];
    let round = 0;
    const runner: FleetRunner = async (nodes, peersOf, checkArgv) => {
      round += 1;
      const argv = Object.fromEntries(nodes.map((x) => [x.name, checkArgv(x, peersOf(x).map((p) => `${p}:k8s-node#tok`))]));
      calls.push({ nodes: nodes.map((x) => x.name), argv });
      // Round 1: n3 still unreachable, n2 fixed. Round 2: n3 answers.
      return runOf(nodes.map((x): NodeResult => {
        if (x.name === 'n3') return round === 1 ? { node: x, failure: { cause: 'node.unreachable', detail: 'still down' } } : { node: x, report: nodeReport([REGISTRY_OK]) };
        return { node: x, report: nodeReport(x.name === 'n2' ? [REGISTRY_OK] : []) };
      }));
    };
    const { ctx, lines } = context(runner);
    const first = await recheckFleetOnce(firstRun(), 'first.json', ctx);
    const last = await watchFleet(first, 'first.json', ctx, { intervalMs: 10, delayFirst: true });
    expect(calls).toHaveLength(2);
    expect(calls[0]?.nodes).toEqual(['n1', 'n2', 'n3']);
    // n1 failed nothing itself: only its check towards n3, the node never checked.
    expect(calls[0]?.argv['n1']).toEqual(['--peers-only', '--role', 'k8s-node', '--peer', 'n3:k8s-node#tok']);
    // Round 2: n2 passes now; only n3 and the nodes that check it.
    expect(calls[1]?.nodes).toEqual(['n1', 'n2', 'n3']);
    expect(calls[1]?.argv['n2']).toEqual(['--peers-only', '--role', 'k8s-node', '--peer', 'n3:k8s-node#tok']);
    const text = lines();
    expect(text).toContain('checking 2 failures of first.json again on 3 nodes');
    expect(text).toMatch(/fail tcp\.timeout -> pass {2}n2 {2}nvcr\.io:443\/tcp https/);
    expect(text).toMatch(/fail node\.unreachable -> pass {2}n3 {2}node/);
    expect(text).toContain('everything checked again passes');
    expect(last.report.summary).toMatchObject({ checked: 3, notChecked: 0, failing: 0 });
  });

  it('fleet 3: Ctrl-C between rounds stops at once with the latest report, marked interrupted', async () => {
    const stop = new AbortController();
    const runner: FleetRunner = async (nodes) => runOf(nodes.map((x) => ({ node: x, failure: { cause: 'node.unreachable' as const, detail: 'down' } })));
    const { ctx, lines } = context(runner, stop.signal);
    setTimeout(() => stop.abort(), 50);
    const last = await watchFleet({ report: firstRun() }, 'the run', ctx, { intervalMs: 60_000, delayFirst: true });
    expect(last.report.interrupted).toBe(true);
    expect(lines()).toMatch(/stopped; nodes still failing: 2, not checked: 1/);
  });
});

describe('fleet --from: refused before any ssh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreq-fleet-from-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const save = (name: string, value: unknown): string => {
    writeFileSync(join(dir, name), JSON.stringify(value));
    return name;
  };

  it('fleet 5: site flags saved with a masked credential are not used: give them again', async () => {
    const masked = { ...firstRun(), site: ['--product=runai', '--proxy=http://user:***@proxy.corp:3128'] };
    const out = await netreqIn(dir, ['fleet', '--from', save('masked.json', masked), '--single-file', 'none.mjs']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('masked.json: its site flags were saved with a credential masked (--proxy); give the site flags again with --from');
  });

  it('fleet 4: --from needs a fleet report, not a single machine\'s', async () => {
    const out = await netreqIn(dir, ['fleet', '--from', save('single.json', nodeReport([REGISTRY_OK]))]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("single.json: a single machine's report, not a fleet report; --from needs");
  });
});
