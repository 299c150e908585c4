// Each cause code produced by a real server on loopback behaving that way (the simulator's DNS,
// TCP, TLS, HTTP, SSH and proxy servers), through the same runner a site's check uses.
import { afterAll, describe, expect, it } from 'vitest';
import { run, targetKey, type Finding, type Target } from '../../src/diagnose/index.js';
import { startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';
import { reserveRefusedPort } from '../../src/sim/index.js';

interface Row {
  readonly name: string;
  readonly host: string;
  readonly site: SiteSpecInput;
  readonly target?: Partial<Target>;
  readonly viaProxy?: 'site' | 'refused';
  readonly status: Finding['status'];
  readonly cause: string;
}

const ROWS: readonly Row[] = [
  { name: 'REFUSED from the resolver', host: 'refused.example.com', site: { hosts: { 'refused.example.com': { dns: 'refused' } } }, status: 'fail', cause: 'dns.refused' },
  { name: 'a name with no address records', host: 'empty.example.com', site: { hosts: { 'empty.example.com': { dns: 'no-address' } } }, status: 'fail', cause: 'dns.no-address' },
  { name: 'a silent resolver', host: 'quiet.example.com', site: { hosts: { 'quiet.example.com': { dns: 'silent' } } }, status: 'fail', cause: 'dns.timeout' },
  {
    name: 'the first resolver says NXDOMAIN, the second knows the name',
    host: 'split.example.com',
    site: { hosts: { 'split.example.com': { dns: 'nxdomain' } }, dns: { secondary: { server: 'answer', hosts: { 'split.example.com': { addresses: ['203.0.113.77'] } } } } },
    status: 'fail',
    cause: 'dns.mismatch',
  },
  { name: 'a closed port', host: 'closed.example.com', site: { hosts: { 'closed.example.com': { ports: { 443: 'refused' } } } }, status: 'fail', cause: 'tcp.refused' },
  { name: 'a reset as the ClientHello goes out', host: 'sni.example.com', site: { hosts: { 'sni.example.com': { ports: { 443: 'reset' } } } }, status: 'fail', cause: 'tcp.reset' },
  { name: 'a wrong name on the certificate', host: 'wrong.example.com', site: { hosts: { 'wrong.example.com': { ports: { 443: { tls: 'wrong-name' } } } } }, status: 'fail', cause: 'tls.hostname-mismatch' },
  { name: 'a certificate not yet valid', host: 'future.example.com', site: { hosts: { 'future.example.com': { ports: { 443: { tls: 'not-yet-valid' } } } } }, status: 'fail', cause: 'tls.not-yet-valid' },
  {
    name: "the site's own host with a private CA nobody trusts",
    host: 'cp.corp.example',
    site: { hosts: { 'cp.corp.example': { ports: { 443: { tls: { issuedBy: 'Corp Root CA' } } } } } },
    target: { siteOwned: true },
    status: 'fail',
    cause: 'tls.untrusted',
  },
  { name: 'TCP accepted, then no TLS answer', host: 'mute.example.com', site: { hosts: { 'mute.example.com': { ports: { 443: 'accept-silent' } } } }, status: 'fail', cause: 'tls.handshake-timeout' },
  {
    name: "a filter's HTML page where the registry answers",
    host: 'filtered.example.com',
    site: { hosts: { 'filtered.example.com': { ports: { 443: { http: 'block-page' } } } } },
    target: { check: 'registry-v2' },
    status: 'fail',
    cause: 'http.blocked',
  },
  {
    name: 'a package index answering 404',
    host: 'pypi.example.com',
    site: { hosts: { 'pypi.example.com': { ports: { 443: { http: { status: 404, body: 'not found' } } } } } },
    target: { check: 'pypi-simple' },
    status: 'fail',
    cause: 'http.unexpected-status',
  },
  { name: 'TLS done, then no HTTP answer', host: 'stall.example.com', site: { hosts: { 'stall.example.com': { ports: { 443: { http: 'none' } } } } }, status: 'fail', cause: 'http.timeout' },
  {
    name: 'port 22 open, no banner',
    host: 'bcm.corp.example',
    site: { hosts: { 'bcm.corp.example': { ports: { 22: { ssh: 'silent' } } } } },
    target: { port: 22, scheme: 'ssh', check: 'ssh-banner', siteOwned: true },
    status: 'fail',
    cause: 'ssh.no-banner',
  },
  { name: 'a proxy nobody listens on', host: 'any.example.com', site: {}, viaProxy: 'refused', status: 'fail', cause: 'proxy.unreachable' },
  {
    name: 'a proxy that cannot resolve the name',
    host: 'gone.example.com',
    site: { hosts: { 'gone.example.com': { dns: 'nxdomain' } }, proxy: { mode: 'open' } },
    viaProxy: 'site',
    status: 'fail',
    cause: 'proxy.dns-failed',
  },
];

const sites: SimSite[] = [];
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
});

function targetFor(row: Row): Target {
  const draft = { host: row.host, port: 443, transport: 'tcp', scheme: 'https', via: row.viaProxy ? 'proxy' : 'direct', ...row.target } as const;
  return {
    check: 'https-reachable',
    ruleIds: [`test.${row.host}`],
    siteOwned: false,
    retired: false,
    ...draft,
    key: targetKey(draft),
  };
}

describe('every cause code from a real server on loopback', () => {
  it.each(ROWS)('$cause: $name', async (row) => {
    const site = await startSite(row.site, { hosts: [row.host], waitForCertificates: true });
    sites.push(site);
    const proxyUrl = row.viaProxy === 'refused' ? `http://127.0.0.1:${await reserveRefusedPort()}` : row.viaProxy === 'site' ? site.proxyUrl : undefined;
    let finding: Finding | undefined;
    for await (const event of run([targetFor(row)], {
      network: site.network,
      ...(proxyUrl ? { proxyUrl: new URL(proxyUrl) } : {}),
      signal: new AbortController().signal,
      stepTimeoutMs: 1_500,
      maxTimeMs: 20_000,
      concurrency: 4,
      proxyConcurrency: 4,
    })) {
      if (event.type === 'finding') finding = event.finding;
    }
    expect({ status: finding?.status, cause: finding?.cause }).toEqual({ status: row.status, cause: row.cause });
    expect(finding?.explanation ?? '').not.toBe('');
    expect(finding?.remediation ?? '').not.toBe('');
  });
});
