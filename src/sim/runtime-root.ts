import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeSpec } from './registry-schema.js';

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
 * The simulated node's system files: containerd installed (its program) and its proxy drop-in
 * `[Service] Environment="HTTPS_PROXY=..."`. Proxy URLs naming the site's proxy are rewritten by
 * `rewrite` (to the simulated proxy on loopback), as the shell's proxy is.
 */
export async function writeRuntimeRoot(spec: RuntimeSpec, rewrite: (url: string) => string): Promise<RuntimeRoot> {
  const path = await mkdtemp(join(tmpdir(), 'netreq-sim-root-'));
  const remove = (): Promise<void> => rm(path, { recursive: true, force: true });
  try {
    const env = spec.containerd?.env ?? {};
    const lines = Object.entries(env).map(([name, value]) => `Environment="${name}=${/proxy$/i.test(name) && !/^no_/i.test(name) ? rewrite(value) : value}"`);
    await mkdir(join(path, 'usr/bin'), { recursive: true });
    await writeFile(join(path, 'usr/bin/containerd'), '#!/bin/sh\n# the simulated node\'s containerd (never run)\nexit 0\n', { mode: 0o755 });
    await mkdir(join(path, 'etc/systemd/system/containerd.service.d'), { recursive: true });
    await writeFile(join(path, CONTAINERD_DROP_IN), `[Service]\n${lines.join('\n')}\n`);
    return { path, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
