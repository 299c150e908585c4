import { readProblem, type ConfigFiles } from './config-files.js';
import { readHostsFolder } from './containerd-hosts.js';
import { escapeRegExp, isTable, lineMatching, parseToml, stringOf, type Table } from './parse-text.js';
import { legacyMirrorEntries } from './containerd-legacy.js';
import { registryName } from './host-url.js';
import type { ConfigIssue, ContainerdGeneration, HostsRoot, RuntimeRegistries } from './model.js';

// containerd's config.toml as containerd 1.6/1.7 (version 1 and 2) and 2.x (version 3) load it:
// `imports` merged with each imported file's plugin sections replacing the main file's
// (services/server/config mergeConfig), then the CRI plugin's registry section
// (pkg/cri/config: config_path, or the deprecated mirrors and configs).

export const CONTAINERD_CONFIG = '/etc/containerd/config.toml';

/** Where each config version keeps the CRI registry settings. */
const REGISTRY_PLUGINS: Readonly<Record<number, readonly string[]>> = {
  1: ['cri', 'io.containerd.grpc.v1.cri'],
  2: ['io.containerd.grpc.v1.cri'],
  3: ['io.containerd.cri.v1.images'],
};

/** containerd 2.x's config_path when config.toml does not set it. */
const DEFAULT_CONFIG_PATH_2X = '/etc/containerd/certs.d:/etc/docker/certs.d';

interface ConfigRead {
  readonly plugins: Table;
  readonly version: number;
  readonly files: string[];
}

function pathsOfImports(main: string, imports: readonly string[], files: ConfigFiles): string[] {
  const dir = main.slice(0, main.lastIndexOf('/')) || '/';
  const out: string[] = [];
  for (const written of imports) {
    const path = written.startsWith('/') ? written : `${dir}/${written}`;
    const star = path.lastIndexOf('*');
    if (star === -1) {
      out.push(path);
      continue;
    }
    // filepath.Glob; netreq follows a `*` in the file name (conf.d/*.toml), the form sites write.
    const folder = path.slice(0, path.lastIndexOf('/'));
    const pattern = new RegExp(`^${path.slice(folder.length + 1).split('*').map(escapeRegExp).join('.*')}$`);
    out.push(...files.list(folder).names.filter((n) => !n.endsWith('/') && pattern.test(n)).map((n) => `${folder}/${n}`));
  }
  return out.slice(0, files.limits.maxFolderEntries);
}

function readConfig(files: ConfigFiles, issues: ConfigIssue[]): ConfigRead | undefined {
  const read = files.read(CONTAINERD_CONFIG);
  if (read.kind === 'missing') return undefined;
  const fail = (file: string, detail: string, line?: number): void => {
    issues.push({ code: 'mirror.config-invalid', severity: 'error', runtime: 'containerd', file, detail, ...(line !== undefined ? { line } : {}) });
  };
  if (read.kind !== 'text') {
    fail(CONTAINERD_CONFIG, `config.toml ${readProblem(read, files.limits)}`);
    return { plugins: {}, version: 0, files: [CONTAINERD_CONFIG] };
  }
  const parsed = parseToml(read.text);
  if ('error' in parsed) {
    fail(CONTAINERD_CONFIG, `not valid TOML (${parsed.error}); containerd does not start with it`, parsed.line);
    return { plugins: {}, version: 0, files: [CONTAINERD_CONFIG] };
  }
  const version = typeof parsed.value['version'] === 'number' ? parsed.value['version'] : 1;
  const plugins: Table = { ...(isTable(parsed.value['plugins']) ? parsed.value['plugins'] : {}) };
  const imports = Array.isArray(parsed.value['imports']) ? parsed.value['imports'].filter((i): i is string => typeof i === 'string') : [];
  const filesRead = [CONTAINERD_CONFIG];
  for (const path of pathsOfImports(CONTAINERD_CONFIG, imports, files)) {
    const imported = files.read(path);
    if (imported.kind !== 'text') {
      if (imported.kind !== 'missing') fail(path, `an imported file ${readProblem(imported, files.limits)}`);
      continue;
    }
    const value = parseToml(imported.text);
    if ('error' in value) {
      fail(path, `an imported file that is not valid TOML (${value.error}); containerd does not start with it`, value.line);
      continue;
    }
    filesRead.push(path);
    // mergeConfig: a plugin section in an imported file replaces the whole section.
    if (isTable(value.value['plugins'])) Object.assign(plugins, value.value['plugins']);
  }
  return { plugins, version, files: filesRead };
}

/** Every folder under the roots of config_path, each read as a registry's hosts folder. */
function readHostsRoots(configPath: string, generation: ContainerdGeneration, files: ConfigFiles, issues: ConfigIssue[]): HostsRoot[] {
  return configPath
    .split(':')
    .filter((p) => p !== '')
    .map((root) => {
      const listing = files.list(root);
      if (listing.problem !== undefined) {
        issues.push({ code: 'mirror.config-invalid', severity: 'error', runtime: 'containerd', file: root, detail: `config_path's folder cannot be listed (${listing.problem}); containerd fails pulls it cannot look the registry up for` });
      }
      if (listing.truncated > 0) issues.push({ code: 'mirror.read-limit', severity: 'info', runtime: 'containerd', file: root, detail: `${listing.truncated} folders beyond the ${files.limits.maxFolderEntries} netreq reads were left out` });
      const folders = listing.names
        .filter((n) => n.endsWith('/'))
        .map((n) => n.slice(0, -1))
        .map((name) => {
          // hostDirectory: a folder `host_port_` is `host:port`; names are not normalised further.
          const registry = name === '_default' ? name : name.toLowerCase().replace(/_(\d+)_$/, ':$1');
          const read = readHostsFolder({ registry, folder: `${root}/${name}`, runtime: 'containerd', generation }, files);
          issues.push(...read.issues);
          if (registry !== 'docker.io' && registryName(registry) === 'docker.io') {
            issues.push({ code: 'mirror.config-unused', severity: 'warning', runtime: 'containerd', file: `${root}/${name}`, registry, detail: `containerd looks Docker Hub up as docker.io, never as ${name}; this folder is not used for Docker Hub images (name it docker.io)` });
          }
          return { name, entry: read.entry };
        });
      return { path: root, folders };
    });
}

