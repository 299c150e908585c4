import { describe, expect, it } from 'vitest';
import {
  renderRequestCsv,
  renderRequestMarkdown,
  renderRequestNoProxy,
  renderRequestSquid,
  requestComment,
  type ChangeRequest,
  type RequestCause,
  type RequestRow,
} from '../../src/catalog/index.js';

const rule = { id: 'runai.registry', known: true, purpose: 'Container registry', sources: [{ doc: 'runai-network-requirements.md' }], direction: 'outbound' as const };

function row(over: Partial<RequestRow>): RequestRow {
  return { host: 'runai.jfrog.io', port: '443', transport: 'tcp', scheme: 'https', via: 'direct', direction: 'outbound', status: 'fail', rules: [rule], cause: 'tcp.timeout', evidence: 'tcp 203.0.113.10:443 timeout ETIMEDOUT', explanation: 'Dropped.', ...over };
}

function cause(over: Partial<RequestCause>): RequestCause {
  return {
    code: 'root.no-proxy-sends-direct',
    status: 'fail',
    title: 'NO_PROXY sends public hosts direct',
    summary: 'NO_PROXY entry .example.com sends 3 public hosts direct; direct egress is closed.',
    evidence: [['entry', '.example.com']],
    change: 'no-proxy',
    entries: ['.example.com'],
    rows: [],
    targets: ['a.example.com:443'],
    explanation: 'x',
    remediation: 'Remove .example.com from NO_PROXY.',
    verify: 'env | grep -i no_proxy',
    ...over,
  };
}

function request(rootCauses: RequestCause[], standalone: RequestRow[]): ChangeRequest {
  return { catalogVersion: 'sha256:test', report: { version: '1.0.0', startedAt: '2026-12-07T10:00:00Z' }, rootCauses, standalone, siteOwnedHosts: ['runai.corp.example'] };
}

describe('the change request exporters', () => {
  it('root-causes 2: a NO_PROXY root cause says which entries to drop, in every comment-carrying format', () => {
    const req = request([cause({})], []);
    expect(requestComment(cause({}))).toBe('root.no-proxy-sends-direct: remove .example.com from NO_PROXY');
    expect(renderRequestCsv(req).split('\r\n')[0]).toBe('# root.no-proxy-sends-direct: remove .example.com from NO_PROXY');
    expect(renderRequestSquid(req).text.split('\n')).toContain('# root.no-proxy-sends-direct: remove .example.com from NO_PROXY');
    const noProxy = renderRequestNoProxy(req);
    expect(noProxy.text).toBe('localhost,127.0.0.1,::1,.svc,.cluster.local,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,runai.corp.example\n');
    expect(noProxy.notes[0]).toBe('root.no-proxy-sends-direct: remove .example.com from NO_PROXY');
    expect(renderRequestMarkdown(req)).toContain('Ask for a NO\\_PROXY change instead. Remove from NO_PROXY: `.example.com`.');
  });

  it('root-causes 2: an allow-list root cause has no comment line: its entries are the rows', () => {
    const allow = cause({ code: 'root.allowlist-family', change: 'allow', entries: ['*.quay.io:443'], rows: [row({ host: '*.quay.io', cause: 'root.allowlist-family' })] });
    expect(requestComment(allow)).toBeUndefined();
    const csv = renderRequestCsv(request([allow], []));
    expect(csv.startsWith('host,port,')).toBe(true);
    expect(csv).toContain('\r\n*.quay.io,443,tcp,https,direct,outbound,fail,root.allowlist-family,runai.registry,');
  });

  it('root-causes 2: squid leaves out a host that is not one ACL value; csv keeps a formula inert', () => {
    const hostile = row({ host: 'evil.example all', rules: [], cause: '=HYPERLINK("http://x")' });
    const squid = renderRequestSquid(request([], [hostile, row({})]));
    expect(squid.text).not.toContain('evil.example');
    expect(squid.text).toContain('acl netreq_tls_443 dstdomain runai.jfrog.io');
    expect(squid.notes).toEqual(['=HYPERLINK("http://x"): evil.example all:443 is left out: not a name and port squid can take']);
    const csv = renderRequestCsv(request([], [hostile]));
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('root-causes 2: nothing failed: the request says no change is needed', () => {
    expect(renderRequestMarkdown(request([], []))).toContain('Nothing failed: no change is needed.');
  });
});
