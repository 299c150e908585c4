import { afterAll, describe, expect, it } from 'vitest';
import { bundleBytes, createRedaction, readTar, redactDeep, renderJson, renderJsonPieces, Report, secretsOfUrl, terminalSafeJson, type RootCause } from '../../src/report/index.js';
import { gatherEnvironment } from '../../src/host/index.js';
import { fakeRoot, INTERFACES, SYSTEM } from './environment-fixtures.js';
import { CAUSE_SECRET, dnsCause, hostileCauseReport, plainReport, rootCauseReport } from './root-cause-report.js';

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('report.json with root causes', () => {
  it('root-causes 2: keeps them, valid against the schema, in one piece or in pieces', () => {
    const report = rootCauseReport();
    const json = renderJson(report);
    const parsed = Report.parse(JSON.parse(json));
    expect(parsed.rootCauses).toEqual(report.rootCauses);
    expect(parsed.rootCauses?.map((c) => c.findings.length)).toEqual([3, 2]);
    expect([...renderJsonPieces(report)].join('')).toBe(json);
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(renderJson(plainReport())).not.toContain('rootCauses');
  });

  it('root-causes 2: a hostile root cause is escaped by JSON (and for a terminal), its URL password masked', () => {
    const json = renderJson(hostileCauseReport());
    // eslint-disable-next-line no-control-regex -- C0 controls are what JSON escapes itself
    expect(json.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f]/);
    expect(terminalSafeJson(json).replace(/\n/g, '')).not.toMatch(CONTROL);
    expect(json).not.toContain(CAUSE_SECRET);
    const back = Report.parse(JSON.parse(terminalSafeJson(json)));
    expect(back.rootCauses?.[0]?.summary).toBe(hostileCauseReport().rootCauses?.[0]?.summary);
  });
});

/** What the redaction test plants in a root cause: none of it may reach a byte of the bundle. */
const USER = 'svc-netreq';
const PASSWORD = 'S3cretPlanted';
const PROXY = `http://${USER}:${PASSWORD}@proxy.corp.example:3128`;
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const PLANTED = [PASSWORD, BASIC, 'PlantedBearer0123456789', 'TokPlanted999', 'SasPlanted123', 'ghp_KeyPlanted0123456789', 'acme-internal'];

function plantedCause(keys: readonly string[]): RootCause {
  return dnsCause([...keys], {
    code: 'root.proxy-fails-all', title: 'The proxy refuses every request token=TokPlanted999',
    summary: `The proxy ${PROXY} answered 407 to all 3 targets (Proxy-Authorization: Basic ${BASIC}).`,
    evidence: { proxy: PROXY, header: `Proxy-Authorization: Basic ${BASIC}`, upstream: 'Bearer PlantedBearer0123456789', 'GITHUB_TOKEN=ghp_KeyPlanted0123456789': 'a key', site: 'runai.acme-internal.example' },
    targets: ['gcr.io:443', 'mirror.example:443/p?sv=2022-11-02&sig=SasPlanted123'],
    explanation: `The password ${PASSWORD} was refused.`, remediation: `Check the account ${USER} (password ${PASSWORD}).`,
    verify: `curl -x ${PROXY} -H 'Authorization: Bearer PlantedBearer0123456789' https://gcr.io/`,
    request: { change: 'proxy', entries: [`access_token=TokPlanted999`] },
  });
}

function plantedReport(): Report {
  const base = rootCauseReport();
  return Report.parse({ ...base, rootCauses: [plantedCause(base.rootCauses?.[0]?.findings ?? []), ...(base.rootCauses ?? []).slice(1)] });
}

const root = fakeRoot({ '/etc/resolv.conf': 'nameserver 10.0.0.2\n' });
afterAll(() => root.remove());

describe('redaction of root causes', () => {
  const chain = createRedaction({ secrets: secretsOfUrl(PROXY), patterns: ['acme-internal'] });

  it('root-causes 2: redacting a report masks what a root cause plants in its title, summary, evidence (names too), verify and request', () => {
    const report = plantedReport();
    expect(JSON.stringify(report)).toContain(PASSWORD);
    const redacted = redactDeep(report, chain);
    const text = JSON.stringify(redacted.value);
    for (const secret of PLANTED) expect(text.includes(secret), `${secret.slice(0, 6)}… survived`).toBe(false);
    expect(redacted.value.rootCauses?.[0]?.evidence['proxy']).toBe('http://svc-netreq:***@proxy.corp.example:3128');
    expect(redacted.value.rootCauses?.[0]?.code).toBe('root.proxy-fails-all');
    expect(redacted.records.map((r) => r.kind)).toEqual(expect.arrayContaining(['known-secret', 'bearer-token', 'secret-assignment', 'azure-sas', '--redact #1']));
  });

  it('root-causes 2: no file of a bundle holds a secret planted in a root cause, and report.json keeps the cause', async () => {
    const report = plantedReport();
    const environment = gatherEnvironment({ root: root.root, env: {}, hosts: [], netreqVersion: '0.1.0', now: new Date(report.finishedAt), interfaces: INTERFACES, system: SYSTEM, timeZone: 'UTC' });
    const files = readTar((await bundleBytes('b', { report, environment }, chain)).bytes);
    for (const file of files) {
      const text = file.content.toString('utf8');
      for (const secret of PLANTED) expect(text.includes(secret), `${file.name} holds ${secret.slice(0, 6)}…`).toBe(false);
    }
    const json = files.find((f) => f.name === 'b/report.json')?.content.toString('utf8') ?? '';
    expect(Report.parse(JSON.parse(json)).rootCauses?.map((c) => c.code)).toEqual(['root.proxy-fails-all', 'root.tls-inspection-ca']);
    const md = files.find((f) => f.name === 'b/report.md')?.content.toString('utf8') ?? '';
    expect(md).toContain('## Root causes (2)');
    const html = files.find((f) => f.name === 'b/report.html')?.content.toString('utf8') ?? '';
    expect(html).toContain('<section id="root-causes">');
  });
});
