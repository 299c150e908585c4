import type { PullHop, StepResult } from '../../src/schema/index.js';
import { directTo, head, http, tls, type Case } from './classify-fixtures.js';

const REGISTRY = 'registry.example.com';
const LAYER_HOST = 'cdn.layers.example.net';
const IMAGE = `${REGISTRY}/team/app:1.0`;

function hop(purpose: PullHop['purpose'], host: string, outcome: string, extra: Partial<PullHop> = {}): PullHop {
  return { purpose, method: purpose === 'token' ? 'GET' : purpose === 'manifest-head' ? 'HEAD' : 'GET', url: `https://${host}/v2/`, host, port: 443, bytes: 0, ms: 3, outcome, headers: {}, ...extra };
}

const PING = hop('ping', REGISTRY, 'status', { status: 401, headers: { 'www-authenticate': `Bearer realm="https://auth.example.com/token"` } });
const TOKEN = hop('token', 'auth.example.com', 'status', { status: 200 });
const MANIFEST = [hop('manifest-head', REGISTRY, 'status', { status: 200 }), hop('manifest', REGISTRY, 'status', { status: 200 })];
const TO_LAYER = hop('layer', REGISTRY, 'status', { status: 307, redirectedTo: `https://${LAYER_HOST}/blobs/ab` });

function pull(outcome: string, hops: readonly PullHop[], extra: { sentCredentials?: boolean; code?: string; image?: string; fallback?: string } = {}): StepResult {
  return {
    step: 'pull',
    ok: outcome === 'pulled',
    outcome,
    ms: 20,
    ...(extra.code !== undefined ? { code: extra.code } : {}),
    evidence: { image: extra.image ?? IMAGE, platform: 'linux/amd64', hops: [...hops], sentCredentials: extra.sentCredentials ?? false, discoveredHosts: [], ...(extra.fallback !== undefined ? { fallback: extra.fallback } : {}) },
  };
}

/** A registry target's chain up to its `/v2/` answer, then the pull. */
function chain(step: StepResult): StepResult[] {
  const ping = http(head(401, { 'www-authenticate': 'Bearer realm="https://auth.example.com/token"' }), { check: 'registry-v2', url: `https://${REGISTRY}/v2/` });
  return [...directTo(REGISTRY), tls(), ping, step];
}

const CATALOG = { check: 'registry-v2' as const, host: REGISTRY, pull: [{ ref: IMAGE, origin: 'catalog' as const }] };
const MIRROR = 'mirror.corp.example';
const HUB_IMAGE = 'docker.io/library/hello-world:latest';
/** A mirror target as withMirrors plans it: checked by the pull alone, its steps no /v2/ chain before it. */
const MIRRORED = {
  check: 'registry-v2' as const, host: MIRROR, client: 'runtime' as const, pull: [{ ref: HUB_IMAGE, origin: 'catalog' as const }],
  mirror: { of: 'docker.io', apiPath: '/v2', caFiles: ['/etc/containerd/certs.d/docker.io/ca.crt'], source: '/etc/containerd/certs.d/docker.io/hosts.toml:2', runtime: 'containerd' },
};
const MIRROR_PING = hop('ping', MIRROR, 'status', { status: 200 });
const USER = { check: 'registry-v2' as const, host: REGISTRY, pull: [{ ref: IMAGE, origin: 'user' as const }] };

