import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../src/data/embedded.js';
import {
  buildReport,
  classify,
  classifyThrown,
  reclassify,
  reclassifyReport,
  ReclassifyError,
  runtimeBasisOf,
  runtimeFindingsOf,
  runtimeProxyFindings,
  thrownOf,
} from '../../src/diagnose/index.js';
import { gatherEnvironment } from '../../src/host/index.js';
import { explain, parseKnowledgeData, SQUID_ERRORS_FILE } from '../../src/knowledge/index.js';
import { loadReportFile, Report, type Finding } from '../../src/report/index.js';
import { netreq } from '../scenarios/run-scenario.js';
import { fakeRoot, PROC_ROUTE } from '../report/environment-fixtures.js';
import { sampleReport } from '../report/sample-report.js';
import { attempt, directTo, NOW, target, tcp } from './classify-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-reclassify-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report as saved and read back: JSON, then the schema. */
const saved = (report: Report): Report => Report.parse(JSON.parse(JSON.stringify(report)));

const outcome = (f: Finding): [string, string, string | undefined] => [`${f.target.host}:${f.target.port}`, f.status, f.cause];

describe('one-engine 3: a knowledge entry changed, the saved bundle judged again gives the new cause', () => {
  let bundle: Report;
  beforeAll(async () => {
    const path = join(dir, 'cdn.tar.gz');
    const run = await netreq(dir, ['check', '--scenario', 'proxy-allowlist-missing-cdn', '--format', 'json', '--bundle', path]);
    expect(run.code, run.stderr).toBe(1);
    bundle = loadReportFile(path).report;
  });

  it('squid\'s ERR_ACCESS_DENIED read as proxy.auth-required: the denied targets now say so; unchanged knowledge gives the saved causes', () => {
    const denied = bundle.findings.filter((f) => f.cause === 'proxy.denied');
    expect(denied.length).toBeGreaterThanOrEqual(3);
    // catalog/knowledge/squid-errors.yaml with that one line changed, loaded as netreq loads it.
    const files = dataFiles('catalog').map((file) => {
      if (file.path !== SQUID_ERRORS_FILE) return file;
      expect(file.text).toContain('ERR_ACCESS_DENIED: proxy.denied\n');
      return { path: file.path, text: file.text.replace('ERR_ACCESS_DENIED: proxy.denied\n', 'ERR_ACCESS_DENIED: proxy.auth-required\n') };
    });
    const knowledge = parseKnowledgeData(files);
    expect(knowledge.squidErrors.get('ERR_ACCESS_DENIED')).toBe('proxy.auth-required');

    const changed = reclassifyReport(bundle, { knowledge });
    expect(changed.findings).toHaveLength(bundle.findings.length);
    bundle.findings.forEach((before, i) => {
      const after = changed.findings[i];
      if (before.cause === 'proxy.denied') {
        expect(outcome(after as Finding)).toEqual([`${before.target.host}:${before.target.port}`, 'fail', 'proxy.auth-required']);
        expect(after?.explanation).not.toBe(before.explanation);
      } else {
        expect(outcome(after as Finding)).toEqual(outcome(before));
      }
    });
    expect(changed.summary).toEqual(bundle.summary);

    const same = reclassifyReport(bundle);
    expect(same.findings.map(outcome)).toEqual(bundle.findings.map(outcome));
  });
});

