import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILES, Environment, Report } from '../../src/report/index.js';
import { fakeRoot } from '../report/environment-fixtures.js';
import { bundleFiles, netreqIn, scenarioText, type Run } from './report-run.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-cli-bundle-'));

/** Everything the test plants; none of it may reach a byte of the bundle or of the terminal. */
const USER = 'svc-netreq';
const PROXY_PASSWORD = 'S3cretPlanted';
const ANSWERS_PASSWORD = 'AnsPlanted77';
const PLANTED = [
  PROXY_PASSWORD, ANSWERS_PASSWORD, 'LocPlanted1', 'SasPlanted123', 'PlantedBearer0123456789', 'TokPlanted999', 'PlantedRealm0123456789',
  'EnvPlanted55', 'ghp_EnvTokenPlanted0123456789', 'EtcPlanted66', 'DropPlanted44', 'KubeletPlanted33', 'acme-internal',
  Buffer.from(`${USER}:${PROXY_PASSWORD}`).toString('base64'), Buffer.from(`${USER}:${ANSWERS_PASSWORD}`).toString('base64'),
];

const TOPOLOGY = {
  products: ['runai'],
  roles: ['installer', 'k8s-node', 'system-node'],
  controlPlane: { fqdn: 'runai.acme-internal.example' },
  proxy: { url: `http://${USER}:${PROXY_PASSWORD}@proxy.corp.example:3128`, noProxy: '' },
};

const SCENARIO = {
  name: 'planted-secrets',
  title: 'Secrets planted in every input',
  description: 'A proxy with credentials, a registry whose headers carry tokens, a SAS URL.',
  topology: TOPOLOGY,
  site: {
    hosts: {
      'runai.jfrog.io': {
        ports: {
          443: {
            http: {
              status: 302,
              headers: {
                location: 'https://svc:LocPlanted1@mirror.example/p?sv=2022-11-02&sig=SasPlanted123',
                server: 'nginx Bearer PlantedBearer0123456789',
                'www-authenticate': 'Bearer realm="https://auth.example/token?access_token=TokPlanted999"',
              },
            },
          },
        },
      },
    },
    proxy: { mode: 'auth', credentials: { user: USER, password: PROXY_PASSWORD }, realm: 'corp Bearer PlantedRealm0123456789' },
  },
};

const root = fakeRoot({
  '/etc/resolv.conf': 'nameserver 10.0.0.2\nsearch acme-internal.example\n',
  '/etc/hosts': '127.0.0.1 localhost\n10.9.9.9 runai.jfrog.io\n10.8.8.8 unrelated.example\n',
  '/etc/environment': 'https_proxy=http://u:EtcPlanted66@proxy.corp.example:3128\n',
  '/etc/systemd/system/containerd.service.d/http-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://u:DropPlanted44@proxy.corp.example:3128" "NO_PROXY=.acme-internal.example"\n',
  // Installed: its program is there (a settings file alone does not make it so).
  '/usr/bin/kubelet': '#!/bin/sh\n',
  '/etc/default/kubelet': 'HTTPS_PROXY=http://u:KubeletPlanted33@proxy.corp.example:3128\nKUBELET_API_TOKEN=ghp_EnvTokenPlanted0123456789\n',
});

const ENV = {
  HTTPS_PROXY: `http://envuser:EnvPlanted55@proxy.corp.example:3128`,
  GITHUB_TOKEN: 'ghp_EnvTokenPlanted0123456789',
  NETREQ_SYSTEM_ROOT: root.root,
};

beforeAll(() => {
  writeFileSync(join(dir, 'planted.yaml'), scenarioText(SCENARIO));
  writeFileSync(join(dir, 'healthy.yaml'), scenarioText({ name: 'healthy', title: 't', description: 'd', topology: { products: ['runai'], roles: ['installer'] } }));
  writeFileSync(join(dir, 'answers.yaml'), scenarioText({ ...TOPOLOGY, proxy: { url: `http://${USER}:${ANSWERS_PASSWORD}@proxy.corp.example:3128`, noProxy: '' } }));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  root.remove();
});

function expectNothingPlanted(where: string, bytes: Buffer | string): void {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  for (const secret of PLANTED) expect(text.includes(secret), `${where} holds ${secret.slice(0, 4)}…`).toBe(false);
}

