import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/index.js';
import { loadAnswers, topologyFromFlags } from '../../src/topology/index.js';
import { netreq } from '../scenarios/run-scenario.js';
import { commandProblem } from './command-accepted.js';
import { bundleFiles } from './report-run.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-image-flag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OWN = 'myacr.azurecr.io/team/app:1.4';

describe('follow-the-pull 2: --image on check and rules', () => {
  it('follow-the-pull 2: check and rules take --image (repeat), and --help teaches it', async () => {
    expect(commandProblem(`netreq check --product runai --role k8s-node --image ${OWN} --image busybox`)).toBeUndefined();
    expect(commandProblem(`netreq rules --product runai --role k8s-node --image ${OWN}`)).toBeUndefined();
    const rules = await netreq(dir, ['rules', '--product', 'runai', '--role', 'k8s-node', '--image', OWN, '--format', 'csv']);
    expect(rules.code).toBe(0);
    for (const help of [['--help'], ['check', '--help'], ['rules', '--help']]) expect((await netreq(dir, help)).stdout).toContain('--image REF');
  });

  it('follow-the-pull 2: a bad --image is exit 2 naming the reference and what was expected, before anything runs', async () => {
    for (const command of ['check', 'rules']) {
      const run = await netreq(dir, [command, '--product', 'runai', '--role', 'k8s-node', '--image', 'busybox', '--image', 'Quay.io/Prometheus/busybox']);
      expect(run.code, command).toBe(2);
      expect(run.stderr, command).toContain("--image: 'Quay.io/Prometheus/busybox': the repository 'Prometheus/busybox' must be lower case");
      expect(run.stdout, command).toBe('');
    }
    const digest = await netreq(dir, ['check', '--product', 'runai', '--role', 'k8s-node', '--image', 'busybox@sha256:12']);
    expect(digest.code).toBe(2);
    expect(digest.stderr).toContain("'busybox@sha256:12' has a bad digest 'sha256:12'; expected sha256: and 64 lower-case hex digits");
  });

  it('follow-the-pull 2: rules --all and --from take no --image (a site option)', async () => {
    const all = await netreq(dir, ['rules', '--all', '--image', OWN]);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('takes no site options (--image)');
    const from = await netreq(dir, ['rules', '--from', 'report.json', '--image', OWN]);
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('takes no site options (--image)');
  });

  it('follow-the-pull 2: the images go into the report and the bundle\'s answers.yaml, which reads back the same', async () => {
    const run = await netreq(dir, ['check', '--scenario', 'bcm-ssh-blocked', '--image', OWN, '--image', 'busybox', '--format', 'json', '--bundle', 'b.tar.gz']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.topology['images']).toEqual([OWN, 'busybox']);
    const answers = bundleFiles(readFileSync(join(dir, 'b.tar.gz'))).get('answers.yaml')?.toString() ?? '';
    expect(answers).toContain(`images:\n  - ${OWN}\n  - busybox\n`);
    const path = join(dir, 'answers.yaml');
    writeFileSync(path, answers);
    expect(topologyFromFlags({}, loadAnswers(path)).images).toEqual([OWN, 'busybox']);
    expect(commandProblem('netreq rules --answers answers.yaml --image quay.io/prometheus/busybox:latest', dir)).toBeUndefined();
  });
});
