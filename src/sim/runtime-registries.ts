import type { RegistryHostsSpec } from './runtime-schema.js';

// containerd's registry configuration as a site writes it for a mirror (containerd 1.6/1.7, the
// docs' hosts.md): config.toml (version 2) points the CRI plugin's `config_path` at certs.d, and
// each registry's folder there holds a hosts.toml: `server`, then one `[host."URL"]` table per
// mirror in the order containerd tries them, each with its capabilities, its `ca` and, for a proxy
// cache's path, `override_path = true`. The readers are src/host/registry-config.

/** Where containerd 1.x looks for its hosts folders once config.toml names it. */
export const CERTS_D = '/etc/containerd/certs.d';
export const CONTAINERD_CONFIG = '/etc/containerd/config.toml';

/** A file of the node's root: its machine path and its text. */
export interface RootFile {
  readonly path: string;
  readonly text: string;
}

export const CONFIG_TOML = `version = 2

[plugins."io.containerd.grpc.v1.cri".registry]
  config_path = "${CERTS_D}"
`;

/** The folder containerd reads a registry from: `host:port` is written `host_port_` (hostDirectory). */
export function hostsFolderOf(registry: string): string {
  return `${CERTS_D}/${registry.replace(/:(\d+)$/, '_$1_')}`;
}

/** A CA's file name from its name: `Corp Root CA` -> `corp-root-ca.crt`. */
export function caFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug === '' ? 'ca' : slug}.crt`;
}

/** One registry's hosts.toml text. Values were validated as quotable (runtime-schema.ts). */
export function hostsToml(registry: string, spec: RegistryHostsSpec): string {
  const folder = hostsFolderOf(registry);
  // Without `server`, containerd falls back to the registry itself (registry-1.docker.io for docker.io).
  const lines = spec.server === undefined ? [] : [`server = "${spec.server}"`, ''];
  for (const mirror of spec.mirrors) {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    lines.push(`[host."${mirror.url}"]`, `  capabilities = [${mirror.capabilities.map((c) => `"${c}"`).join(', ')}]`);
    if (mirror.ca !== undefined) lines.push(`  ca = "${folder}/${caFileName(mirror.ca)}"`);
    if (mirror.overridePath) lines.push('  override_path = true');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Every file of the registry configuration: config.toml, each hosts.toml, and the certificate of
 * each CA a mirror names (`caPem` gives a named CA's PEM), in the registry's folder.
 */
export async function registryFiles(registries: Readonly<Record<string, RegistryHostsSpec>>, caPem: (name: string) => Promise<string>): Promise<RootFile[]> {
  const files: RootFile[] = [{ path: CONTAINERD_CONFIG, text: CONFIG_TOML }];
  for (const [registry, spec] of Object.entries(registries)) {
    const folder = hostsFolderOf(registry);
    files.push({ path: `${folder}/hosts.toml`, text: hostsToml(registry, spec) });
    for (const name of new Set(spec.mirrors.flatMap((m) => (m.ca === undefined ? [] : [m.ca])))) {
      files.push({ path: `${folder}/${caFileName(name)}`, text: await caPem(name) });
    }
  }
  return files;
}
