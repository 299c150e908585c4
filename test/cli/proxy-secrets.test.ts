import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-proxy-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The scenario's site, its authenticating proxy given in an answers file as `proxyUrl`. */
function answers(name: string, proxyUrl: string): string {
  const path = join(dir, name);
  const site = 'products: [runai]\nroles: [installer, k8s-node, system-node]\ncontrolPlane: { fqdn: runai.corp.example }\nbcm: { headnodes: [bcm-head-01.corp.example] }\n';
  writeFileSync(path, `${site}proxy:\n  url: ${JSON.stringify(proxyUrl)}\n  noProxy: .corp.example\n`);
  return path;
}

describe('proxy credentials in what netreq prints back', () => {
  it('field-ready 9: a proxy without a scheme is taken as http://, and its password is never echoed', async () => {
    // The simulated site's Squid-like proxy wants svc-runai / Sup3r-Secret (scenarios/proxy-credentials-missing.yaml).
    const file = answers('schemeless.yaml', 'svc-runai:Sup3r-Secret@proxy.corp.example:3128');
    const run = await netreq(dir, ['check', '--scenario', 'proxy-credentials-missing', '--answers', file, '--format', 'json']);
    expect(run.stderr).not.toContain('Sup3r');
    expect(run.stdout).not.toContain('Sup3r');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.filter((f) => f.target.host === 'runai.jfrog.io').map((f) => [f.target.via, f.status])).toEqual([['proxy', 'pass']]);
    expect(report.topology['proxy']).toMatchObject({ url: 'http://svc-runai:***@proxy.corp.example:3128' });

    const bad = await netreq(dir, ['check', '--role', 'k8s-node', '--product', 'runai', '--proxy', 'jdoe:S3cretPass@proxy.corp.example:31x8']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--proxy: 'jdoe:***@proxy.corp.example:31x8' is not a valid URL");
    expect(bad.stderr).not.toContain('S3cret');
  });

  it('field-ready 10: a password with an unencoded @ is masked whole, up to the last @ of the authority', async () => {
    for (const proxy of ['http://jdoe:p@ss@w0rdXY@proxy.corp.example:31x8', 'jdoe:p@ss@w0rdXY@proxy.corp.example:31x8', 'http://jdoe:p@ss/w0rdXY@proxy.corp.example:3128/']) {
      const run = await netreq(dir, ['check', '--role', 'k8s-node', '--product', 'runai', '--proxy', proxy]);
      expect(run.code, proxy).toBe(2);
      expect(run.stderr, proxy).toMatch(/--proxy: '(http:\/\/)?jdoe:\*\*\*@proxy\.corp\.example:31/);
      expect(run.stderr, proxy).not.toMatch(/w0rd|ss@|p@/);
    }
    const fromFile = await netreq(dir, ['check', '--answers', answers('at.yaml', 'http://jdoe:p@ss@w0rdXY@proxy.corp.example:31x8')]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain("at.yaml:6: field 'proxy.url'");
    expect(fromFile.stderr).not.toMatch(/w0rd|ss@|p@/);
  });
});
