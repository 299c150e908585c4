import { readFileSync, statSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { DOCKER_HUB } from '../image-ref.js';
import type { RootFiles } from '../host/index.js';
import type { PullCredentials } from '../probes/index.js';

/** A credentials file larger than this is refused: a Docker config.json is a few KB. */
const MAX_AUTH_FILE_BYTES = 1024 * 1024;

/** `--registry-auth FILE` that cannot be used: exit 2, naming the file and what was expected. */
export class RegistryAuthError extends Error {}

/** Credentials by registry (`host[:port]`, Docker Hub as `registry-1.docker.io`), and where they came from (paths, never values). */
export interface RegistryAuth {
  readonly credentialsFor: (registry: string) => PullCredentials | undefined;
  readonly sources: readonly string[];
  /** Every secret value, raw and as Basic's base64, for the redaction of every output. */
  readonly secrets: readonly string[];
}

function secretsOf(credentials: PullCredentials): string[] {
  if ('identityToken' in credentials) return [credentials.identityToken];
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  return [credentials.password, basic, encodeURIComponent(credentials.password)];
}

/** A config.json key (`https://index.docker.io/v1/`, `nvcr.io`, `http://localhost:5000`) as the registry a pull names. */
export function registryKey(key: string): string {
  const bare = key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  return bare === DOCKER_HUB.domain || bare === DOCKER_HUB.legacy ? DOCKER_HUB.registry : bare;
}

function decodeAuth(auth: string, where: string): PullCredentials {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new RegistryAuthError(`${where}: 'auth' is not base64 of USER:PASSWORD`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One `auths` entry (Docker) or `auth` table (containerd CRI): user and password, `auth`, or an identity token. */
function credentialsOf(entry: Record<string, unknown>, where: string): PullCredentials | undefined {
  const identityToken = text(entry['identitytoken']) ?? text(entry['identity_token']);
  if (identityToken) return { identityToken };
  const username = text(entry['username']);
  const password = text(entry['password']);
  if (username && password) return { username, password };
  const auth = text(entry['auth']);
  return auth ? decodeAuth(auth, where) : undefined;
}

/** Docker's `config.json` (`auths`), as `docker login` writes it; credential helpers are not run. */
export function parseDockerConfig(source: string, origin: string): Map<string, PullCredentials> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new RegistryAuthError(`${origin}: not JSON (${error instanceof Error ? error.message : String(error)}); expected Docker's config.json: {"auths": {"REGISTRY": {"auth": "BASE64(USER:PASSWORD)"}}}`);
  }
  const auths = record(record(parsed)?.['auths']);
  if (auths === undefined) throw new RegistryAuthError(`${origin}: no "auths" object; expected Docker's config.json: {"auths": {"REGISTRY": {"auth": "BASE64(USER:PASSWORD)"}}}`);
  const out = new Map<string, PullCredentials>();
  for (const [key, value] of Object.entries(auths)) {
    const entry = record(value);
    if (entry === undefined) throw new RegistryAuthError(`${origin}: auths.${key}: expected an object`);
    const credentials = credentialsOf(entry, `${origin}: auths.${key}`);
    if (credentials) out.set(registryKey(key), credentials);
  }
  return out;
}

/** containerd's CRI registry credentials (`[plugins."io.containerd.grpc.v1.cri".registry.configs."HOST".auth]`). */
export function parseContainerdAuth(source: string): Map<string, PullCredentials> {
  const out = new Map<string, PullCredentials>();
  let parsed: unknown;
  try {
    parsed = parseToml(source);
  } catch {
    return out;
  }
  const cri = record(record(record(parsed)?.['plugins'])?.['io.containerd.grpc.v1.cri']);
  const configs = record(record(cri?.['registry'])?.['configs']) ?? {};
  for (const [host, value] of Object.entries(configs)) {
    const auth = record(record(value)?.['auth']);
    if (auth === undefined) continue;
    try {
      const credentials = credentialsOf(auth, host);
      if (credentials) out.set(registryKey(host), credentials);
    } catch {
      // A broken entry in the machine's own file is containerd's problem to report, not a reason to stop.
    }
  }
  return out;
}

function readBounded(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new RegistryAuthError(`--registry-auth ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); expected Docker's config.json`);
  }
  if (size > MAX_AUTH_FILE_BYTES) throw new RegistryAuthError(`--registry-auth ${path}: ${size} bytes; expected Docker's config.json of at most ${MAX_AUTH_FILE_BYTES} bytes`);
  return readFileSync(path, 'utf8');
}

export interface RegistryAuthInput {
  /** `--registry-auth FILE`: read first, and it must be valid. */
  readonly file?: string;
  /** NGC_API_KEY: nvcr.io's user `$oauthtoken`. */
  readonly ngcApiKey?: string;
  /** This machine's files (Docker's and containerd's configuration), when it is the site. */
  readonly machine?: RootFiles;
}

/**
 * The credentials a pull may use, first found wins: `--registry-auth FILE`, NGC_API_KEY for
 * nvcr.io, then this machine's root Docker config.json and containerd CRI configuration.
 * Values are never printed; `sources` names files and variables only.
 */
export function readRegistryAuth(input: RegistryAuthInput): RegistryAuth {
  const found = new Map<string, PullCredentials>();
  const sources: string[] = [];
  const add = (entries: Map<string, PullCredentials>, source: string): void => {
    if (entries.size === 0) return;
    sources.push(source);
    for (const [registry, credentials] of entries) if (!found.has(registry)) found.set(registry, credentials);
  };
  if (input.file !== undefined) add(parseDockerConfig(readBounded(input.file), `--registry-auth ${input.file}`), input.file);
  if (input.ngcApiKey) add(new Map([['nvcr.io', { username: '$oauthtoken', password: input.ngcApiKey }]]), 'NGC_API_KEY');
  const docker = input.machine?.read('/root/.docker/config.json');
  if (docker !== undefined && docker.length <= MAX_AUTH_FILE_BYTES) {
    try {
      add(parseDockerConfig(docker, '/root/.docker/config.json'), '/root/.docker/config.json');
    } catch {
      // The machine's own file, broken: not the user's input, so not a reason to stop the check.
    }
  }
  const containerd = input.machine?.read('/etc/containerd/config.toml');
  if (containerd !== undefined && containerd.length <= MAX_AUTH_FILE_BYTES) add(parseContainerdAuth(containerd), '/etc/containerd/config.toml');
  const secrets = [...new Set([...found.values()].flatMap(secretsOf).filter((value) => value.length >= 4))];
  return { credentialsFor: (registry) => found.get(registryKey(registry)), sources, secrets };
}
