import { isAbsolute, resolve } from 'node:path';
import { maskUserinfoIn } from '../../mask-userinfo.js';
import { isRegistryName, readHostUrl, registryName } from './host-url.js';
import type { RegistryEntry, RegistryHost, RuntimeRegistries } from './model.js';

// `--mirror REGISTRY=URL[,ca=FILE]` (and the answers file's mirrors, written the same way): a
// mirror planned for a registry, or one to check before the runtime is configured. The URL's path
// is the API prefix of a proxy cache (Harbor's /v2/PROJECT, Artifactory's
// /artifactory/api/docker/REPO/v2): kept as written when it has a `v2` segment, `/v2` appended
// otherwise, as a runtime would ask a mirror given without one.

const SYNTAX = 'REGISTRY=URL[,ca=FILE]';
const EXAMPLE = 'docker.io=https://harbor.corp/v2/dockerhub,ca=/etc/pki/harbor-ca.pem';

export type MirrorFlagRead = { readonly registry: string; readonly host: RegistryHost } | { readonly problem: string };

/** The API prefix of a planned mirror's URL path. */
export function plannedApiPath(path: string): string {
  if (path === '') return '/v2';
  return path.split('/').includes('v2') ? path : `${path}/v2`;
}

/** Reads one --mirror value; `cwd` resolves a relative ca=FILE. Never throws; a password in the URL is never shown. */
export function readMirrorFlag(value: string, cwd: string = process.cwd(), flag = '--mirror'): MirrorFlagRead {
  const read = readUnmasked(value, cwd, flag);
  return 'problem' in read ? { problem: maskUserinfoIn(read.problem) } : read;
}

function readUnmasked(value: string, cwd: string, flag: string): MirrorFlagRead {
  const shown = `${flag} '${value}'`;
  if (value.length > 2048) return { problem: `${flag}: a value of ${value.length} characters; expected ${SYNTAX} of at most 2048` };
  const eq = value.indexOf('=');
  if (eq <= 0) return { problem: `${shown}: expected ${SYNTAX}, e.g. ${EXAMPLE}` };
  const name = value.slice(0, eq).trim();
  const registry = registryName(name);
  if (name.includes('://') || name.includes('/') || !isRegistryName(registry)) {
    return { problem: `${shown}: '${name}' is not a registry name; expected a host[:port] such as docker.io, registry.k8s.io or nvcr.io before '='` };
  }
  const [urlText = '', ...options] = value.slice(eq + 1).split(',');
  if (urlText.trim() === '') return { problem: `${shown}: no mirror URL after '='; expected ${SYNTAX}, e.g. ${EXAMPLE}` };
  const url = readHostUrl(urlText);
  if ('problem' in url) return { problem: `${shown}: ${url.problem}` };
  const caFiles: string[] = [];
  for (const option of options) {
    const [key = '', file = ''] = option.split(/=(.*)/s);
    if (key.trim() !== 'ca' || file.trim() === '') {
      return { problem: `${shown}: '${option}' is not an option of --mirror; expected ca=FILE (a PEM file of the CA that signed the mirror's certificate)` };
    }
    caFiles.push(isAbsolute(file.trim()) ? file.trim() : resolve(cwd, file.trim()));
  }
  const path = plannedApiPath(url.url.path);
  return {
    registry,
    host: {
      url: { ...url.url, path },
      capabilities: ['pull', 'resolve'],
      caFiles,
      clientCertificates: [],
      skipVerify: false,
      plainHttpFallback: false,
      headerNames: [],
      overridePath: path !== '/v2',
      role: 'mirror',
      source: flag,
    },
  };
}

/**
 * All --mirror values as the planned runtime: a registry's mirrors in the order given, the
 * upstream not tried (a planned mirror is checked for itself). The first problem stops it.
 */
export function readMirrorFlags(values: readonly string[], cwd?: string, flag = '--mirror'): { readonly registries: RuntimeRegistries } | { readonly problem: string } {
  const byRegistry = new Map<string, RegistryHost[]>();
  for (const value of values) {
    const read = readMirrorFlag(value, cwd, flag);
    if ('problem' in read) return read;
    byRegistry.set(read.registry, [...(byRegistry.get(read.registry) ?? []), read.host]);
  }
  const entries: RegistryEntry[] = [...byRegistry].map(([registry, hosts]) => ({
    registry,
    runtime: 'planned',
    hosts,
    serverTried: false,
    blocked: false,
    prefix: registry,
    mirrorByDigestOnly: false,
    file: flag,
  }));
  return { registries: { runtime: 'planned', files: [], entries } };
}
