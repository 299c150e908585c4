import { resolve } from 'node:path';
import { createNetwork, parseConnectTo, resolveProxySettings, type NameServer, type Network, type ProxySettings } from '../net/index.js';
import { loadAnswers, topologyFromFlags, TopologyError, type FieldReaders, type Topology, type TopologyInput } from '../topology/index.js';
import type { Flags } from './args.js';
import { UsageError, type CliIo } from './io.js';
import { readHelmRepo, readImageList, readMirrorFlag, readMirrorFlags, RootFiles, type RuntimeRegistries } from '../host/index.js';
import { readRegistryAuth, RegistryAuthError, type RegistryAuth } from './registry-auth.js';

/**
 * Registry credentials for the pulls: `--registry-auth FILE` (Docker's config.json), NGC_API_KEY
 * for nvcr.io, and, on a real site, this machine's Docker and containerd configuration.
 */
export function registryAuthFrom(flags: Flags, io: CliIo, machineRoot: string | undefined): RegistryAuth {
  const file = flags['registry-auth'];
  const ngcApiKey = io.env['NGC_API_KEY'];
  try {
    return readRegistryAuth({
      ...(file !== undefined ? { file: resolve(io.cwd, file) } : {}),
      ...(ngcApiKey ? { ngcApiKey } : {}),
      ...(machineRoot !== undefined ? { machine: new RootFiles(machineRoot) } : {}),
    });
  } catch (error: unknown) {
    if (error instanceof RegistryAuthError) throw new UsageError(error.message);
    throw error;
  }
}

/** At most this many of an image list's bad lines are shown; the count of the rest is said. */
const SHOWN_PROBLEMS = 10;

/** The readers of mirrors, a Helm repository and an image list (src/host), relative paths from `cwd`. */
export function fieldReaders(cwd: string): FieldReaders {
  return {
    mirror: (line, where) => problemOf(readMirrorFlag(line, cwd, where)),
    helmRepo: (url, where) => problemOf(readHelmRepo(url, where)),
    imageList: (path, where) => {
      const { problems } = readImageList(path, cwd);
      if (problems.length === 0) return undefined;
      const more = problems.length > SHOWN_PROBLEMS ? [`(and ${problems.length - SHOWN_PROBLEMS} more bad lines)`] : [];
      return [`${where}: the image list ${path} has problems:`, ...problems.slice(0, SHOWN_PROBLEMS), ...more].join('\n');
    },
  };
}

function problemOf(read: object): string | undefined {
  return 'problem' in read && typeof read.problem === 'string' ? read.problem : undefined;
}

/** The site as the flags and `--answers FILE` describe it, on top of `base` (a scenario's answers). */
export function topologyFrom(flags: Flags, io: CliIo, base: Partial<TopologyInput> = {}): Topology {
  try {
    const readers = fieldReaders(io.cwd);
    const answers = flags.answers !== undefined ? loadAnswers(resolve(io.cwd, flags.answers), readers) : {};
    const topology = topologyFromFlags(flags, { ...base, ...answers }, readers);
    // The engine reads the list later, wherever this process then stands.
    return topology.imageList !== undefined ? { ...topology, imageList: resolve(io.cwd, topology.imageList) } : topology;
  } catch (error: unknown) {
    if (error instanceof TopologyError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The proxy this run uses, as the platform's components would: `--proxy`/`--no-proxy` first,
 * then the answers, then HTTPS_PROXY, HTTP_PROXY and NO_PROXY in either case.
 */
export function proxySettingsFrom(flags: Flags, env: CliIo['env'], topology: Topology): ProxySettings {
  try {
    return resolveProxySettings(env, {
      proxy: flags.proxy ?? topology.proxy?.url,
      // Only --proxy says what every client uses; an answers file's proxy is the shell's, and the container runtime keeps its own.
      proxySource: flags.proxy !== undefined ? '--proxy' : 'answers',
      noProxy: flags['no-proxy'] ?? (topology.proxy?.noProxy || undefined),
    });
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--dns-server IP[:PORT]`, `[v6]:PORT` or a bare IPv6 address. */
export function parseDnsServer(text: string): NameServer {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(text);
  const bareV6 = /^[0-9a-fA-F:]+$/.test(text) && text.includes(':') && !v4 ? [text, text, undefined] : null;
  const match = bracketed ?? v4 ?? bareV6;
  const port = Number(match?.[2] ?? 53);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--dns-server '${text}' is not IP[:PORT] (for example 10.0.0.2, 10.0.0.2:5353 or [fd00::2]:53)`);
  }
  return { address: match[1], port };
}

/** The real site's Network from `--dns-server`, `--ca-file` and the environment. */
export function networkFrom(flags: Flags, io: CliIo): Network {
  const dnsServers = (flags['dns-server'] ?? []).map(parseDnsServer);
  try {
    return createNetwork({
      ...(dnsServers.length > 0 ? { dnsServers } : {}),
      caFiles: (flags['ca-file'] ?? []).map((file) => resolve(io.cwd, file)),
      connectTo: (flags['connect-to'] ?? []).map(parseConnectTo),
      env: io.env,
    });
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The topology's mirrors (`--mirror REGISTRY=URL[,ca=FILE]`, the answers' `mirrors`): planned for the runtime, checked before its own configuration. */
export function mirrorsFrom(topology: Topology, io: CliIo): { readonly mirrors?: RuntimeRegistries } {
  if (topology.mirrors === undefined || topology.mirrors.length === 0) return {};
  const read = readMirrorFlags(topology.mirrors, io.cwd);
  if ('problem' in read) throw new UsageError(read.problem);
  return { mirrors: read.registries };
}
