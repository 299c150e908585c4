// `netreq diff OLD NEW` on two fleet reports: per node and per target what got fixed, what broke,
// what is new; nodes added and removed; a node that could not be checked and now is, fixed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FleetDiff } from '../../../src/report/index.js';
import { netreqIn } from '../../cli/report-run.js';
import { finding, fleetOf, node, nodeReport, rackFleet, REGISTRY_DROPPED, REGISTRY_OK } from './fleet-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-fleet-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, value: unknown): string {
  writeFileSync(join(dir, name), JSON.stringify(value));
  return name;
}

/** The rack fleet a day later: gpu017 fixed, gpu020 broke, gpu021 let in, gpu019 gone, gpu022 new, gpu018 a new target. */
function dayLater() {
  return fleetOf([
    { node: node('gpu017', '10.1.7.17'), report: nodeReport([REGISTRY_OK, finding('ghcr.io', 443, 'pass')]) },
    { node: node('gpu018', '10.1.7.18'), report: nodeReport([REGISTRY_DROPPED, finding('ghcr.io', 443, 'pass'), finding('quay.io', 443, 'pass')]) },
    { node: node('gpu020', '10.2.0.20'), report: nodeReport([REGISTRY_DROPPED, finding('ghcr.io', 443, 'pass')]) },
    { node: node('gpu021', '10.2.0.21'), report: nodeReport([REGISTRY_OK, finding('ghcr.io', 443, 'pass')]) },
    { node: node('gpu022', '10.2.0.22'), report: nodeReport([REGISTRY_OK]) },
  ], '2026-12-08T21:00:00.000Z');
}

describe('netreq diff on fleet reports', () => {
  it('fleet 4: fixed, broke, new per node and target; nodes added and removed; the node that is checked now is fixed', async () => {
    const oldFile = save('old.json', rackFleet());
    const newFile = save('new.json', dayLater());
    const out = await netreqIn(dir, ['diff', oldFile, newFile, '--format', 'json']);
    expect(out.code, out.stderr).toBe(1);
    const diff = JSON.parse(out.stdout) as FleetDiff;
    const kindOf = (n: string, target: string): string | undefined => diff.entries.find((e) => e.node === n && e.target === target)?.kind;
    expect(kindOf('gpu017', 'nvcr.io:443/tcp https')).toBe('fixed');
    expect(kindOf('gpu020', 'nvcr.io:443/tcp https')).toBe('broke');
    expect(kindOf('gpu018', 'nvcr.io:443/tcp https')).toBe('unchanged');
    expect(kindOf('gpu018', 'quay.io:443/tcp https')).toBe('added');
    expect(diff.entries.find((e) => e.node === 'gpu021' && e.target === 'node')).toMatchObject({ kind: 'fixed', before: { status: 'fail', cause: 'node.ssh-auth' }, after: { status: 'pass' } });
    expect(kindOf('gpu021', 'nvcr.io:443/tcp https')).toBe('added');
    expect(diff.nodesAdded).toEqual([{ name: 'gpu022', state: 'checked' }]);
    expect(diff.nodesRemoved).toEqual([{ name: 'gpu019', state: 'checked' }]);
    expect(diff.entries.some((e) => e.node === 'gpu019' || e.node === 'gpu022')).toBe(false);
    expect(diff.counts).toMatchObject({ broke: 1, fixed: 2 });
  });

  it('fleet 4: the text names the node on each line, what broke first, unchanged only counted', async () => {
    const out = await netreqIn(dir, ['diff', save('old-t.json', rackFleet()), save('new-t.json', dayLater())]);
    expect(out.code).toBe(1);
    const text = out.stdout;
    expect(text).toMatch(/^netreq diff \(fleet\): /);
    expect(text).toMatch(/Broke \(1\)\n {2}gpu020 {2}nvcr\.io:443\/tcp https {2}pass -> fail tcp\.timeout/);
    expect(text).toContain('  gpu021  node  fail node.ssh-auth -> pass');
    expect(text.indexOf('Broke')).toBeLessThan(text.indexOf('Fixed'));
    expect(text).toContain('Nodes added (1): gpu022');
    expect(text).toContain('Nodes removed (1): gpu019');
    expect(text).toMatch(/Unchanged: \d+ node and target pairs/);
    const md = await netreqIn(dir, ['diff', 'old-t.json', 'new-t.json', '--format', 'md']);
    expect(md.stdout).toContain('| `gpu020` | `nvcr.io:443/tcp https` | pass | fail tcp.timeout |');
  });

  it('fleet 4: nothing broke is exit 0; a fleet report against a single one is exit 2', async () => {
    const same = await netreqIn(dir, ['diff', save('a.json', rackFleet()), save('b.json', rackFleet())]);
    expect(same.code, same.stderr).toBe(0);
    const single = nodeReport([REGISTRY_OK]);
    const mixed = await netreqIn(dir, ['diff', 'a.json', save('single.json', single)]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("single.json: a single machine's report");
    const broken = await netreqIn(dir, ['diff', 'a.json', save('broken.json', { ...rackFleet(), findings: 'x' })]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json: findings: /);
  });
});