describe('one-engine 3: what a finding keeps to be judged again', () => {
  it('the whole target and the classifier context as data; never the knowledge, never a password', () => {
    const report = sampleReport();
    for (const finding of report.findings) {
      expect(finding.basis?.target.ruleIds).toEqual(finding.ruleIds);
      expect(Object.keys(finding.basis?.context ?? {}).sort()).toEqual(['now', 'proxy', 'proxyConfigured']);
      expect(finding.basis?.context.proxy).toBe('http://alice:***@proxy.corp.example:3128');
    }
    // Given unredacted (the runner never does), the password is masked all the same.
    const plain = classify(target({ host: 'pypi.org', via: 'proxy' }), [], { proxyConfigured: true, proxy: 'http://bob:Pl4inPass@proxy.corp.example:3128' });
    expect(plain.basis?.context.proxy).toBe('http://bob:***@proxy.corp.example:3128');
    expect(JSON.stringify(plain)).not.toContain('Pl4inPass');
    const skipped = report.findings.find((f) => f.status === 'skip');
    expect(skipped?.basis?.target.skip).toEqual({ cause: 'input.missing', detail: 'needs --control-plane FQDN' });
  });

  it('the sample report, saved, judged again: the same findings', () => {
    const report = saved({ ...sampleReport(), schemaVersion: 2 });
    expect(reclassifyReport(report).findings).toEqual(report.findings);
  });

  it('a check cut short keeps why (cutShort) and is a skip again', () => {
    const t = target({ host: 'slow.example.com' });
    const finding = classify(t, directTo('slow.example.com').slice(0, 1), { proxyConfigured: false, now: NOW, cutShort: 'check.time-limit' });
    expect(finding.basis?.context.cutShort).toBe('check.time-limit');
    const report = saved(buildReport({ version: 't', startedAt: new Date(NOW), finishedAt: new Date(NOW), interrupted: false, topology: {}, environment: {}, findings: [finding], elsewhere: [] }));
    expect(reclassifyReport(report).findings).toEqual(report.findings);
    expect(report.summary.incomplete).toBe(1);
  });

  it('classifyThrown is the runner\'s catch: a local limit is skip check.local-limit, anything else fail check.error with the message; both judged again alike', () => {
    const t = target({ host: 'many.example.com' });
    const steps = [directTo('many.example.com')[0], tcp([attempt('203.0.113.10', 'timeout', 'ETIMEDOUT')])].flatMap((s) => (s ? [s] : []));
    const context = { proxyConfigured: false, now: NOW };
    const emfile = classifyThrown(t, steps, context, thrownOf(Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' })));
    expect([emfile.status, emfile.cause, emfile.basis?.thrown]).toEqual(['skip', 'check.local-limit', { code: 'EMFILE', message: 'EMFILE: too many open files' }]);
    const crash = classifyThrown(t, steps, context, thrownOf(new TypeError('x is not a function')));
    // Today's runner: classify's finding, made a failure with check.error and the message.
    const today = classify(t, steps, context);
    expect(crash).toEqual({ ...today, status: 'fail', cause: 'check.error', explanation: 'netreq could not check this target: x is not a function', basis: { ...today.basis, thrown: { code: 'ERR_UNKNOWN', message: 'x is not a function' } } });
    const report = saved(buildReport({ version: 't', startedAt: new Date(NOW), finishedAt: new Date(NOW), interrupted: false, topology: {}, environment: {}, findings: [emfile, crash], elsewhere: [] }));
    expect(reclassifyReport(report).findings).toEqual(report.findings);
  });

  it('a finding with no basis is kept as it was, and listed', () => {
    const report = saved({ ...sampleReport(), schemaVersion: 2 });
    const { basis: _basis, ...bare } = report.findings[1] as Finding;
    const edited = { ...bare, cause: 'edited.by-hand' };
    const result = reclassify({ ...report, findings: [report.findings[0] as Finding, edited] });
    expect(result.report.findings[1]).toEqual(edited);
    expect(result.kept).toEqual([{ index: 1, host: edited.target.host, port: edited.target.port, ruleIds: edited.ruleIds }]);
  });

  it('a report of schema 1 cannot be judged again: a typed error that says why and what to do', () => {
    const v1 = sampleReport();
    expect(v1.schemaVersion).toBe(1);
    expect(() => reclassifyReport(v1)).toThrow(ReclassifyError);
    expect(() => reclassifyReport(v1)).toThrow(/^made by netreq 0\.1\.0 with report schema 1: it has no observations' context to judge again; run the check again with this version/);
  });
});

describe('one-engine 3: the runtime basis', () => {
  const root = fakeRoot({
    '/proc/net/route': PROC_ROUTE,
    '/usr/lib/systemd/system/containerd.service': '[Service]\nExecStart=/usr/bin/containerd\n',
    // A drop-in naming another proxy, with a password, and a NO_PROXY that misses the control plane.
    '/etc/systemd/system/containerd.service.d/http-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://old:0ldPass@old-proxy.corp.example:8080" "NO_PROXY=localhost"\n',
  });
  afterAll(() => root.remove());

  it('a containerd drop-in whose proxy differs: the report keeps the basis, and judged again gives the same runtime findings', () => {
    const environment = gatherEnvironment({ root: root.root, env: {}, hosts: [], netreqVersion: 't' });
    const input = {
      runtimes: environment.runtimes,
      proxy: { httpsProxy: 'http://svc:S3cret@proxy.corp.example:3128', noProxy: '.corp.example' },
      direct: ['runai.corp.example', '10.0.0.5'],
      siteFlags: '--product runai --role k8s-node',
    };
    // What output-report.ts makes today, from the same settings.
    const today = runtimeProxyFindings({ ...input, explain: (cause, facts) => explain(cause, { ...facts, siteFlags: input.siteFlags }) });
    expect(today.map(outcome)).toEqual([
      ['old-proxy.corp.example:8080', 'warn', 'runtime.proxy-differs'],
      ['runai.corp.example:443', 'warn', 'runtime.no-proxy-incomplete'],
    ]);
    const basis = runtimeBasisOf(input);
    expect(JSON.stringify(basis)).not.toMatch(/S3cret|0ldPass/);
    expect(runtimeFindingsOf(basis)).toEqual(today.map((f) => ({ ...f, source: 'runtime' })));

    const checked = classify(target({ host: 'pypi.org' }), directTo('pypi.org'), { proxyConfigured: false, now: NOW });
    const report = saved(buildReport({ version: 't', startedAt: new Date(NOW), finishedAt: new Date(NOW), interrupted: false, topology: {}, environment: {}, findings: [checked], elsewhere: [], runtime: basis }));
    expect(report.findings.map((f) => f.source)).toEqual([undefined, 'runtime', 'runtime']);
    expect(report.summary).toMatchObject({ warn: 2 });
    expect(JSON.stringify(report)).not.toMatch(/S3cret|0ldPass/);
    const again = reclassifyReport(report);
    expect(again.findings).toEqual(report.findings);
    expect(again.runtime).toEqual(report.runtime);

    // The basis decides, not the saved findings: a runtime finding edited by hand is made again from it.
    const edited = { ...report, findings: report.findings.map((f) => (f.source === 'runtime' ? { ...f, cause: 'edited' } : f)) };
    expect(reclassifyReport(edited).findings).toEqual(report.findings);
  });
});