const CHECK = ['check', '--scenario-file', 'planted.yaml', '--timeout', '2000', '--redact', 'acme-internal', '-v'];

describe('check --bundle: nothing it must not see', () => {
  const runs: { name: string; run: Run; bundle: string }[] = [];

  beforeAll(async () => {
    for (const [name, extra] of [['right-password', []], ['answers-with-wrong-password', ['--answers', 'answers.yaml']]] as const) {
      const bundle = join(dir, `${name}.tar.gz`);
      runs.push({ name, bundle, run: await netreqIn(dir, [...CHECK, ...extra, '--bundle', bundle], ENV) });
    }
  }, 60_000);

  it('the secrets planted in the proxy URL, the answers, the environment, the system files and the servers\' headers reached the run', () => {
    const [right, wrong] = runs;
    const report = (name: string) => Report.parse(JSON.parse(bundleFiles(readFileSync(name)).get('report.json')?.toString() ?? ''));
    const good = report(right?.bundle ?? '');
    const jfrog = good.findings.find((f) => f.target.host === 'runai.jfrog.io');
    const http = jfrog?.steps.find((s) => s.step === 'http');
    // The registry's headers are in the evidence, their secrets masked with their shape kept.
    expect(http?.step === 'http' ? http.evidence.response?.headers : undefined).toMatchObject({
      location: 'https://svc:***@mirror.example/p?sv=2022-11-02&sig=***',
      server: 'nginx Bearer ***',
    });
    const bad = report(wrong?.bundle ?? '');
    const proxyStep = bad.findings.find((f) => f.target.host === 'runai.jfrog.io')?.steps.find((s) => s.step === 'proxy');
    expect(proxyStep?.step === 'proxy' ? proxyStep.evidence.response?.headers['proxy-authenticate'] : undefined).toBe('Basic realm="corp Bearer ***"');
    expect(bad.findings.some((f) => f.cause === 'proxy.auth-required')).toBe(true);
  });

  it('no byte of any file of either bundle, nor of the terminal output, holds a planted secret', () => {
    for (const { name, run, bundle } of runs) {
      const bytes = readFileSync(bundle);
      expectNothingPlanted(`${name}.tar.gz`, gunzipSync(bytes));
      const files = bundleFiles(bytes);
      expect([...files.keys()]).toEqual([...BUNDLE_FILES]);
      for (const [file, content] of files) expectNothingPlanted(`${name}/${file}`, content);
      expectNothingPlanted(`${name} stdout`, run.stdout);
      expectNothingPlanted(`${name} stderr`, run.stderr);
      expect(run.stderr).toMatch(/support bundle written to .*\.tar\.gz \(6 files, \d+ KiB; redacted: .*\d+ --redact #1/);
    }
  });

  it('answers.yaml reruns with --answers: the proxy user is kept, its password is not', async () => {
    const answers = bundleFiles(readFileSync(runs[0]?.bundle ?? '')).get('answers.yaml')?.toString() ?? '';
    expect(answers).toContain(`url: http://${USER}@proxy.corp.example:3128`);
    writeFileSync(join(dir, 'rerun.yaml'), answers);
    const rerun = await netreqIn(dir, ['check', '--scenario-file', 'planted.yaml', '--answers', 'rerun.yaml', '--timeout', '2000', '--format', 'json']);
    const report = Report.parse(JSON.parse(rerun.stdout));
    // Without the password the proxy asks for one: the rerun used the saved answers, user included.
    expect(report.findings.some((f) => f.cause === 'proxy.auth-required')).toBe(true);
  });

  it('environment.json: the machine, the system files\' proxies (masked), the runtimes', () => {
    const env = Environment.parse(JSON.parse(bundleFiles(readFileSync(runs[0]?.bundle ?? '')).get('environment.json')?.toString() ?? ''));
    expect(env.resolvConf?.nameservers).toEqual(['10.0.0.2']);
    expect(env.hostsLines).toEqual(['10.9.9.9 runai.jfrog.io']);
    expect(env.proxyVariables).toEqual({ HTTPS_PROXY: 'http://envuser:***@proxy.corp.example:3128' });
    expect(env.etcEnvironment).toEqual({ https_proxy: 'http://u:***@proxy.corp.example:3128' });
    expect(env.runtimes.find((r) => r.name === 'containerd')?.effective.httpsProxy).toBe('http://u:***@proxy.corp.example:3128');
    expect(env.runtimes.find((r) => r.name === 'kubelet')).toMatchObject({ present: true, effective: { httpsProxy: 'http://u:***@proxy.corp.example:3128' } });
  });

  it('is written 0600, with no temporary file left', () => {
    for (const { bundle } of runs) expect(statSync(bundle).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('tar -tzf lists the documented files', () => {
    const listing = execFileSync('tar', ['-tzf', runs[0]?.bundle ?? ''], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['right-password/', ...BUNDLE_FILES.map((f) => `right-password/${f}`)]);
  });

  it('netreq report re-renders the bundle in every format, with the same findings', async () => {
    const bundle = runs[0]?.bundle ?? '';
    const original = Report.parse(JSON.parse(bundleFiles(readFileSync(bundle)).get('report.json')?.toString() ?? ''));
    const json = await netreqIn(dir, ['report', bundle, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(Report.parse(JSON.parse(json.stdout)).findings).toEqual(original.findings);
    const text = await netreqIn(dir, ['report', bundle, '-v']);
    expect(text.stdout).toMatch(/^netreq .*: \d+ checks \(scenario planted-secrets\)/);
    expect((await netreqIn(dir, ['report', bundle, '--format', 'md'])).stdout).toMatch(/^# netreq report/);
    expect((await netreqIn(dir, ['report', bundle, '--format', 'junit'])).stdout).toMatch(/^<\?xml/);
    const html = await netreqIn(dir, ['report', bundle, '--format', 'html']);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('Container runtime and kubelet proxy settings');
    for (const r of [json, text, html]) expectNothingPlanted('netreq report', r.stdout);
  });
});

describe('check --bundle when the bundle cannot be written', () => {
  it('the report still prints, stderr says why, and the exit code is 2', async () => {
    const run = await netreqIn(dir, ['check', '--scenario-file', 'healthy.yaml', '--bundle', 'no-such-folder/b.tar.gz']);
    expect(run.stdout).toMatch(/Summary: 0 fail/);
    expect(run.stderr).toMatch(/the support bundle was not written: cannot write .*no-such-folder\/b\.tar\.gz: the folder does not exist \(ENOENT\)/);
    expect(run.code).toBe(2);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('a bad --redact pattern is a usage error before anything runs', async () => {
    const run = await netreqIn(dir, ['check', '--scenario-file', 'healthy.yaml', '--redact', '(']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--redact pattern #1: not a valid regular expression/);
    expect(run.stdout).toBe('');
  });
});

describe('check --bundle interrupted', () => {
  it('an interrupted run writes a whole bundle of what finished, marked interrupted, and exits 130', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    const bundle = join(dir, 'interrupted.tar.gz');
    const run = await netreqIn(dir, ['check', '--scenario-file', 'healthy.yaml', '--bundle', bundle], {}, controller.signal);
    expect(run.code).toBe(130);
    const files = bundleFiles(readFileSync(bundle));
    expect([...files.keys()]).toEqual([...BUNDLE_FILES]);
    expect(Report.parse(JSON.parse(files.get('report.json')?.toString() ?? '')).interrupted).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('netreq report', () => {
  it('names the file and the field of a report that does not validate', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 1, findings: 'none' }));
    const run = await netreqIn(dir, ['report', 'bad.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.json: not a netreq report\n.*bad\.json: tool: /);
    expect(run.stderr).toMatch(/bad\.json: findings: /);
  });

  it('takes one file and a known format', async () => {
    expect((await netreqIn(dir, ['report'])).code).toBe(2);
    expect((await netreqIn(dir, ['report', 'a', 'b'])).code).toBe(2);
    const run = await netreqIn(dir, ['report', 'x.json', '--format', 'pdf']);
    expect(run.stderr).toMatch(/--format 'pdf' is not a report format; expected one of: text, json, md, junit, html/);
  });
});

describe('demo --bundle', () => {
  it('writes the demo\'s bundle too', async () => {
    const bundle = join(dir, 'demo.tar.gz');
    const run = await netreqIn(dir, ['demo', 'healthy-direct', '--bundle', bundle]);
    expect(run.code).toBe(0);
    expect([...bundleFiles(readFileSync(bundle)).keys()]).toEqual([...BUNDLE_FILES]);
  });
});
