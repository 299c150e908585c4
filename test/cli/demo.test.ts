import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/sim/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('netreq demo', () => {
  it('without a name: the default scenario, its story, then failures with what to do', async () => {
    const run = await netreq(dir, ['demo', '--no-color']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(findScenario('several-failures').title);
    expect(run.stdout).toMatch(/\(scenario several-failures\)/);
    for (const cause of ['dns.sinkhole', 'dns.nxdomain', 'tcp.timeout', 'tls.intercepted', 'http.rate-limited']) expect(run.stdout).toContain(cause);
    expect(run.stdout).toMatch(/Verify: /);
    expect(run.stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  it('a named scenario, and a scenario file', async () => {
    expect((await netreq(dir, ['demo', 'healthy-direct'])).code).toBe(0);
    writeFileSync(join(dir, 'mine.yaml'), 'name: mine\ntitle: Mine\ndescription: Docker Hub is gone.\ntopology: { products: [runai], roles: [k8s-node], prereqs: true }\nsite:\n  hosts:\n    docker.io: { dns: nxdomain }\n');
    const run = await netreq(dir, ['demo', '--scenario-file', 'mine.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/docker\.io:443 .*dns\.nxdomain/);
  });

  it.each([[['no-such-site']], [['a', 'b']], [['healthy-direct', '--scenario-file', 'x.yaml']], [['--role', 'installer']]])('usage errors exit 2: %j', async (argv) => {
    const run = await netreq(dir, ['demo', ...argv]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });
});
