import { resolve } from 'node:path';
import type { ProxySettings } from '../net/index.js';
import { checkReplaceable, createRedaction, RedactPatternError, secretsOfUrl, WriteFileError, type RedactChain } from '../report/index.js';
import { loadAnswers } from '../topology/index.js';
import type { Flags } from './args.js';
import { readRegistryAuth } from './registry-auth.js';
import { UsageError, type CliIo } from './io.js';

/** The proxy URLs a run may hold a password in: --proxy, the environment, the answers file, the run's settings. */
export function knownSecrets(flags: Flags, io: CliIo, proxy?: ProxySettings): string[] {
  const urls: (string | URL | undefined)[] = [flags.proxy, proxy?.httpsProxy, proxy?.httpProxy];
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) urls.push(io.env[name]);
  if (flags.answers !== undefined) {
    try {
      urls.push(loadAnswers(resolve(io.cwd, flags.answers)).proxy?.url);
    } catch {
      // The run reported a bad answers file already.
    }
  }
  return [...urls.flatMap((url) => secretsOfUrl(url)), ...registrySecrets(flags, io)];
}

/** The registry credentials a run may use (--registry-auth, NGC_API_KEY), raw and encoded. */
function registrySecrets(flags: Flags, io: CliIo): readonly string[] {
  try {
    const file = flags['registry-auth'];
    const ngcApiKey = io.env['NGC_API_KEY'];
    return readRegistryAuth({ ...(file !== undefined ? { file: resolve(io.cwd, file) } : {}), ...(ngcApiKey ? { ngcApiKey } : {}) }).secrets;
  } catch {
    // The run reports a bad --registry-auth file itself.
    return [];
  }
}

/** The redaction chain for this run's outputs; a bad `--redact` pattern is a usage error. */
export function redactionFor(flags: Flags, io: CliIo, proxy?: ProxySettings): RedactChain {
  try {
    return createRedaction({ patterns: flags.redact ?? [], secrets: knownSecrets(flags, io, proxy) });
  } catch (error: unknown) {
    if (error instanceof RedactPatternError) throw new UsageError(error.message);
    throw error;
  }
}

/** Checks `--redact` and `--bundle` before a run starts, so a typo does not cost a whole run. */
export function checkOutputFlags(flags: Flags, io: CliIo): void {
  redactionFor(flags, io);
  if (flags.bundle !== undefined && flags.bundle.trim() === '') throw new UsageError('--bundle needs a file name, e.g. --bundle support.tar.gz');
  // Before the run: `--bundle /dev/null` (or a FIFO) is refused, never replaced by a file.
  if (flags.bundle !== undefined) {
    try {
      checkReplaceable(resolve(io.cwd, flags.bundle));
    } catch (error: unknown) {
      if (error instanceof WriteFileError) throw new UsageError(`--bundle: ${error.message}`);
      throw error;
    }
  }
}
