import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registryFiles, type RootFile } from './runtime-registries.js';
import type { RuntimeSpec } from './runtime-schema.js';

/**
 * A proxy URL as the simulated node must use it: one naming the site's proxy (`proxyName`) goes to
 * the simulated proxy on loopback (`endpoint`), keeping its own credentials; any other is left alone.
 */
export function rewriteProxyUrl(url: string, proxyName: string, endpoint: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.hostname.toLowerCase() !== proxyName.toLowerCase()) return url;
  const target = new URL(endpoint);
  parsed.hostname = target.hostname;
  parsed.port = target.port;
  return parsed.toString().replace(/\/$/, '');
}

/** Where the drop-in goes under the root, as an installer (or a person) writes it for containerd. */
export const CONTAINERD_DROP_IN = 'etc/systemd/system/containerd.service.d/http-proxy.conf';

export interface RuntimeRoot {
  /** A folder laid out as `/`, for NETREQ_SYSTEM_ROOT (the host facts reader's root). */
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * The simulated node's system files: containerd installed (its program), its proxy drop-in
 * `[Service] Environment="HTTPS_PROXY=..."` when the spec gives an environment, and its registry
 * configuration (config.toml, certs.d's hosts.toml files and the CAs they name; `caPem` gives a
 * named CA's certificate). Proxy URLs naming the site's proxy are rewritten by `rewrite` (to the
 * simulated proxy on loopback), as the shell's proxy is.
 */
export async function writeRuntimeRoot(spec: RuntimeSpec, rewrite: (url: string) => string, caPem: (name: string) => Promise<string>): Promise<RuntimeRoot> {
  const path = await mkdtemp(join(tmpdir(), 'netreq-sim-root-'));
  const remove = (): Promise<void> => rm(path, { recursive: true, force: true });
  try {
    const env = Object.entries(spec.containerd.env);
    const lines = env.map(([name, value]) => `Environment="${name}=${/proxy$/i.test(name) && !/^no_/i.test(name) ? rewrite(value) : value}"`);
    const files: RootFile[] = [
      { path: '/usr/bin/containerd', text: "#!/bin/sh\n# the simulated node's containerd (never run)\nexit 0\n" },
      ...(env.length > 0 ? [{ path: `/${CONTAINERD_DROP_IN}`, text: `[Service]\n${lines.join('\n')}\n` }] : []),
      ...(spec.containerd.registries === undefined ? [] : await registryFiles(spec.containerd.registries, caPem)),
    ];
    for (const file of files) {
      const at = join(path, file.path);
      await mkdir(dirname(at), { recursive: true });
      await writeFile(at, file.text, file.path.startsWith('/usr/bin/') ? { mode: 0o755 } : {});
    }
    return { path, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
