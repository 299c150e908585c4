import { describe, expect, it } from 'vitest';
import { choosePlatform, parseBearerChallenge, parseManifest, parsePlatform, smallestLayer, tokenUrl } from '../../../src/probes/index.js';
import { headersOfInterest, outcomeOfCode, recordedUrl } from '../../../src/probes/pull/hop-record.js';

const d = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

describe('follow-the-pull 1: reading a registry\'s challenge', () => {
  it.each([
    ['Bearer realm="https://auth.docker.io/token",service="registry.docker.io"', { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' }],
    ['Bearer realm="https://a/t",service="s",scope="repository:x/y:pull,push"', { realm: 'https://a/t', service: 's', scope: 'repository:x/y:pull,push' }],
    ['bearer   realm=https://a/t , service=s', { realm: 'https://a/t', service: 's' }],
    ['Basic realm="Registry", Bearer realm="https://a/t",service="s"', { realm: 'https://a/t', service: 's' }],
    ['Bearer realm="https://a/t?x=\\"q\\""', { realm: 'https://a/t?x="q"' }],
    ['Basic realm="Registry Realm"', undefined],
    ['Bearer service="s"', undefined],
    ['', undefined],
  ])('%s', (header, expected) => {
    expect(parseBearerChallenge(header)).toEqual(expected);
  });

  it('asks the realm for the repository\'s pull scope when the challenge names none', () => {
    expect(tokenUrl({ realm: 'https://auth.example/token', service: 'reg' }, 'library/busybox')?.href).toBe('https://auth.example/token?service=reg&scope=repository%3Alibrary%2Fbusybox%3Apull');
    expect(tokenUrl({ realm: 'https://auth.example/token?a=1', scope: 'repository:x:pull' }, 'y')?.searchParams.getAll('scope')).toEqual(['repository:x:pull']);
    expect(tokenUrl({ realm: 'ftp://auth.example/' }, 'y')).toBeUndefined();
    expect(tokenUrl({ realm: 'not a url' }, 'y')).toBeUndefined();
  });
});

describe('follow-the-pull 1: the manifest and the platform containerd would choose', () => {
  const image = { schemaVersion: 2, config: { digest: d(1), size: 10 }, layers: [{ digest: d(2), size: 500 }, { digest: d(3), size: 20 }, { digest: d(4), size: 20 }] };
  const index = {
    manifests: [
      { digest: d(5), size: 1, platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
      { digest: d(6), size: 1, platform: { os: 'linux', architecture: 'arm' } },
      { digest: d(7), size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: d(8), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    ],
  };

  it.each([
    ['the content type says index', JSON.stringify(index), 'application/vnd.oci.image.index.v1+json', 'index'],
    ['a Docker list by its own mediaType', JSON.stringify({ ...index, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' }), 'application/octet-stream', 'index'],
    ['an image by its shape', JSON.stringify(image), undefined, 'image'],
    ['not JSON', '<html>', 'text/html', 'bad'],
    ['an image without layers', JSON.stringify({ config: image.config }), 'application/vnd.oci.image.manifest.v1+json', 'bad'],
  ])('%s', (_name, body, type, kind) => {
    expect(parseManifest(Buffer.from(body), type).kind).toBe(kind);
  });

  it.each([
    ['linux/amd64', d(8)],
    ['linux/arm64', d(7)],
    ['linux/arm64/v8', d(7)],
    ['linux/arm/v7', d(6)],
    ['linux/arm', d(6)],
    ['linux/arm/v6', d(5)],
    ['linux/s390x', undefined],
    ['windows/amd64', undefined],
  ])('%s', (platform, digest) => {
    const parsed = parseManifest(Buffer.from(JSON.stringify(index)), 'application/vnd.oci.image.index.v1+json');
    if (parsed.kind !== 'index') throw new Error('not an index');
    expect(choosePlatform(parsed.index, parsePlatform(platform))?.digest).toBe(digest);
  });

  it('the smallest layer, the first of equals; a malformed platform is a bad option', () => {
    const parsed = parseManifest(Buffer.from(JSON.stringify(image)), undefined);
    if (parsed.kind !== 'image') throw new Error('not an image');
    expect(smallestLayer(parsed.image)?.digest).toBe(d(3));
    expect(() => parsePlatform('amd64')).toThrow(/os\/architecture/);
  });
});

describe('follow-the-pull 1: what a hop records', () => {
  it('a URL without its query, and that it was cut; of Location only its host', () => {
    expect(recordedUrl(new URL('https://cdn.example/blobs/x?X-Amz-Signature=abc'))).toEqual({ url: 'https://cdn.example/blobs/x', queryStripped: true });
    expect(recordedUrl(new URL('https://r.example/v2/'))).toEqual({ url: 'https://r.example/v2/' });
    const headers = headersOfInterest({ location: 'https://cdn.example:8443/x?sig=secret', 'content-type': 'text/plain', server: 'x', 'ratelimit-remaining': ['76;w=21600'] }, new URL('https://r.example/'));
    expect(headers).toEqual({ 'location-host': 'cdn.example:8443', 'content-type': 'text/plain', 'ratelimit-remaining': '76;w=21600' });
  });

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['ENOTFOUND', 'dns-error'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-error'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-error'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ESOMETHING', 'error'],
  ])('%s is %s', (code, outcome) => {
    expect(outcomeOfCode(code)).toBe(outcome);
  });
});