const REGISTRY_KEYS = new Set(['config_path', 'mirrors', 'configs', 'auths', 'headers']);

/** A registry section under a plugin name this config version does not read, and keys the CRI plugin does not know. */
function sectionIssues(config: ConfigRead, pluginNames: readonly string[], registry: Table, issues: ConfigIssue[]): void {
  const misplaced = Object.values(REGISTRY_PLUGINS).flat().filter((n) => !pluginNames.includes(n) && isTable(config.plugins[n]) && isTable((config.plugins[n] as Table)['registry']));
  for (const name of [...new Set(misplaced)]) {
    issues.push({
      code: 'mirror.config-unused', severity: 'warning', runtime: 'containerd', file: CONTAINERD_CONFIG,
      detail: `[plugins."${name}".registry] is not read by a config.toml of version ${config.version || 1} (it reads [plugins."${pluginNames[pluginNames.length - 1] ?? ''}".registry]); its settings are not used`,
    });
  }
  for (const key of Object.keys(registry).filter((k) => !REGISTRY_KEYS.has(k))) {
    issues.push({ code: 'mirror.unknown-key', severity: 'warning', runtime: 'containerd', file: CONTAINERD_CONFIG, detail: `'${key}' is not a setting of the CRI plugin's registry section (config_path, mirrors, configs, auths, headers); containerd ignores it` });
  }
}

export interface ContainerdRead {
  readonly registries?: RuntimeRegistries;
  readonly generation: ContainerdGeneration;
}

/** containerd's registry settings on this machine; undefined registries when it has no config.toml and no certs.d. */
export function readContainerdRegistries(files: ConfigFiles, generation: ContainerdGeneration, issues: ConfigIssue[]): ContainerdRead {
  const config = readConfig(files, issues);
  const certsD = '/etc/containerd/certs.d';
  if (config === undefined && !files.isFolder(certsD)) return { generation };
  const effective: ContainerdGeneration = config?.version === 3 ? '2.x' : generation;
  const pluginNames = REGISTRY_PLUGINS[config?.version ?? 0] ?? REGISTRY_PLUGINS[2] ?? [];
  const plugin = pluginNames.map((n) => config?.plugins[n]).find(isTable);
  const registry = isTable(plugin?.['registry']) ? plugin['registry'] : {};
  if (config !== undefined) sectionIssues(config, pluginNames, registry, issues);
  const configPathRaw = stringOf(registry['config_path']);
  const configPath = configPathRaw ?? (effective === '2.x' ? DEFAULT_CONFIG_PATH_2X : '');
  const mirrors = isTable(registry['mirrors']) ? registry['mirrors'] : {};
  const configs = isTable(registry['configs']) ? registry['configs'] : {};
  const hasTls = Object.values(configs).some((c) => isTable(c) && c['tls'] !== undefined);
  const files_ = config?.files ?? [];
  if (configPath !== '' && (Object.keys(mirrors).length > 0 || hasTls)) {
    const text = files.read(CONTAINERD_CONFIG);
    const line = text.kind === 'text' ? lineMatching(text.text, /registry\.mirrors|^\s*config_path\s*=/) : undefined;
    issues.push({
      code: 'mirror.config-conflict',
      severity: 'error',
      runtime: 'containerd',
      file: CONTAINERD_CONFIG,
      ...(line !== undefined ? { line } : {}),
      detail: `the CRI registry section sets config_path and also ${Object.keys(mirrors).length > 0 ? '`mirrors`' : '`configs.tls`'}; containerd refuses this and its CRI plugin does not load, so kubelet cannot run pods on this node`,
    });
  }
  if (configPath === '') {
    if (files.isFolder(certsD) && files.list(certsD).names.some((n) => n.endsWith('/'))) {
      issues.push({
        code: 'mirror.config-unused',
        severity: 'warning',
        runtime: 'containerd',
        file: config !== undefined ? CONTAINERD_CONFIG : certsD,
        detail: `${certsD} has registry folders, but config_path is not set${config === undefined ? ' (there is no config.toml)' : ''}: containerd 1.x reads hosts.toml files only from the folder config_path names; set config_path = "${certsD}" in [plugins."io.containerd.grpc.v1.cri".registry]`,
      });
    }
    const entries = legacyMirrorEntries(mirrors, configs, registry, issues);
    return { generation: effective, registries: { runtime: 'containerd', files: files_, entries, generation: effective } };
  }
  const hostsRoots = readHostsRoots(configPath, effective, files, issues);
  return { generation: effective, registries: { runtime: 'containerd', files: [...files_, ...hostsRoots.map((r) => r.path)], entries: [], hostsRoots, generation: effective } };
}
