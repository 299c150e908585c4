import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-flag-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A simulated site: nothing leaves loopback, whatever the flags let through. */
const SIMULATED = ['check', '--scenario', 'healthy-direct', '--format', 'json'];

describe('flags and lists are bounded where they are read', () => {
  it('field-ready 14: --max-time, --timeout, 200,000 peers and 10,001 wildcard names are exit 2 naming the limit, never a crash', async () => {
    const maxTime = await netreq(dir, [...SIMULATED, '--max-time', '1e9']);
    expect([maxTime.code, maxTime.stderr]).toEqual([2, "netreq: --max-time expects a whole number of at most 86400, got '1e9'.\n"]);
    expect((await netreq(dir, [...SIMULATED, '--max-time', '86401'])).code).toBe(2);
    const timeout = await netreq(dir, [...SIMULATED, '--timeout', '600001']);
    expect([timeout.code, timeout.stderr]).toEqual([2, "netreq: --timeout expects a whole number of at most 600000, got '600001'.\n"]);

    const peers = join(dir, 'peers.txt');
    writeFileSync(peers, `${Array.from({ length: 200_000 }, (_, i) => `n${i}.corp`).join('\n')}\n`);
    // A real-site check (a scenario takes no peers), held on loopback should the limit not hold: names go to a DNS server on 127.0.0.1:9, the rest to a proxy there.
    const loopbackOnly = ['check', '--product', 'runai', '--role', 'k8s-node', '--dns-server', '127.0.0.1:9', '--proxy', 'http://127.0.0.1:9', '--timeout', '500', '--format', 'json'];
    const manyPeers = await netreq(dir, [...loopbackOnly, '--peer', '@peers.txt']);
    expect(manyPeers.code).toBe(2);
    expect(manyPeers.stderr).toMatch(/--peer @peers\.txt \(line 10001\): more than 10000 peers/);
    expect(manyPeers.stdout).toBe('');
    const endless = await netreq(dir, [...loopbackOnly, '--peer', '@/dev/zero']);
    expect([endless.code, endless.stderr]).toEqual([2, 'netreq: --peer @/dev/zero: /dev/zero is larger than 4 MiB; a peer file lists at most 10000 peers, one a line\n']);

    // Through an answers file (JSON keeps 10,001 names under its 1 MiB) and through flags.
    const names = Array.from({ length: 10_001 }, (_, i) => `r${i}.azurecr.io`);
    const answers = join(dir, 'wildcards.json');
    writeFileSync(answers, JSON.stringify({ products: ['azureml-arc'], roles: ['k8s-node'], region: { name: 'eastus' }, wildcards: { '*.azurecr.io': names } }));
    const fromFile = await netreq(dir, ['rules', '--answers', 'wildcards.json']);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toMatch(/wildcards\.json:1: field 'wildcards': 10001 names for wildcard hosts; netreq takes at most 10000/);
    const fromFlags = await netreq(dir, ['rules', '--product', 'azureml-arc', '--role', 'k8s-node', '--region', 'eastus', ...names.flatMap((n) => ['--wildcard', `*.azurecr.io=${n}`])]);
    expect(fromFlags.code).toBe(2);
    expect(fromFlags.stderr).toMatch(/--wildcard: 10001 names for wildcard hosts; netreq takes at most 10000/);
  }, 120_000);
});
