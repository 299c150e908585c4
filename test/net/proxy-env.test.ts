import { describe, expect, it } from 'vitest';
import { decideProxy, parseProxyUrl, proxyFromEnv, proxyPort, redactText, redactUrl, resolveProxySettings } from '../../src/net/index.js';

describe('proxyFromEnv', () => {
  it('reads either case; the upper-case name wins as in Go getEnvAny', () => {
    const settings = proxyFromEnv({ HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', no_proxy: '.corp' });
    expect(settings.httpsProxy?.hostname).toBe('upper');
    expect(settings.sources.httpsProxy).toBe('HTTPS_PROXY');
    expect(settings.noProxy).toBe('.corp');
    expect(settings.sources.noProxy).toBe('no_proxy');
    expect(settings.curlNotes.some((n) => n.includes('curl uses https_proxy'))).toBe(true);
  });

  it('falls back to lower case, ignores empty values', () => {
    const settings = proxyFromEnv({ HTTP_PROXY: '', http_proxy: 'proxy:8080' });
    expect(settings.httpProxy?.href).toBe('http://proxy:8080/');
    expect(settings.httpsProxy).toBeUndefined();
    expect(settings.noProxy).toBe('');
  });

  it('notes that curl ignores upper-case HTTP_PROXY', () => {
    expect(proxyFromEnv({ HTTP_PROXY: 'http://p:1' }).curlNotes.join()).toContain('HTTP_PROXY');
  });

  it('throws naming the variable, with the password redacted', () => {
    expect(() => proxyFromEnv({ HTTPS_PROXY: 'ftp://user:s3cret@proxy:21' })).toThrow(/HTTPS_PROXY: 'ftp:\/\/user:\*\*\*@proxy:21'/);
    expect(() => proxyFromEnv({ HTTPS_PROXY: 'ftp://user:s3cret@proxy:21' })).not.toThrow(/s3cret/);
  });
});

describe('parseProxyUrl', () => {
  const good: [string, string, number][] = [
    ['http://proxy.corp:3128', 'proxy.corp', 3128],
    ['https://proxy.corp', 'proxy.corp', 443],
    ['http://proxy.corp', 'proxy.corp', 80],
    ['proxy.corp:3128', 'proxy.corp', 3128],
    ['user:pw@proxy.corp:3128', 'proxy.corp', 3128],
    ['http://[2001:db8::1]:3128', '[2001:db8::1]', 3128],
    [' http://10.0.0.1:8080/ ', '10.0.0.1', 8080],
  ];
  it.each(good)('%j -> %s:%i', (text, host, port) => {
    const url = parseProxyUrl(text);
    expect(url.hostname).toBe(host);
    expect(proxyPort(url)).toBe(port);
  });

  const bad: [string, RegExp][] = [
    ['socks5://proxy:1080', /SOCKS/],
    ['ftp://proxy:21', /scheme/],
    ['http://', /not a valid URL|no host/],
    ['http://user:pw@:3128', /not a valid URL|no host/],
  ];
  it.each(bad)('%j is rejected', (text, message) => {
    expect(() => parseProxyUrl(text, '--proxy')).toThrow(message);
  });
});

describe('redaction', () => {
  it.each([
    ['http://user:s3cret@proxy:3128', 'http://user:***@proxy:3128'],
    ['http://user@proxy:3128', 'http://user@proxy:3128'],
    ['http://proxy:3128/path?x=1', 'http://proxy:3128'],
    ['http://dom%5Cuser:p%40ss@proxy:3128', 'http://dom%5Cuser:***@proxy:3128'],
  ])('redactUrl(%j) = %j', (input, output) => {
    expect(redactUrl(input)).toBe(output);
    expect(redactUrl(new URL(input))).toBe(output);
  });

  it('redacts text that is not a URL', () => {
    expect(redactText('user:pw@proxy:3128')).toBe('user:***@proxy:3128');
    expect(redactText('ftp://u:p@h')).toBe('ftp://u:***@h');
  });
});

describe('resolveProxySettings', () => {
  it('--proxy overrides both proxies, --no-proxy overrides NO_PROXY', () => {
    const settings = resolveProxySettings({ HTTPS_PROXY: 'http://env:1', NO_PROXY: '.env' }, { proxy: 'http://flag:3128', noProxy: '.flag' });
    expect(settings.httpsProxy?.host).toBe('flag:3128');
    expect(settings.httpProxy?.host).toBe('flag:3128');
    expect(settings.noProxy).toBe('.flag');
    expect(settings.sources).toEqual({ httpsProxy: '--proxy', httpProxy: '--proxy', noProxy: '--no-proxy' });
  });

  it('without flags is the environment', () => {
    expect(resolveProxySettings({ https_proxy: 'p:1' }).httpsProxy?.host).toBe('p:1');
  });

  it('a bad --proxy names the flag', () => {
    expect(() => resolveProxySettings({}, { proxy: 'socks5://p:1080' })).toThrow(/--proxy/);
  });

  it('decideProxy notes that curl ignores an upper-case HTTP_PROXY', () => {
    const decision = decideProxy({ scheme: 'http', host: 'mirror.example', port: 80 }, proxyFromEnv({ HTTP_PROXY: 'http://p:3128' }));
    expect(decision).toMatchObject({ via: 'proxy', curlDiffers: expect.stringContaining('HTTP_PROXY') });
  });
});
