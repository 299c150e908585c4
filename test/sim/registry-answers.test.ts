import { describe, expect, it } from 'vitest';
import { registryAnswer, type RegistryRequest } from '../../src/sim/registry-answers.js';
import { synthesiseImage } from '../../src/sim/registry-images.js';
import { RegistryWorld, SIM_TOKEN, layerUrlOf } from '../../src/sim/registry-world.js';
import { parseSiteSpec } from '../../src/sim/index.js';

const world = RegistryWorld.build([{ registry: 'quay.io', repository: 'prometheus/busybox', tag: 'latest' }], {});
const ask = (host: string, path: string, extra: Partial<RegistryRequest> = {}) => registryAnswer(world, { host, path, method: 'GET', headers: {}, body: '', ...extra });
const json = (body: string | Buffer | undefined): unknown => JSON.parse(String(body));

describe("follow-the-pull 8: a simulated registry's answers", () => {
  it('follow-the-pull 8: /v2/ challenges; the realm answers a fake token; a manifest needs it; an unknown one is distribution\'s MANIFEST_UNKNOWN', () => {
    expect(ask('quay.io', '/v2/')).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Bearer realm="https://quay.io/v2/auth",service="quay.io"' } });
    const token = ask('quay.io', '/v2/auth?service=quay.io&scope=repository:prometheus/busybox:pull');
    expect(json(token?.body)).toMatchObject({ token: SIM_TOKEN });
    expect(ask('quay.io', '/v2/prometheus/busybox/manifests/latest')?.headers['www-authenticate']).toBe(
      'Bearer realm="https://quay.io/v2/auth",service="quay.io",scope="repository:prometheus/busybox:pull"',
    );
    const bearer = { headers: { authorization: `Bearer ${SIM_TOKEN}` } };
    const index = synthesiseImage('quay.io', 'prometheus/busybox', 'latest').index;
    expect(ask('quay.io', '/v2/prometheus/busybox/manifests/latest', bearer)).toMatchObject({ status: 200, headers: { 'docker-content-digest': index.digest, 'content-type': index.mediaType } });
    const unknown = ask('quay.io', '/v2/prometheus/busybox/manifests/9.9', bearer);
    expect(unknown?.status).toBe(404);
    expect(json(unknown?.body)).toMatchObject({ errors: [{ code: 'MANIFEST_UNKNOWN' }] });
    // Requests that are none of the registries' are left to the healthy responder.
    expect(ask('quay.io', '/')).toBeUndefined();
    expect(ask('pypi.org', '/v2/')).toBeUndefined();
  });

  it('follow-the-pull 8: a blob is a 302 to the Quay CDN with a signed query; the CDN refuses the URL without its signature', () => {
    const image = synthesiseImage('quay.io', 'prometheus/busybox', 'latest');
    const [digest] = [...image.blobs.keys()];
    const answer = ask('quay.io', `/v2/prometheus/busybox/blobs/${digest}`, { headers: { authorization: `Bearer ${SIM_TOKEN}` } });
    expect(answer?.status).toBe(302);
    const location = new URL(answer?.headers['location'] ?? '');
    expect(location.hostname).toBe('cdn01.quay.io');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[a-f0-9]{40}$/);
    const bytes = ask('cdn01.quay.io', `${location.pathname}${location.search}`);
    expect(bytes?.status).toBe(200);
    expect(Buffer.isBuffer(bytes?.body) && bytes.body.equals(image.blobs.get(digest ?? '')?.bytes ?? Buffer.alloc(1))).toBe(true);
    expect(ask('cdn01.quay.io', location.pathname)?.status).toBe(403);
    expect(layerUrlOf('https://x.example/{ab}/{hex}?s={sig}', 'sha256:' + 'ab'.repeat(32))).toMatch(/^https:\/\/x\.example\/ab\/(ab){32}\?s=[a-f0-9]{40}$/);
  });

  it('follow-the-pull 8: a registry of a family no rule names (a wildcard\'s concrete name) serves its family\'s images', () => {
    const acr = RegistryWorld.build([{ registry: 'linuxgeneva-microsoft.azurecr.io', repository: 'genevamdm', tag: 'master_20220401.1' }], {});
    const at = (host: string, path: string, headers: Record<string, string> = {}) => registryAnswer(acr, { host, path, method: 'GET', headers, body: '' });
    expect(at('contosomlacr.azurecr.io', '/v2/')?.headers['www-authenticate']).toBe('Bearer realm="https://contosomlacr.azurecr.io/oauth2/token",service="contosomlacr.azurecr.io"');
    expect(json(at('contosomlacr.azurecr.io', '/oauth2/token?service=contosomlacr.azurecr.io')?.body)).toMatchObject({ access_token: SIM_TOKEN });
    expect(at('contosomlacr.azurecr.io', '/v2/genevamdm/manifests/master_20220401.1', { authorization: `Bearer ${SIM_TOKEN}` })?.status).toBe(200);
    expect(at('contoso.example.com', '/v2/')).toBeUndefined();
  });

  it('follow-the-pull 8: the site spec names its faults clearly', () => {
    const bad = parseSiteSpec({
      registries: { 'quay.io': { images: ['Busybox'], missing: ['prometheus/busybox:latest'], stallLayer: { afterBytes: 99_999 }, extra: 1 } },
      runtime: { containerd: { env: { HTTPS_PROXY: 'http://a"b', FTP_PROXY: 'x' } } },
    });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors.some((e) => e.startsWith('registries.quay.io.images.0: repository[:tag]'))).toBe(true);
    expect(errors.some((e) => e.startsWith('registries.quay.io.stallLayer.afterBytes:'))).toBe(true);
    expect(errors.some((e) => e.includes('registries.quay.io') && e.includes('extra'))).toBe(true);
    expect(errors.some((e) => e.startsWith('runtime.containerd.env.HTTPS_PROXY: a value without quotes'))).toBe(true);
    expect(errors.some((e) => e.startsWith('runtime.containerd.env') && e.includes('FTP_PROXY'))).toBe(true);
    const both = parseSiteSpec({ registries: { 'quay.io': { images: ['a/b'], missing: ['a/b:latest'] } } });
    expect(both.ok ? [] : both.errors).toEqual(["registries.quay.io.missing.0: 'a/b:latest' is both served (images) and missing"]);
  });
});
