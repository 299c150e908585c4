import { dockerDaemonProxies, parseEnvFile, parseUnitEnvironment, proxyVariablesOf, type UnitDirective } from './unit-files.js';
import type { RootFiles } from './root-files.js';
import type { ProxySource, ProxyVariables, RuntimeName, RuntimeProxy } from '../schema/index.js';

/**
 * The proxy settings containerd, Docker and kubelet will run with: a systemd service reads only
 * its unit, its drop-ins, the files they name and the manager's DefaultEnvironment, never the
 * shell's variables nor /etc/environment. This reads them as systemd would apply them.
 */

/** Unit folders, highest priority first (a drop-in in /etc masks one of the same name below). */
const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/**
 * The program each runtime's service runs: it is installed when this file is there (or its unit or
 * a drop-in is). A configuration folder proves nothing: /etc/docker/registry belongs to the
 * registry server's package, and /etc/containerd is left behind by an uninstall.
 */
const PROGRAMS: Readonly<Record<RuntimeName, string>> = { containerd: 'containerd', docker: 'dockerd', kubelet: 'kubelet' };

/** Where packages, release tarballs and Flatcar-style installs put those programs. */
const PROGRAM_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/bin', '/sbin', '/opt/bin'];

/** Configuration files listed as evidence (where the settings came from), never as proof of installation. */
const CONFIG_TRACES: Readonly<Record<RuntimeName, readonly string[]>> = {
  containerd: ['/etc/containerd/config.toml'],
  docker: ['/etc/docker/daemon.json'],
  kubelet: ['/etc/kubernetes/kubelet.conf', '/var/lib/kubelet/config.yaml'],
};

/** The runtime's program, in the usual folders or on `searchPath` (absolute folders only). */
function programPath(name: RuntimeName, files: RootFiles, searchPath: readonly string[]): string | undefined {
  const dirs = [...new Set([...PROGRAM_DIRS, ...searchPath.filter((d) => d.startsWith('/'))])];
  return dirs.map((dir) => `${dir.replace(/\/+$/, '')}/${PROGRAMS[name]}`).find((path) => files.isFile(path));
}

/** Files distributions use for a service's variables; counted only when the unit names them (or no unit is readable). */
const DEFAULT_FILES = (name: RuntimeName): string[] => [`/etc/default/${name}`, `/etc/sysconfig/${name}`];

type Env = Map<string, string>;

function applyDirectives(env: Env, directives: readonly UnitDirective[], path: string, sources: ProxySource[], later: string[]): void {
  for (const d of directives) {
    if (d.kind === 'Environment-reset') {
      env.clear();
      sources.push({ path, kind: 'Environment= (reset)', loaded: true, variables: {} });
    } else if (d.kind === 'Environment') {
      const assigned = Object.fromEntries(d.assignments);
      for (const [k, v] of d.assignments) env.set(k, v);
      const variables = proxyVariablesOf(assigned);
      if (Object.keys(variables).length > 0) sources.push({ path, kind: 'Environment=', loaded: true, variables });
    } else {
      later.push(d.path);
    }
  }
}

/** The manager's DefaultEnvironment= (system.conf and its drop-ins): the base every service starts from. */
function managerDefaults(files: RootFiles, sources: ProxySource[]): Env {
  const env: Env = new Map();
  const paths = ['/etc/systemd/system.conf', ...files.list('/etc/systemd/system.conf.d').filter((n) => n.endsWith('.conf')).map((n) => `/etc/systemd/system.conf.d/${n}`)];
  for (const path of paths) {
    const text = files.read(path);
    if (text === undefined) continue;
    const ignored: string[] = [];
    applyDirectives(env, parseUnitEnvironment(text, 'Manager', 'DefaultEnvironment'), path, sources, ignored);
  }
  for (const s of sources) s.kind = s.kind.replace('Environment=', 'DefaultEnvironment=');
  return env;
}

function goPick(env: Env, upper: string, lower: string): string | undefined {
  const value = env.get(upper) || env.get(lower);
  return value ? value : undefined;
}

