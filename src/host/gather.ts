import os, { type NetworkInterfaceInfo } from 'node:os';
import { parseResolvConf } from '../net/index.js';
import { hostsLinesFor, interfaceAddresses, osPrettyName, parseDefaultRoutes, resolvOptions, utcOffset, zoneNameOf } from './system.js';
import { proxyVariablesOf } from './unit-files.js';
import { RootFiles } from './root-files.js';
import { etcEnvironmentProxies, readRuntimeProxies } from './runtime-proxy.js';
import { ENVIRONMENT_SCHEMA_VERSION, type Environment, type ProxyVariables } from '../schema/index.js';
import { urlCredentials } from '../report/index.js';

export interface SystemFacts {
  readonly platform: string;
  readonly kernel: string;
  readonly version: string;
  readonly arch: string;
  readonly hostname: string;
}

export interface GatherOptions {
  /** Where the machine's files are read from: `/`, or a prepared folder in tests. */
  readonly root?: string;
  /** This process's environment (its proxy variables are recorded, passwords masked). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Hosts the run checked (and `*.` patterns): /etc/hosts lines naming them are kept. */
  readonly hosts: readonly string[];
  readonly netreqVersion: string;
  readonly catalogVersion?: string | undefined;
  readonly now?: Date;
  readonly interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>;
  readonly system?: SystemFacts;
  readonly timeZone?: string;
}

function systemFacts(): SystemFacts {
  return { platform: os.platform(), kernel: os.release(), version: os.version(), arch: os.arch(), hostname: os.hostname() };
}

/** Proxy values with any password masked, here already (the bundle's redaction runs again later). */
function masked(variables: ProxyVariables): ProxyVariables {
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v === undefined ? v : urlCredentials(v).text]));
}

/**
 * Everything environment.json holds, read from the machine (under `root`): OS and kernel, versions,
 * time, resolvers, /etc/hosts lines for the run's hosts, proxy variables, interfaces, default
 * routes, and the proxy settings containerd, Docker and kubelet will run with. Never throws for a
 * missing or unreadable file: it is left out, and listed in `unreadable` when it exists.
 */
export function gatherEnvironment(options: GatherOptions): Environment {
  const files = new RootFiles(options.root ?? '/');
  const now = options.now ?? new Date();
  const system = options.system ?? systemFacts();
  const resolvText = files.read('/etc/resolv.conf');
  const resolv = resolvText !== undefined ? parseResolvConf(resolvText) : undefined;
  const distribution = osPrettyName(files.read('/etc/os-release') ?? files.read('/usr/lib/os-release'));
  const etcEnvironment = etcEnvironmentProxies(files);
  const runtimes = readRuntimeProxies(files, (options.env.PATH ?? '').split(':')).map((r) => ({
    ...r,
    sources: r.sources.map((s) => ({ ...s, variables: masked(s.variables) })),
    effective: Object.fromEntries(Object.entries(r.effective).flatMap(([k, v]) => (v === undefined ? [] : [[k, urlCredentials(v).text]]))),
  }));
  return {
    schemaVersion: ENVIRONMENT_SCHEMA_VERSION,
    collectedAt: now.toISOString(),
    timeZone: options.timeZone ?? zoneNameOf(options.env.TZ, files.link('/etc/localtime'), files.read('/etc/timezone')) ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    utcOffset: utcOffset(now),
    os: { ...system, ...(distribution !== undefined ? { distribution } : {}) },
    node: process.version,
    netreq: options.netreqVersion,
    ...(options.catalogVersion !== undefined ? { catalogVersion: options.catalogVersion } : {}),
    ...(resolv !== undefined && resolvText !== undefined
      ? {
          resolvConf: {
            path: '/etc/resolv.conf',
            nameservers: resolv.nameservers.map((s) => s.address),
            search: [...resolv.search],
            options: resolvOptions(resolvText),
          },
        }
      : {}),
    hostsLines: hostsLinesFor(files.read('/etc/hosts'), options.hosts),
    proxyVariables: masked(proxyVariablesOf(options.env)),
    ...(etcEnvironment !== undefined ? { etcEnvironment: masked(etcEnvironment) } : {}),
    interfaces: interfaceAddresses(options.interfaces ?? os.networkInterfaces()),
    defaultRoutes: parseDefaultRoutes(files.read('/proc/net/route'), files.read('/proc/net/ipv6_route')),
    runtimes,
    unreadable: files.unreadable,
  };
}
