import { describe, expect, it } from 'vitest';
import { endpointBehaviour, OPENSSH_BANNER, parseSiteSpec } from '../../src/sim/index.js';
import { SiteNames } from '../../src/sim/site-names.js';
import { SiteSpec, type SiteSpecInput } from '../../src/sim/schema.js';

describe('SiteSpec', () => {
  it('an empty spec is the healthy internet with no proxy and a right clock', () => {
    const parsed = parseSiteSpec({});
    expect(parsed).toMatchObject({
      ok: true,
      spec: { default: { ports: {} }, hosts: {}, proxy: 'none', clock: { offsetSeconds: 0 }, trustInterceptCa: false, dns: { server: 'answer' } },
    });
  });

  it('a parsed spec can be passed where input is expected (startSite takes either)', () => {
    const parsed: SiteSpecInput = SiteSpec.parse({ hosts: { 'a.example': { dns: { ttl: 5 }, ports: { 443: {} } } } });
    expect(parseSiteSpec(parsed).ok).toBe(true);
  });

  it.each([
    [{ hosts: { 'a.example': { ports: { 443: { tls: 'rotten' } } } } }, 'hosts.a.example.ports.443'],
    [{ hosts: { 'a.example': { ports: { 99999: 'open' } } } }, 'hosts.a.example.ports.99999'],
    [{ hosts: { 'a.example': { dns: { addresses: ['not-an-ip'] } } } }, 'hosts.a.example.dns'],
    [{ proxy: { mode: 'auth' } }, 'proxy.credentials'],
    [{ proxy: { mode: ['open', 'deny'] } }, 'proxy.deny'],
    [{ hosts: { 'a.example': { ports: { 22: { ssh: 'banner', tls: 'good' } } } } }, 'hosts.a.example.ports.22.ssh'],
    [{ hosts: { 'a.example': { dns: { addresses: ['10.0.0.1'] } }, 'b.example': { dns: { addresses: ['10.0.0.1'] } } } }, 'hosts.b.example.dns.addresses'],
    [{ hosts: { 'a.example': { colour: 'blue' } } }, 'hosts.a.example'],
  ])('rejects %j at %s', (input, path) => {
    const parsed = parseSiteSpec(input, 'scenarios/x.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.some((e) => e.startsWith(`scenarios/x.yaml: ${path}`))).toBe(true);
  });
});

describe('port defaults', () => {
  it.each([
    [undefined, 443, { tcp: 'open', tls: { validity: 'good' }, app: { kind: 'http', http: 'default' } }],
    [undefined, 80, { tcp: 'open', app: { kind: 'http', http: 'redirect-https' } }],
    [undefined, 22, { tcp: 'open', app: { kind: 'banner', banner: OPENSSH_BANNER } }],
    ['refused', 443, { tcp: 'refused', app: { kind: 'silent' } }],
    ['accept-silent', 443, { tcp: 'open', app: { kind: 'silent' } }],
    [{ tls: 'none' }, 8080, { tcp: 'open', app: { kind: 'http', http: 'default' } }],
    [{ http: 'block-page' }, 80, { tcp: 'open', app: { kind: 'http', http: 'block-page' } }],
    [{ tls: { issuedBy: 'Corp CA' } }, 443, { tcp: 'open', tls: { validity: 'good', issuer: 'Corp CA' }, app: { kind: 'http', http: 'default' } }],
    [{ ssh: { banner: '220 mail ESMTP' } }, 22, { tcp: 'open', app: { kind: 'banner', banner: '220 mail ESMTP' } }],
  ] as const)('%j on %i', (spec, port, expected) => {
    expect(endpointBehaviour(spec, port, 5)).toEqual({ ...expected, latencyMs: 5 });
  });
});

describe('site names', () => {
  const names = () =>
    new SiteNames(
      SiteSpec.parse({
        hosts: {
          'first.example': {},
          '*.example.net': { dns: 'nxdomain' },
          '*.deep.example.net': {},
          'split.example': { dns: { addresses: ['203.0.113.1', '2001:db8::1'] } },
          'both.example': { dns: { ipv6: true } },
          '10.0.0.5': { ports: { 22: 'refused' } },
        },
      }),
    );

  it('named hosts get documentation addresses in order, skipping explicit ones', () => {
    const n = names();
    expect(n.addressesOf('first.example')).toEqual(['203.0.113.2']);
    expect(n.addressesOf('both.example')).toEqual(['203.0.113.3', '2001:db8::2']);
    expect(n.addressesOf('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(n.addressesOf('unnamed.example')).toEqual(['203.0.113.4']);
    expect(n.ownerOf('203.0.113.4')?.name).toBe('unnamed.example');
  });

  it('the most specific wildcard wins; a wildcard does not cover its apex', () => {
    const n = names();
    expect(n.group('a.example.net').key).toBe('*.example.net');
    expect(n.group('a.deep.example.net').key).toBe('*.deep.example.net');
    expect(n.group('example.net').key).toBe('(default)');
    expect(n.answer('x.example.net', 'A')).toMatchObject({ kind: 'answer', rcode: 'NXDOMAIN' });
  });

  it('AAAA for an IPv4-only name is NOERROR with no answers', () => {
    expect(names().answer('first.example', 'AAAA')).toEqual({ kind: 'answer', rcode: 'NOERROR', answers: [], truncate: false });
  });
});
