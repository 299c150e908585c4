// vitest glue: a namespace (and whatever servers `setup` starts in it) for a describe block,
// destroyed in afterAll whatever happened; the exit handler in cleanup.ts is the backstop.
import { afterAll, beforeAll } from 'vitest';
import { createNamespace, type NamespaceOptions, type Netns } from './netns.js';

/** Every binary the integration suite uses; pass to describeWithDeps. */
export const INTEGRATION_BINS = ['ip', 'ss', 'nft', 'dnsmasq', 'squid', '/usr/sbin/sshd', 'ssh-keygen', 'openssl', 'curl', 'getent'] as const;

/**
 * In a describe block: `const env = useNamespace({...}, async (ns) => ({ squid: await startSquid(ns) }))`,
 * then `env().ns`, `env().squid` in the tests.
 */
export function useNamespace<T extends object = object>(
  opts: NamespaceOptions = {},
  setup?: (ns: Netns) => Promise<T>,
  hookTimeoutMs = 30_000,
): () => T & { ns: Netns } {
  let value: (T & { ns: Netns }) | undefined;
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNamespace(opts);
    const extra = setup ? await setup(ns) : ({} as T);
    value = { ...extra, ns };
  }, hookTimeoutMs);
  afterAll(async () => {
    await ns?.destroy();
  }, hookTimeoutMs);
  return () => {
    if (value === undefined) throw new Error('useNamespace: the namespace is not set up (did beforeAll fail?)');
    return value;
  };
}