/**
 * One runtime's settings as its service will have them. `present` only when its program, its unit
 * or a drop-in is there; `searchPath` is the folders of PATH, searched after the usual ones.
 */
export function readRuntimeProxy(name: RuntimeName, files: RootFiles, searchPath: readonly string[] = []): RuntimeProxy {
  const sources: ProxySource[] = [];
  const env = managerDefaults(files, sources);
  const evidence: string[] = [];
  const unit = UNIT_DIRS.map((dir) => `${dir}/${name}.service`).find((path) => files.exists(path));
  const environmentFiles: string[] = [];
  if (unit !== undefined) {
    evidence.push(unit);
    const text = files.read(unit);
    if (text !== undefined) applyDirectives(env, parseUnitEnvironment(text), unit, sources, environmentFiles);
  }
  // Drop-ins from every unit folder, by file name; the highest-priority folder's file wins a name.
  const dropIns = new Map<string, string>();
  for (const dir of [...UNIT_DIRS].reverse()) {
    for (const file of files.list(`${dir}/${name}.service.d`)) if (file.endsWith('.conf')) dropIns.set(file, `${dir}/${name}.service.d/${file}`);
  }
  for (const file of [...dropIns.keys()].sort()) {
    const path = dropIns.get(file) ?? '';
    evidence.push(path);
    const text = files.read(path);
    if (text !== undefined) applyDirectives(env, parseUnitEnvironment(text), path, sources, environmentFiles);
  }
  // EnvironmentFile= settings override Environment= ones, files in the order named.
  const named = new Set(environmentFiles);
  const unitReadable = unit !== undefined && files.read(unit) !== undefined;
  const candidates = [...environmentFiles, ...DEFAULT_FILES(name).filter((p) => !named.has(p))];
  for (const path of candidates) {
    const text = files.read(path);
    if (text === undefined) continue;
    const loaded = named.has(path) || !unitReadable;
    const values = parseEnvFile(text);
    if (loaded) for (const [k, v] of Object.entries(values)) env.set(k, v);
    const variables = proxyVariablesOf(values);
    if (Object.keys(variables).length > 0 || loaded) sources.push({ path, kind: 'EnvironmentFile', loaded, variables });
  }
  if (name === 'docker') {
    const text = files.read('/etc/docker/daemon.json');
    const proxies = text !== undefined ? dockerDaemonProxies(text) : undefined;
    if (proxies !== undefined) {
      // dockerd's own configuration wins over its environment.
      for (const [k, v] of Object.entries(proxies)) if (v !== undefined) env.set(k, v);
      sources.push({ path: '/etc/docker/daemon.json', kind: 'daemon.json proxies', loaded: true, variables: proxies });
    }
  }
  const program = programPath(name, files, searchPath);
  const installed = unit !== undefined || dropIns.size > 0 || program !== undefined;
  if (program !== undefined) evidence.push(program);
  evidence.push(...[...CONFIG_TRACES[name], ...DEFAULT_FILES(name)].filter((path) => files.exists(path)));
  const httpsProxy = goPick(env, 'HTTPS_PROXY', 'https_proxy');
  const httpProxy = goPick(env, 'HTTP_PROXY', 'http_proxy');
  const noProxy = goPick(env, 'NO_PROXY', 'no_proxy');
  return {
    name,
    present: installed,
    evidence,
    sources,
    effective: { ...(httpsProxy ? { httpsProxy } : {}), ...(httpProxy ? { httpProxy } : {}), ...(noProxy ? { noProxy } : {}) },
  };
}

export const RUNTIMES: readonly RuntimeName[] = ['containerd', 'docker', 'kubelet'];

export function readRuntimeProxies(files: RootFiles, searchPath: readonly string[] = []): RuntimeProxy[] {
  return RUNTIMES.map((name) => readRuntimeProxy(name, files, searchPath));
}

/** /etc/environment's proxy variables: what a login shell has, and what services do not. */
export function etcEnvironmentProxies(files: RootFiles): ProxyVariables | undefined {
  const text = files.read('/etc/environment');
  return text === undefined ? undefined : proxyVariablesOf(parseEnvFile(text));
}
