import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMPLATE_FILLERS } from '../../src/catalog/index.js';
import { classify, targetKey, type Target } from '../../src/diagnose/index.js';
import { explain, explainNote, loadRemediations, placeholdersOf, PLACEHOLDERS } from '../../src/knowledge/index.js';
import { siteFlagsOf, Topology, wildcardNameHint } from '../../src/topology/index.js';
import { commandProblem } from '../cli/command-accepted.js';
import { netreqIn } from '../cli/diff-helpers.js';

const table = loadRemediations();

const SITE = Topology.parse({
  products: ['runai', 'azureml-arc'],
  roles: ['k8s-node'],
  controlPlane: { fqdn: 'runai.corp.example', coLocated: true },
  bcm: { enabled: true, headnodes: ['bcm01'] },
  region: { name: 'eastus', code: 'eus' },
  wildcards: { '*.azurecr.io': ['myacr.azurecr.io'] },
});

/** Every placeholder as a run fills it: realistic evidence, so a printed command can be run. */
const FIXTURE: Record<string, string> = {
  host: 'runai.jfrog.io', port: '443', hostPort: 'runai.jfrog.io:443', scheme: 'https', via: 'proxy', route: 'through the proxy',
  url: 'https://runai.jfrog.io/v2/', check: 'registry-v2', ruleIds: 'runai.registry', pattern: '*.vault.azure.net',
  proxy: 'http://proxy.corp.example:3128', curlProxy: '--proxy http://proxy.corp.example:3128 ', opensslProxy: '-proxy proxy.corp.example:3128 ',
  digServer: '@10.0.0.2 ', resolver: '10.0.0.2', answers: '10.0.0.2: NXDOMAIN', addresses: '203.0.113.8', address: '203.0.113.8',
  family: 'IPv6', familyFlag: '-6', workingFamily: 'IPv4', code: 'ECONNREFUSED', rcode: 'NXDOMAIN', localCause: 'dns.nxdomain',
  proxyError: 'ERR_ACCESS_DENIED', proxyProduct: 'squid/5.7', proxyCause: 'tcp.refused', method: 'CONNECT', status: '403', title: 'Access denied',
  middlebox: 'Via: 1.1 filter', contentType: 'text/html', server: 'nginx', location: 'https://login.corp.example/', wwwAuthenticate: 'Bearer realm="x"',
  retryAfter: '30', authSchemes: 'Basic', servername: 'runai.jfrog.io', subject: 'CN=runai.jfrog.io', subjectAltNames: 'DNS:runai.jfrog.io',
  issuer: 'Corp Inspection CA', certIssuer: 'Corp Inspection CA', validFrom: '2025-01-01', validTo: '2026-01-01', localTime: '2025-06-01T12:00:00Z',
  fingerprint: 'AB:CD', bytesReceived: '0', skew: '5 minutes ahead of', serverTime: 'Sun, 01 Jun 2025 11:55:00 GMT', servers: 'runai.jfrog.io, quay.io', serverCount: '2', banner: 'SSH-2.0-OpenSSH_9.2', step: 'tcp', detail: TEMPLATE_FILLERS.controlPlane,
  flag: '--control-plane FQDN', matched: '.jfrog.io', curlDiffers: 'curl sends it direct', underlying: 'tcp.refused',
  runtime: 'containerd', runtimeProxy: 'http://svc:***@proxy.corp.example:3128', missing: 'runai.corp.example', noProxy: 'localhost,.svc',
  direction: 'internal', source: '10.0.0.5', transport: 'tcp', received: 'SSH-2.0-OpenSSH_9.2', token: '3f9a1c0b2e4d', expected: '0123456789ab',
  siteFlags: siteFlagsOf(SITE), nameHint: wildcardNameHint('*.vault.azure.net'),
  limit: "this process's open-file limit (ulimit -n)",
  resolvers: '10.0.0.2, 10.0.0.3', usedResolver: '10.0.0.2', usedAnswer: '203.0.113.8', answeringResolver: '10.0.0.3', seconds: '5', timeoutS: '5',
  attempts: '2', order: 'first-answering', bumped: ' inside the TLS connection it intercepted',
  // root causes
  count: '3', answer: 'NXDOMAIN', publicNames: '24', names: 'gcr.io, quay.io', internalResolved: 'runai.corp.example', hosts: 'gcr.io, quay.io',
  entries: '*.blob.core.windows.net:443', passing: 'registry-1.docker.io', way: 'no answer to the connection (SYN) in time', ports: '443',
  image: 'registry-1.docker.io/library/hello-world:latest', registry: 'registry-1.docker.io:443', pullHost: 'production.cloudflare.docker.com',
  pullHostPort: 'production.cloudflare.docker.com:443', pullPurpose: 'the layer download', pullUrl: 'https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/ab/abcd/data',
  hops: 'GET registry-1.docker.io 401 -> POST auth.docker.io 200', runtimeRoute: 'through the proxy http://proxy.corp.example:3128', shellRoute: 'directly', bytes: '65536', rateLimit: '100', rateRemaining: '3',
  dualStack: '4', root: 'CN=Corp Root CA', hostFamily: 'Docker Hub', cause: 'tcp.timeout', openPorts: '443', proxyPassing: 'mcr.microsoft.com', where: 'the DNS filter (its block list)',
  // mirrors (issue 22)
  mirrorOf: 'docker.io', fallback: 'registry-1.docker.io:443', failure: 'registry.pull-failed', file: '/etc/containerd/certs.d/docker.io/hosts.toml:4', caFile: '/etc/containerd/certs.d/docker.io/ca.crt',
};

