import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netreqIn, type Run } from './report-run.js';
import { FINDINGS, reportJson, rootCauses } from './rules-from-report.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-rules-from-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const netreq = (...argv: string[]): Promise<Run> => netreqIn(dir, argv);

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

beforeAll(() => {
  writeFileSync(join(dir, 'report.json'), reportJson());
});

/** The Markdown section of a heading, up to the next `## `. */
function section(md: string, heading: RegExp): string {
  const start = md.search(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = md.slice(start);
  const next = rest.slice(3).search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next + 3);
}

describe('netreq rules --from REPORT --format md', () => {
  it('root-causes 2: the request is grouped by root cause, the wildcard entry with its purpose and vendor source', async () => {
    const run = await netreq('rules', '--from', 'report.json', '--format', 'md');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const blob = section(run.stdout, /^## 1\. .*root\.allowlist-family/m);
    // One entry for both blob names: the vendor's wildcard, joined to the catalog rule behind the findings.
    expect(blob).toMatch(/^\| `\*\.blob\.core\.windows\.net` \| 443 \| https\/tcp \| Azure blob storage: .* \| azureml-arc-network-requirements\.md: AML workload: .* \| `azureml-arc\.https\.wildcard-blob-core-windows-net` \| `account1\.blob\.core\.windows\.net:443`, `account2\.blob\.core\.windows\.net:443` \|$/m);
    expect(blob).toContain('2 names under blob.core.windows.net time out on port 443');
    expect(blob).toContain('- errno: ETIMEDOUT');
    expect(blob).not.toContain('| `account1.blob.core.windows.net` |');
  });

  it('root-causes 2: a DNS root cause asks for a DNS change, not a firewall entry', async () => {
    const { stdout } = await netreq('rules', '--from', 'report.json', '--format', 'md');
    const dns = section(stdout, /^## 2\. .*root\.dns-public-unresolved/m);
    expect(dns).toMatch(/Not a firewall entry:\*\* opening ports will not fix this\. Ask for a DNS change instead\./);
    expect(dns).toContain('Ask the DNS team to forward public names from 10.0.0.2');
    expect(dns).toContain('Targets explained (2): `gcr.io:443`, `quay.io:443`');
    expect(dns).not.toMatch(/^\| Entry/m);
  });

  it('root-causes 2: a failure no root cause explains is one row of "Other failures"; passes are absent', async () => {
    const { stdout } = await netreq('rules', '--from', 'report.json', '--format', 'md');
    const other = section(stdout, /^## Other failures \(1\)$/m);
    expect(other).toMatch(/^\| `runai\.jfrog\.io` \| 443 \| https\/tcp \| direct \| Container registry; pull NVIDIA Run:ai images[^|]* \| runai-network-requirements\.md: .* \| `tcp\.timeout` \(fail\) \| `tcp 203\.0\.113\.10:443 timeout ETIMEDOUT[^`]*`<br>No answer came back.* \|$/m);
    for (const finding of [FINDINGS.helm, FINDINGS.pypi]) {
      expect(finding.status).toBe('pass');
      expect(stdout).not.toContain(finding.target.host);
    }
    // Explained findings are in their root cause only, never again among the other failures.
    expect(other).not.toContain('gcr.io');
    expect(other).not.toContain('blob.core.windows.net');
  });

  it('root-causes 2: a report without root causes lists every failure under "Other failures"', async () => {
    writeFileSync(join(dir, 'old.json'), reportJson('absent'));
    const { stdout, code } = await netreq('rules', '--from', 'old.json', '--format', 'md');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## Other failures \(5\)$/m);
    expect(stdout).not.toMatch(/^## 1\./m);
  });

  it('root-causes 2: an allow-list root cause without entries asks for each target it explains', async () => {
    const [family, ...rest] = rootCauses();
    if (family === undefined) throw new Error('the fixture has an allow-list root cause');
    writeFileSync(join(dir, 'no-entries.json'), reportJson([{ ...family, request: { change: 'allow', entries: [] } }, ...rest]));
    const blob = section((await netreq('rules', '--from', 'no-entries.json', '--format', 'md')).stdout, /^## 1\. /m);
    expect(blob).toContain('**Ask for:** these 2 entries');
    expect(blob).toMatch(/^\| `account1\.blob\.core\.windows\.net` \| 443 \| https\/tcp \| Azure blob storage/m);
    expect(blob).toMatch(/^\| `account2\.blob\.core\.windows\.net` \| 443 /m);
  });

  it('root-causes 2: hostile report texts stay text: no HTML, no control byte', async () => {
    writeFileSync(join(dir, 'hostile.json'), reportJson(rootCauses('<script>alert(1)</script>\u001b]0;owned\u0007 [x](http://u:pw@evil.example/) | pipe')));
    const run = await netreq('rules', '--from', 'hostile.json', '--format', 'md');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('<script>');
    expect(run.stdout).toContain('&lt;script&gt;');
    expect(run.stdout).not.toContain('pw@');
    expect(run.stdout).not.toMatch(CONTROL);
    const table = await netreq('rules', '--from', 'hostile.json');
    expect(table.stdout).not.toMatch(CONTROL);
  });
});

describe('netreq rules --from REPORT in the other formats', () => {
  it('root-causes 2: csv: a # line per root cause that ports would not fix, then the rows of what failed', async () => {
    const { stdout, code } = await netreq('rules', '--from', 'report.json', '--format', 'csv');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('# root.dns-public-unresolved: opening ports will not help: ask for a DNS change: Ask the DNS team to forward public names from 10.0.0.2 to an upstream resolver, or use the proxy.');
    expect(lines[1]).toBe('host,port,transport,scheme,via,direction,status,cause,rules,purpose,sources,evidence,explanation,targets');
    expect(lines.slice(2).map((line) => line.split(',').slice(0, 9).join(','))).toEqual([
      '*.blob.core.windows.net,443,tcp,https,direct,outbound,fail,root.allowlist-family,azureml-arc.https.wildcard-blob-core-windows-net',
      'runai.jfrog.io,443,tcp,https,direct,outbound,fail,tcp.timeout,runai.registry',
    ]);
  });

  it('root-causes 2: squid: the comment line and an ACL for the wildcard and the failure alone', async () => {
    const { stdout, code } = await netreq('rules', '--from', 'report.json', '--format', 'squid');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('# root.dns-public-unresolved: opening ports will not help: ask for a DNS change: Ask the DNS team to forward public names from 10.0.0.2 to an upstream resolver, or use the proxy.');
    expect(lines.filter((line) => line.startsWith('acl netreq_tls_443 '))).toEqual(['acl netreq_tls_443 dstdomain .blob.core.windows.net', 'acl netreq_tls_443 dstdomain runai.jfrog.io']);
    expect(stdout).not.toContain('gcr.io');
  });

  const squid = ['/usr/sbin/squid', '/usr/bin/squid'].find((path) => existsSync(path));
  it.skipIf(squid === undefined)('root-causes 2: squid accepts the fragment with its comment lines (squid -k parse)', async () => {
    writeFileSync(join(dir, 'request.conf'), (await netreq('rules', '--from', 'report.json', '--format', 'squid')).stdout);
    writeFileSync(join(dir, 'squid.conf'), `http_port 127.0.0.1:3128\ninclude ${join(dir, 'request.conf')}\nhttp_access deny all\npid_filename none\ncache_log /dev/null\n`);
    const out = execFileSync(squid ?? 'squid', ['-k', 'parse', '-f', join(dir, 'squid.conf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).not.toMatch(/WARNING|ERROR|FATAL/);
  });

  it('root-causes 2: no-proxy: the value on stdout, the root cause line where its notes go', async () => {
    const { stdout, stderr, code } = await netreq('rules', '--from', 'report.json', '--format', 'no-proxy');
    expect(code).toBe(0);
    expect(stdout).toBe('localhost,127.0.0.1,::1,.svc,.cluster.local,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16\n');
    expect(stderr).toContain('netreq: note: root.dns-public-unresolved: opening ports will not help: ask for a DNS change:');
  });

  it('root-causes 2: json: the rows and the rootCauses', async () => {
    const { stdout } = await netreq('rules', '--from', 'report.json', '--format', 'json');
    const parsed = JSON.parse(stdout) as { rows: { host: string; cause: string; rules: { id: string }[] }[]; rootCauses: { code: string; request?: unknown; change: string }[] };
    expect(parsed.rows.map((row) => [row.host, row.cause, row.rules.map((rule) => rule.id).join(' ')])).toEqual([
      ['*.blob.core.windows.net', 'root.allowlist-family', 'azureml-arc.https.wildcard-blob-core-windows-net'],
      ['runai.jfrog.io', 'tcp.timeout', 'runai.registry'],
    ]);
    expect(parsed.rootCauses.map((cause) => [cause.code, cause.change])).toEqual([['root.allowlist-family', 'allow'], ['root.dns-public-unresolved', 'dns']]);
  });

  it('root-causes 2: table: the causes, then the other failures, within 80 columns', async () => {
    const { stdout } = await netreq('rules', '--from', 'report.json');
    expect(stdout).toMatch(/^1\. root\.allowlist-family \(fail\)/m);
    expect(stdout).toMatch(/^2\. root\.dns-public-unresolved \(fail\)/m);
    expect(stdout).toMatch(/Opening ports will not help: ask for a DNS change\./);
    expect(stdout).toMatch(/^Other failures \(no root cause explains them\): 1$/m);
    expect(stdout.split('\n').filter((line) => line.length > 80 && line.trim().includes(' '))).toEqual([]);
  });
});

describe('netreq rules --from: bad input', () => {
  it('root-causes 2: a missing file, a non-JSON file and a JSON that is not a report: exit 2, a clear message, no stack', async () => {
    writeFileSync(join(dir, 'notjson.json'), '{ this is not json');
    writeFileSync(join(dir, 'other.json'), '{"hello": "world"}\n');
    const cases: [string, RegExp][] = [
      ['missing.json', /missing\.json: cannot read the file \(ENOENT\)/],
      ['notjson.json', /notjson\.json: not valid JSON/],
      ['other.json', /other\.json: not a netreq report\n.*other\.json: schemaVersion: /],
    ];
    for (const [file, message] of cases) {
      const run = await netreq('rules', '--from', file, '--format', 'md');
      expect([file, run.code, run.stdout]).toEqual([file, 2, '']);
      expect(run.stderr).toMatch(/^netreq: /);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('root-causes 2: --from takes no site options and not --all', async () => {
    const run = await netreq('rules', '--from', 'report.json', '--product', 'runai');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from reads the site from the report and takes no site options \(--product\)/);
    expect((await netreq('rules', '--from', 'report.json', '--all')).stderr).toMatch(/--all/);
  });

  it('root-causes 2: rules --help teaches --from with an example', async () => {
    const { stdout } = await netreq('rules', '--help');
    expect(stdout).toContain('netreq rules --from report.json --format md');
  });
});
