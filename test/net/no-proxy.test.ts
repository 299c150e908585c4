import { describe, expect, it } from 'vitest';
import { curlNoProxy, decideProxy, goUseProxy, parseNoProxy } from '../../src/net/index.js';

const proxy = new URL('http://proxy.corp:3128');

describe('NO_PROXY with Go net/http semantics', () => {
  // [NO_PROXY, host, port, go direct?, matched entry]
  const rows: [string, string, number, boolean, string | undefined][] = [
    ['', 'registry.example.com', 443, false, undefined],
    ['example.com', 'example.com', 443, true, 'example.com'],
    ['example.com', 'registry.example.com', 443, true, 'example.com'],
    ['example.com', 'a.b.example.com', 443, true, 'example.com'],
    ['example.com', 'notexample.com', 443, false, undefined],
    ['example.com', 'example.com.evil.net', 443, false, undefined],
    ['.example.com', 'registry.example.com', 443, true, '.example.com'],
    ['.example.com', 'example.com', 443, false, undefined],
    ['*.example.com', 'registry.example.com', 443, true, '*.example.com'],
    ['*.example.com', 'example.com', 443, false, undefined],
    ['EXAMPLE.com', 'Registry.Example.COM', 443, true, 'example.com'],
    [' example.com , other.net ', 'x.other.net', 443, true, 'other.net'],
    ['*', 'anything.example', 443, true, '*'],
    ['foo.net,*', 'anything.example', 443, true, '*'],
    ['example.com:443', 'registry.example.com', 443, true, 'example.com:443'],
    ['example.com:443', 'registry.example.com', 80, false, undefined],
    ['example.com:80', 'example.com', 443, false, undefined],
    ['10.0.0.0/8', '10.1.2.3', 443, true, '10.0.0.0/8'],
    ['10.0.0.0/8', '11.1.2.3', 443, false, undefined],
    ['10.0.0.0/8', 'ten.example.com', 443, false, undefined],
    ['192.168.1.10', '192.168.1.10', 443, true, '192.168.1.10'],
    ['192.168.1.10', '192.168.1.11', 443, false, undefined],
    ['192.168.1.10:8443', '192.168.1.10', 8443, true, '192.168.1.10:8443'],
    ['192.168.1.10:8443', '192.168.1.10', 443, false, undefined],
    ['fd00::/8', 'fd12::1', 443, true, 'fd00::/8'],
    ['fd00::/8', '[fd12::1]', 443, true, 'fd00::/8'],
    ['2001:db8::1', '2001:db8::1', 443, true, '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1', 443, true, '[2001:db8::1]:443'],
    ['localhost', 'localhost', 443, true, 'localhost'],
    ['', 'localhost', 443, true, 'localhost'],
    ['', '127.0.0.1', 8080, true, 'loopback'],
    ['', '127.8.9.1', 8080, true, 'loopback'],
    ['', '::1', 443, true, 'loopback'],
    ['', 'localhost.example.com', 443, false, undefined],
    [':443', 'example.com', 443, false, undefined],
    ['svc,cluster.local', 'kubernetes.default.svc', 443, true, 'svc'],
    ['.svc,.cluster.local', 'api.ns.svc.cluster.local', 443, true, '.cluster.local'],
  ];
  it.each(rows)('NO_PROXY=%j host=%s:%i -> direct %s', (noProxy, host, port, direct, matched) => {
    const result = goUseProxy(host, port, parseNoProxy(noProxy));
    expect(result.useProxy).toBe(!direct);
    expect(result.matched).toBe(matched);
  });
});

describe("curl's NO_PROXY reading", () => {
  // [NO_PROXY, host, curl bypasses?]
  const rows: [string, string, boolean][] = [
    ['example.com', 'example.com', true],
    ['example.com', 'www.example.com', true],
    ['example.com', 'nonexample.com', false],
    ['.example.com', 'example.com', true],
    ['*.example.com', 'www.example.com', false],
    ['example.com:443', 'example.com', false],
    ['*', 'anything', true],
    ['foo.net,*', 'anything', false],
    ['', 'localhost', false],
    ['10.0.0.0/8', '10.2.3.4', true],
    ['10.0.0.0/8', 'ten.example.com', false],
    ['fd00::/8', '[fd12::1]', true],
    ['a.com b.com', 'b.com', false],
    ['a.com, b.com', 'b.com', true],
    ['example.com.', 'www.example.com.', true],
  ];
  it.each(rows)('NO_PROXY=%j host=%s -> bypass %s', (noProxy, host, bypass) => {
    expect(curlNoProxy(host, noProxy).bypass).toBe(bypass);
  });
});

describe('decideProxy', () => {
  const settings = { httpsProxy: proxy, httpProxy: new URL('http://proxy.corp:8080'), noProxy: '' };
  // [scheme, host, port, NO_PROXY, via, curlDiffers contains]
  const rows: [string, string, number, string, 'direct' | 'proxy', string | undefined][] = [
    ['https', 'registry.example.com', 443, '', 'proxy', undefined],
    ['http', 'mirror.example.com', 80, '', 'proxy', undefined],
    ['https', 'registry.example.com', 443, 'example.com', 'direct', undefined],
    ['https', 'example.com', 443, '.example.com', 'proxy', 'curl goes direct'],
    ['https', 'registry.example.com', 443, '*.example.com', 'direct', 'curl uses the proxy'],
    ['https', 'registry.example.com', 443, 'example.com:443', 'direct', 'curl uses the proxy'],
    ['https', 'localhost', 443, '', 'direct', 'no built-in localhost exception'],
    ['https', '10.1.2.3', 443, '10.0.0.0/8', 'direct', '7.86'],
    ['https', 'host', 443, 'foo,*', 'direct', 'curl uses the proxy'],
    ['ssh', 'git.example.com', 22, '', 'direct', undefined],
  ];
  it.each(rows)('%s://%s:%i NO_PROXY=%j -> %s', (scheme, host, port, noProxy, via, differs) => {
    const decision = decideProxy({ scheme, host, port }, { ...settings, noProxy });
    expect(decision.via).toBe(via);
    if (via === 'proxy') expect(decision.proxy?.href).toBe(scheme === 'https' ? proxy.href : 'http://proxy.corp:8080/');
    if (differs) expect(decision.curlDiffers).toContain(differs);
    else expect(decision.curlDiffers).toBeUndefined();
  });

  it('goes direct when the scheme has no proxy', () => {
    expect(decideProxy({ scheme: 'http', host: 'a.example', port: 80 }, { httpsProxy: proxy, noProxy: '' })).toEqual({ via: 'direct' });
  });
});
