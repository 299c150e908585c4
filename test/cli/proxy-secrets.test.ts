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
    // Through the proxy with its password: the registry answers, and asks for a login netreq was not given (a warning).
    expect(report.findings.filter((f) => f.target.host === 'runai.jfrog.io').map((f) => [f.target.via, f.status, f.cause])).toEqual([['proxy', 'warn', 'registry.auth-unverified']]);
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

  it('field-ready 16: a 407 for a saved answers file (a user, no password) says the password was not given and how to give it', async () => {
    // The answers file as netreq saves it: the proxy user kept, the password removed.
    const run = await netreq(dir, ['check', '--scenario', 'proxy-credentials-missing', '--answers', answers('saved.yaml', 'http://svc-runai@proxy.corp.example:3128'), '--format', 'json']);
    expect(run.code).toBe(1);
    const finding = (JSON.parse(run.stdout) as Report).findings.find((f) => f.target.host === 'runai.jfrog.io');
    expect(finding).toMatchObject({ status: 'fail', cause: 'proxy.auth-required' });
    expect(finding?.steps.find((s) => s.step === 'proxy')?.evidence).toMatchObject({ sentCredentials: true, sentPassword: false });
    expect(finding?.explanation).toContain('names a user but carries no password');
    expect(finding?.explanation).toContain('An answers file never holds the proxy password');
    expect(finding?.remediation).toContain('--proxy USER:PASSWORD@PROXY:PORT');
    expect(finding?.remediation).toContain('HTTPS_PROXY');
    expect(finding?.remediation).toContain('let the wizard ask');
    expect(`${finding?.explanation} ${finding?.remediation}`).not.toMatch(/locked|expired|user name and password/);

    // A wrong password is still "check it with the proxy team".
    const wrong = await netreq(dir, ['check', '--scenario', 'proxy-credentials-missing', '--answers', answers('wrong.yaml', 'http://svc-runai:Wr0ng@proxy.corp.example:3128'), '--format', 'json']);
    const rejected = (JSON.parse(wrong.stdout) as Report).findings.find((f) => f.target.host === 'runai.jfrog.io');
    expect(rejected?.remediation).toMatch(/locked or expired/);
  });
});
