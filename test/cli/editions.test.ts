import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/schema/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-editions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failing = (report: Report): string[] => report.findings.filter((f) => f.status === 'fail').map((f) => `${f.target.host}:${f.target.port}`).sort();

describe('editions from the command line', () => {
  it('editions 2: a site open to the JFrog era but not to NGC fails on NGC with 2.22, passes with the BCM guide\'s edition', async () => {
    const newer = await netreq(dir, ['check', '--scenario', 'runai-ngc-registry-closed', '--runai-version', '2.22', '--format', 'json']);
    expect(newer.code).toBe(1);
    expect(failing(JSON.parse(newer.stdout) as Report)).toEqual(expect.arrayContaining(['nvcr.io:443', 'helm.ngc.nvidia.com:443']));
    const older = await netreq(dir, ['check', '--scenario', 'runai-ngc-registry-closed', '--runai-version', '2.20', '--format', 'json']);
    const report = JSON.parse(older.stdout) as Report;
    expect(failing(report)).toEqual([]);
    expect(older.code).toBe(0);
    expect(report.editions).toEqual([expect.objectContaining({ product: 'runai', id: 'runai-bcm-guide', asked: '2.20', chosen: 'answer' })]);
  }, 60_000);

  it('editions 2: Azure\'s current endpoints closed fail with the current edition and pass with the reference one', async () => {
    const current = await netreq(dir, ['check', '--scenario', 'arc-current-endpoints-closed', '--format', 'json']);
    expect(current.code).toBe(1);
    const reference = await netreq(dir, ['check', '--scenario', 'arc-current-endpoints-closed', '--azureml-arc-version', 'azureml-arc-reference', '--format', 'json']);
    expect(failing(JSON.parse(reference.stdout) as Report)).toEqual([]);
    expect(reference.code).toBe(0);
  }, 60_000);

  it('editions 2: without a version the newest applies, and the report says so', async () => {
    const hosts = (stdout: string): string[] => (JSON.parse(stdout) as { host: string }[]).map((r) => r.host);
    const run = await netreq(dir, ['rules', '--product', 'runai', '--role', 'k8s-node', '--format', 'json']);
    expect(hosts(run.stdout)).toContain('nvcr.io');
    writeFileSync(join(dir, 'site.yaml'), 'products: [runai]\nroles: [k8s-node]\nversions: { runai: "2.18" }\n');
    const answered = await netreq(dir, ['rules', '--answers', 'site.yaml', '--format', 'json']);
    expect(hosts(answered.stdout)).not.toContain('nvcr.io');
    expect(hosts(answered.stdout)).toContain('runai.jfrog.io');
    const text = await netreq(dir, ['check', '--scenario', 'runai-ngc-registry-closed', '--no-color']);
    expect(text.stdout).toMatch(/^Requirements: runai-ngc, for 2\.22$/m);
  }, 60_000);

  it('editions 2: rules --changes from the seed edition to the newest lists nvcr.io to add; --edition list names them all', async () => {
    const changes = await netreq(dir, ['rules', '--changes', 'runai-bcm-guide', 'runai-ngc', '--format', 'json']);
    expect(changes.code).toBe(0);
    const parsed = JSON.parse(changes.stdout) as { add: { host: string }[] };
    expect(parsed.add.map((r) => r.host)).toContain('nvcr.io');
    const list = await netreq(dir, ['rules', '--edition', 'list']);
    expect(list.stdout).toMatch(/^runai\trunai-ngc\t2\.22/m);
    const bad = await netreq(dir, ['rules', '--product', 'runai', '--role', 'k8s-node', '--runai-version', '1.0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/runai 1\.0 is in no edition of the catalog; known versions: 2\.17/);
    expect((await netreq(dir, ['rules', '--changes', 'runai-bcm-guide'])).code).toBe(2);
  }, 60_000);
});