/** The `netreq ...` commands a text prints: its verify line, and any in backticks. */
function commandsIn(text: string, verify: boolean): string[] {
  const quoted = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  return [...(verify ? [text] : []), ...quoted].flatMap((c) => c.split(/\s*&&\s*/)).map((c) => c.trim()).filter((c) => /^netreq(\s|$)/.test(c));
}

const cwd = mkdtempSync(join(tmpdir(), 'netreq-texts-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('every text a person sees is whole, and every command in it runs as printed', () => {
  it('the fixture fills every placeholder the texts may use', () => {
    expect(Object.keys(PLACEHOLDERS).filter((name) => FIXTURE[name] === undefined)).toEqual([]);
  });

  it('field-ready 17: every remediation and verify line of every code and variant, filled, has no placeholder left and no netreq command netreq rejects', () => {
    const problems: string[] = [];
    for (const [code, entry] of table.entries) {
      for (const variant of [undefined, ...Object.keys(entry.variants)]) {
        const texts = explain(code, variant !== undefined ? { ...FIXTURE, variant } : FIXTURE, table);
        const where = `${code}${variant !== undefined ? ` (${variant})` : ''}`;
        for (const [part, text] of Object.entries(texts)) {
          if (/\{[A-Za-z]+\}/.test(text)) problems.push(`${where} ${part}: a placeholder is left: ${text}`);
          for (const command of commandsIn(text, part === 'verify')) {
            const problem = commandProblem(command, cwd);
            if (problem !== undefined) problems.push(`${where} ${part}: '${command}' -> ${problem.split('\n')[0] ?? ''}`);
          }
        }
        const note = explainNote(code, FIXTURE, table);
        if (/\{[A-Za-z]+\}/.test(note)) problems.push(`${where} note: ${note}`);
        for (const name of placeholdersOf(entry.verify)) if (!(name in FIXTURE)) problems.push(`${where}: no fixture for {${name}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  const skipped = (cause: 'input.missing' | 'input.wildcard-unresolved', host: string, detail: string): string => {
    const draft = { host, pattern: host, port: 443, transport: 'tcp' as const, scheme: 'https' as const, via: 'direct' as const };
    const target: Target = { ...draft, key: targetKey(draft), check: 'https-reachable', ruleIds: ['r'], siteOwned: false, retired: false, skip: { cause, detail } };
    return classify(target, [], { proxyConfigured: false, siteFlags: siteFlagsOf(SITE) }).remediation ?? '';
  };

  it('field-ready 17: a skip sends to the wizard only for a question it asks, and names the right kind of wildcard name', () => {
    expect(skipped('input.missing', '{controlPlane}', `needs ${TEMPLATE_FILLERS.controlPlane}`)).toMatch(/wizard/);
    expect(skipped('input.missing', '{peer}', `needs ${TEMPLATE_FILLERS.peer}`)).toMatch(/the wizard does not ask for it/);
    expect(skipped('input.missing', '{peer}', `needs ${TEMPLATE_FILLERS.peer}`)).not.toMatch(/answer that question in the wizard/);
    const vault = skipped('input.wildcard-unresolved', '*.vault.azure.net', "no concrete name for *.vault.azure.net: give one with --wildcard '*.vault.azure.net=HOST'");
    expect(vault).toMatch(/Key Vault/);
    const delivery = skipped('input.wildcard-unresolved', '*.mp.microsoft.com', "no concrete name for *.mp.microsoft.com: give one with --wildcard '*.mp.microsoft.com=HOST'");
    expect(delivery).toMatch(/vendor's, not the site's/);
    for (const text of [vault, delivery]) expect(text).not.toMatch(/registry/);
  });

  it('field-ready 17: rules listings and check reports show no raw {placeholder}, in every format', async () => {
    const site = ['--product', 'runai', '--product', 'azureml-arc', '--role', 'k8s-node', '--role', 'installer'];
    const outputs: [string, string][] = [];
    for (const format of ['table', 'csv', 'md', 'squid']) {
      const run = await netreqIn(cwd, 'rules', ...site, '--format', format);
      outputs.push([`rules ${format}`, run.stdout + run.stderr]);
    }
    for (const format of ['text', 'md', 'junit']) {
      const run = await netreqIn(cwd, 'check', '--scenario', 'several-failures', ...site, '--format', format);
      outputs.push([`check ${format}`, run.stdout]);
    }
    const bundle = join(cwd, 'b.tar.gz');
    const json = await netreqIn(cwd, 'check', '--scenario', 'several-failures', ...site, '--format', 'json', '--bundle', bundle);
    // The real run's own commands, with the site's flags filled in, run as printed.
    const report = JSON.parse(json.stdout) as { findings: { verify?: string; remediation?: string }[] };
    const printed = report.findings.flatMap((f) => [...commandsIn(f.verify ?? '', true), ...commandsIn(f.remediation ?? '', false)]);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.filter((c) => c !== 'netreq' && !c.includes('--product runai --product azureml-arc --role k8s-node --role installer'))).toEqual([]);
    expect(printed.flatMap((c) => { const p = commandProblem(c, cwd); return p === undefined ? [] : [`${c} -> ${p}`]; })).toEqual([]);
    outputs.push(['report html', (await netreqIn(cwd, 'report', bundle, '--format', 'html')).stdout]);
    const leftovers = outputs.flatMap(([name, text]) => [...new Set(text.match(/\{[A-Za-z]+\}(:\d+)?/g) ?? [])].map((m) => `${name}: ${m}`));
    expect(outputs.every(([, text]) => text.length > 200)).toBe(true);
    expect(leftovers).toEqual([]);
    expect(readFileSync(bundle).length).toBeGreaterThan(0);
  });
});
