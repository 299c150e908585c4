import { ConfigFiles, READ_LIMITS, type ReadLimits } from './config-files.js';
import { readContainerdRegistries } from './containerd-config.js';
import { readContainersRegistries } from './containers-registries.js';
import { readDockerDaemon } from './docker-daemon.js';
import { readRancherRegistries } from './rancher-registries.js';
import { readCertsDirectories, tlsFileIssues } from './tls-files.js';
import type { ConfigIssue, ContainerdGeneration, RegistryConfig, RegistryEntry, RegistryRuntime, RuntimeRegistries } from './model.js';

export interface ReadRegistryOptions {
  /**
   * Which containerd's rules apply to hosts.toml (1.x when not told: Debian 12's 1.6, Ubuntu's
   * 1.7); a config.toml of version 3 is containerd 2.x's whatever this says.
   */
  readonly containerdGeneration?: ContainerdGeneration;
  readonly limits?: ReadLimits;
}

const PROGRAM_DIRS = ['/usr/bin', '/usr/local/bin', '/usr/sbin', '/bin'];

function hasProgram(files: ConfigFiles, name: string): boolean {
  return PROGRAM_DIRS.some((dir) => files.isFile(`${dir}/${name}`));
}

/** registries.conf serves CRI-O and Podman both; each installed one gets its own copy of the entries. */
function containersRuntimes(files: ConfigFiles): RegistryRuntime[] {
  const crio = files.isFolder('/etc/crio') || hasProgram(files, 'crio');
  const podman = hasProgram(files, 'podman');
  if (crio && podman) return ['cri-o', 'podman'];
  return crio ? ['cri-o'] : ['podman'];
}

function relabel(entries: readonly RegistryEntry[], runtime: RegistryRuntime): RegistryEntry[] {
  return entries.map((e) => ({ ...e, runtime }));
}

/** Every entry a runtime has, the hosts folders' included, for the TLS file check. */
function entriesOf(runtime: RuntimeRegistries): RegistryEntry[] {
  return [...runtime.entries, ...(runtime.hostsRoots ?? []).flatMap((r) => r.folders.map((f) => f.entry))];
}

/**
 * Reads the container runtimes' registry settings under `root` (`/` on a node, a prepared folder
 * in tests) as each runtime reads them, into one model. Never throws for a file: a missing one is
 * left out, a bad or unreadable one is an issue, and every read is bounded.
 */
export function readRegistryConfig(root = '/', options: ReadRegistryOptions = {}): RegistryConfig {
  const files = new ConfigFiles(root, options.limits ?? READ_LIMITS);
  const issues: ConfigIssue[] = [];
  const runtimes: RuntimeRegistries[] = [];
  for (const distribution of ['k3s', 'rke2'] as const) {
    const read = readRancherRegistries(files, distribution, issues);
    if (read !== undefined) runtimes.push({ runtime: distribution, files: read.files, entries: read.entries, ...(read.upstreamDisabled ? { upstreamDisabled: true } : {}) });
  }
  const containerd = readContainerdRegistries(files, options.containerdGeneration ?? '1.x', issues);
  if (containerd.registries !== undefined) runtimes.push(containerd.registries);
  const containersIssues: ConfigIssue[] = [];
  const containers = readContainersRegistries(files, 'cri-o', containersIssues);
  if (containers !== undefined) {
    const labels = containersRuntimes(files);
    issues.push(...labels.flatMap((runtime) => containersIssues.map((i) => ({ ...i, runtime }))));
    for (const runtime of labels) {
      const certsIssues: ConfigIssue[] = [];
      const certsDirectories = [...readCertsDirectories(files, '/etc/containers/certs.d', runtime, certsIssues), ...readCertsDirectories(files, '/etc/docker/certs.d', runtime, certsIssues)];
      if (runtime === labels[0]) issues.push(...certsIssues);
      runtimes.push({ runtime, files: containers.files, entries: relabel(containers.entries, runtime), certsDirectories });
    }
  }
  const docker = readDockerDaemon(files, issues);
  if (docker !== undefined) {
    runtimes.push({ runtime: 'docker', files: docker.files, entries: docker.entries, certsDirectories: readCertsDirectories(files, '/etc/docker/certs.d', 'docker', issues) });
  }
  const seen = new Set(issues.map((i) => `${i.code} ${i.file} ${i.detail}`));
  for (const runtime of runtimes) {
    for (const issue of entriesOf(runtime).flatMap((e) => tlsFileIssues(e, files))) {
      const key = `${issue.code} ${issue.file} ${issue.detail}`;
      if (!seen.has(key)) issues.push(issue);
      seen.add(key);
    }
  }
  return { runtimes, issues };
}