/** The pull's outcomes as the classifier judges them (issue 21): every registry.* code from an observation. */
export const PULL_CASES: readonly Case[] = [
  { name: 'a pull to its layer', target: CATALOG, steps: chain(pull('pulled', [PING, TOKEN, ...MANIFEST, TO_LAYER, hop('redirect', LAYER_HOST, 'status', { status: 200, bytes: 1000 })])), status: 'pass' },
  { name: 'a login the site gave none for', target: CATALOG, steps: chain(pull('auth-required', [PING, hop('token', 'auth.example.com', 'status', { status: 401 })], { code: 'UNAUTHORIZED' })), status: 'warn', cause: 'registry.auth-unverified' },
  { name: 'credentials refused', target: USER, steps: chain(pull('auth-required', [PING, hop('token', 'auth.example.com', 'status', { status: 401 })], { code: 'UNAUTHORIZED', sentCredentials: true })), status: 'fail', cause: 'registry.auth-failed' },
  { name: 'the catalog image is gone', target: CATALOG, steps: chain(pull('manifest-unknown', [PING, TOKEN, hop('manifest-head', REGISTRY, 'status', { status: 404 })], { code: 'MANIFEST_UNKNOWN' })), status: 'warn', cause: 'registry.probe-image-missing' },
  { name: 'the site image is missing', target: USER, steps: chain(pull('manifest-unknown', [PING, TOKEN, hop('manifest-head', REGISTRY, 'status', { status: 404 })], { code: 'MANIFEST_UNKNOWN' })), status: 'fail', cause: 'registry.image-missing', mentions: [IMAGE] },
  { name: 'the layer host refuses', target: CATALOG, steps: chain(pull('refused', [PING, TOKEN, ...MANIFEST, TO_LAYER, hop('redirect', LAYER_HOST, 'refused', { code: 'ECONNREFUSED' })])), status: 'fail', cause: 'registry.layer-blocked', mentions: [`${LAYER_HOST}:443`] },
  { name: 'the token host does not resolve', target: CATALOG, steps: chain(pull('dns-error', [PING, hop('token', 'auth.example.com', 'dns-error', { code: 'ENOTFOUND' })])), status: 'fail', cause: 'registry.layer-blocked', mentions: ['token'] },
  { name: 'a filter answers 403 on the layer path', target: CATALOG, steps: chain(pull('auth-required', [PING, TOKEN, ...MANIFEST, hop('config', REGISTRY, 'status', { status: 403 })], { code: 'HTTP_403' })), status: 'fail', cause: 'registry.layer-filtered' },
  { name: 'a stalled download', target: CATALOG, steps: chain(pull('stalled', [PING, TOKEN, ...MANIFEST, TO_LAYER, hop('redirect', LAYER_HOST, 'stalled', { status: 200, bytes: 65_536 })])), status: 'fail', cause: 'registry.layer-stalled', mentions: ['65536'] },
  { name: 'altered bytes', target: CATALOG, steps: chain(pull('digest-mismatch', [PING, TOKEN, ...MANIFEST, hop('layer', REGISTRY, 'status', { status: 200, bytes: 2500 })], { code: 'SHA256' })), status: 'fail', cause: 'registry.digest-mismatch' },
  { name: 'the registry fails mid-pull', target: CATALOG, steps: chain(pull('http-error', [PING, TOKEN, hop('manifest-head', REGISTRY, 'status', { status: 500 })], { code: 'HTTP_500' })), status: 'fail', cause: 'registry.pull-failed' },
  { name: 'a few pulls left', target: CATALOG, steps: chain(pull('pulled', [PING, TOKEN, hop('manifest-head', REGISTRY, 'status', { status: 200, headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '3;w=21600' } })])), status: 'warn', cause: 'registry.rate-limit-low', mentions: ['3 more of 100'] },
  { name: 'no pulls left', target: CATALOG, steps: chain(pull('pulled', [PING, TOKEN, hop('manifest-head', REGISTRY, 'status', { status: 200, headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' } })])), status: 'warn', cause: 'http.rate-limited' },
  { name: 'the runtime goes direct where the shell uses the proxy', target: { ...CATALOG, runtimeRoute: { source: 'runtime' as const, runtime: 'containerd', shellVia: 'proxy' as const, shellProxy: 'http://proxy.corp.example:3128' } }, steps: chain(pull('pulled', [PING, TOKEN, ...MANIFEST])), status: 'pass', notes: ['runtime.route-differs'] },
  { name: 'no runtime here: the shell stands in', target: { ...CATALOG, runtimeRoute: { source: 'shell' as const, shellVia: 'direct' as const } }, steps: chain(pull('pulled', [PING, TOKEN, ...MANIFEST])), status: 'pass', notes: ['runtime.route-standing-in'] },
  { name: 'a registry the runtime pulls through a mirror', target: { ...CATALOG, host: 'registry-1.docker.io', pull: [{ ref: HUB_IMAGE, origin: 'catalog' as const }], skip: { cause: 'registry.via-mirror' as const, detail: `docker.io is pulled through ${MIRROR}:443 (/etc/containerd/certs.d/docker.io/hosts.toml:2); the runtime falls back to it only when the mirror fails` } }, steps: [], status: 'skip', cause: 'registry.via-mirror', mentions: [`${MIRROR}:443`] },
  { name: 'a mirror that serves the pull', target: MIRRORED, steps: [pull('pulled', [MIRROR_PING, hop('manifest-head', MIRROR, 'status', { status: 200 }), hop('manifest', MIRROR, 'status', { status: 200 })], { image: HUB_IMAGE })], status: 'pass', notes: ['registry.mirror-used'] },
  { name: 'a mirror whose certificate the runtime does not trust', target: MIRRORED, steps: [pull('tls-error', [hop('ping', MIRROR, 'tls-error', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })], { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', image: HUB_IMAGE })], status: 'fail', cause: 'registry.pull-failed', notes: ['registry.mirror-used'], mentions: ['failed in TLS', `${MIRROR}:443`] },
  { name: 'a mirror the runtime does not trust, and the upstream it falls back to serves: a warning naming both', target: MIRRORED, steps: [pull('tls-error', [hop('ping', MIRROR, 'tls-error', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })], { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', image: HUB_IMAGE }), pull('pulled', [hop('manifest-head', 'registry-1.docker.io', 'status', { status: 200 })], { image: HUB_IMAGE, fallback: 'registry-1.docker.io:443' })], status: 'warn', cause: 'registry.mirror-fallback', notes: ['registry.pull-failed', 'registry.mirror-used'], mentions: [`${MIRROR}:443`, 'registry-1.docker.io:443', 'tried its next host'] },
  { name: 'a mirror the runtime does not trust, and the upstream it falls back to is closed: the mirror\'s failure', target: MIRRORED, steps: [pull('tls-error', [hop('ping', MIRROR, 'tls-error', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })], { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', image: HUB_IMAGE }), pull('timeout', [hop('manifest-head', 'registry-1.docker.io', 'timeout', { code: 'ETIMEDOUT' })], { code: 'ETIMEDOUT', image: HUB_IMAGE, fallback: 'registry-1.docker.io:443' })], status: 'fail', cause: 'registry.pull-failed', notes: ['registry.mirror-used'], mentions: ['failed in TLS', `${MIRROR}:443`] },
  { name: 'a mirror whose certificate expired: renewed, not a CA', target: MIRRORED, steps: [pull('tls-error', [hop('ping', MIRROR, 'tls-error', { code: 'CERT_HAS_EXPIRED' })], { code: 'CERT_HAS_EXPIRED', image: HUB_IMAGE })], status: 'fail', cause: 'registry.pull-failed', notes: ['registry.mirror-used'], mentions: ['has expired', `${MIRROR}:443`, 'renew its certificate'] },
  { name: 'a mirror that does not resolve', target: MIRRORED, steps: [pull('dns-error', [hop('ping', MIRROR, 'dns-error', { code: 'ENOTFOUND' })], { code: 'ENOTFOUND', image: HUB_IMAGE })], status: 'fail', cause: 'registry.pull-failed', mentions: ['does not resolve'] },
  { name: 'a mirror that refuses', target: MIRRORED, steps: [pull('refused', [hop('ping', MIRROR, 'refused', { code: 'ECONNREFUSED' })], { code: 'ECONNREFUSED', image: HUB_IMAGE })], status: 'fail', cause: 'registry.pull-failed', mentions: ['could not reach'] },
  { name: 'a mirror that lacks a site image', target: { ...MIRRORED, pull: [{ ref: 'docker.io/library/busybox:1.36', origin: 'user' as const }] }, steps: [pull('manifest-unknown', [MIRROR_PING, hop('manifest-head', MIRROR, 'status', { status: 404 })], { code: 'MANIFEST_UNKNOWN', image: 'docker.io/library/busybox:1.36' })], status: 'fail', cause: 'registry.image-missing', mentions: ['docker.io/library/busybox:1.36'] },
  { name: 'a host found by following the pull', target: { host: LAYER_HOST, discovered: { by: [`${REGISTRY}:443`], purpose: 'layer' as const } }, steps: [...directTo(LAYER_HOST), tls({ servername: LAYER_HOST }), http(head(200), { url: `https://${LAYER_HOST}/` })], status: 'pass', notes: ['registry.discovered-host'] },
];
