import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoveredHosts, MAX_DISCOVERED } from '../../src/diagnose/index.js';
import { Report, type Finding, type Target } from '../../src/schema/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-discovered-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const endOf = (finding: Finding, step: string): number => {
  const found = finding.steps.find((s) => s.step === step);
  return found?.startedAt === undefined ? Number.NaN : Date.parse(found.startedAt) + found.ms;
};
const startOf = (finding: Finding): number => Date.parse(finding.steps[0]?.startedAt ?? '');

describe('follow-the-pull 5: a host a pull is sent to is checked while the pull goes on', () => {
  it('follow-the-pull 5: the unlisted layer host is checked before Docker Hub\'s pull has ended, and judged as that pull saw it', async () => {
    const run = await netreq(dir, ['check', '--scenario', 'pull-layer-host-unlisted', '--format', 'json']);
    const report = Report.parse(JSON.parse(run.stdout));
    const hub = report.findings.find((f) => f.target.host === 'registry-1.docker.io');
    const cdn = report.findings.find((f) => f.target.host === 'production.cloudfront.docker.com');
    expect(cdn).toMatchObject({ ruleIds: ['pull.discovered'], status: 'fail', cause: 'proxy.denied' });
    const note = cdn?.notes.find((n) => n.code === 'registry.discovered-host')?.text ?? '';
    expect(note).toContain('registry-1.docker.io:443 sends the layer download to production.cloudfront.docker.com:443');
    expect(hub).toMatchObject({ status: 'fail', cause: 'registry.layer-blocked' });
    // us-docker.pkg.dev redirects its first manifest request: its download host is checked from then on, not after the run.
    const artifacts = report.findings.find((f) => f.target.host === 'us-docker.pkg.dev');
    const downloads = report.findings.find((f) => f.target.host === 'us-west1-docker.pkg.dev');
    expect(downloads).toMatchObject({ ruleIds: ['pull.discovered'], status: 'pass' });
    expect(startOf(downloads as Finding)).toBeLessThan(endOf(artifacts as Finding, 'pull'));
    // Listed after the planned targets, once each.
    expect(report.findings.filter((f) => f.ruleIds.includes('pull.discovered')).map((f) => f.target.host).sort()).toEqual(['production.cloudfront.docker.com', 'us-west1-docker.pkg.dev']);
    expect(report.findings.slice(-2).every((f) => f.ruleIds.includes('pull.discovered'))).toBe(true);
  });
});

describe('follow-the-pull 5: discoveredHosts', () => {
  const registry = (host: string): Target => ({ key: `${host}:443`, host, port: 443, transport: 'tcp', scheme: 'https', via: 'direct', check: 'registry-v2', ruleIds: ['r'], siteOwned: false, retired: false });
  const direct = () => ({ via: 'direct' as const });
  const pullTo = (from: Target, to: string, purpose: 'layer' | 'manifest'): Finding => ({
    target: from,
    ruleIds: ['r'],
    status: 'pass',
    steps: [{ step: 'pull', ok: true, outcome: 'pulled', ms: 1, evidence: { image: 'x', platform: 'linux/amd64', hops: [
      { purpose, method: 'GET', url: `https://${from.host}/v2/a/blobs/sha256:0`, host: from.host, port: 443, status: 307, bytes: 0, ms: 1, outcome: 'status', headers: {} },
      { purpose: 'redirect', method: 'GET', url: `https://${to}/b`, host: to, port: 443, status: 200, bytes: 1, ms: 1, outcome: 'status', headers: {} },
    ], sentCredentials: false, discoveredHosts: [`${to}:443`] } }],
  }) as unknown as Finding; // a finding's judged fields (texts, cause) are not read here

  it('follow-the-pull 5: a host is a target the first time only, never a planned one, and at most MAX_DISCOVERED', () => {
    const a = registry('a.example');
    const b = registry('b.example');
    const hosts = discoveredHosts([a, b], direct);
    expect(hosts.found(a, 'b.example', 443, 'https')).toBeUndefined();
    const cdn = hosts.found(a, 'cdn.example', 443, 'https');
    expect(cdn).toMatchObject({ host: 'cdn.example', ruleIds: ['pull.discovered'], client: 'runtime', discovered: { by: ['a.example:443'] } });
    expect(hosts.found(b, 'cdn.example', 443, 'https')).toBeUndefined();
    for (let i = 0; i < MAX_DISCOVERED + 5; i += 1) hosts.found(a, `h${i}.example`, 443, 'https');
    expect(hosts.targets()).toHaveLength(MAX_DISCOVERED);
  });

  it('follow-the-pull 5: judged names every registry that sent a pull there, and what for', () => {
    const a = registry('a.example');
    const b = registry('b.example');
    const hosts = discoveredHosts([a, b], direct);
    const cdn = hosts.found(a, 'cdn.example', 443, 'https');
    const judged = hosts.judged([pullTo(a, 'cdn.example', 'manifest'), pullTo(b, 'cdn.example', 'layer')]);
    expect(judged.get(cdn?.key ?? '')?.discovered).toEqual({ by: ['a.example:443', 'b.example:443'], purpose: 'layer' });
  });
});
