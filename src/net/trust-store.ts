import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { TrustStore } from './types.js';
import { append } from '../append.js';

export const SYSTEM_CA_PATH = '/etc/ssl/certs/ca-certificates.crt';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of a PEM text; throws naming `source` when there is none or one does not parse.
 * Certificates among `known` (the public roots, which Node has parsed already) are not parsed
 * again: a whole system bundle given as NODE_EXTRA_CA_CERTS would cost ~50 ms at every start.
 */
export function splitPems(text: string, source: string, known: readonly string[] = []): string[] {
  const pems = text.match(PEM_BLOCK) ?? [];
  if (pems.length === 0) throw new Error(`${source}: no PEM certificate found`);
  const unknown = new Set(beyond(pems, known));
  for (const [index, pem] of pems.entries()) {
    if (!unknown.has(pem)) continue;
    try {
      new X509Certificate(pem);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${source}: certificate #${index + 1} is not a valid PEM certificate (${reason})`, { cause: error });
    }
  }
  return pems;
}

function readPemFile(path: string, what: string, known: readonly string[]): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new Error(`${what} ${path}: cannot read the file (${reason})`, { cause: error });
  }
  return splitPems(text, `${what} ${path}`, known);
}

export interface TrustStoreOptions {
  readonly caFiles?: readonly string[] | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly publicPems?: readonly string[] | undefined;
  readonly systemCaPath?: string | null | undefined;
}

/**
 * The public roots and the site's extra CAs: `--ca-file`, NODE_EXTRA_CA_CERTS and the system
 * bundle, each remembered with where it came from. Throws for an unreadable or bad file.
 */
export function loadTrustStore(options: TrustStoreOptions): TrustStore {
  const extraCaPems: string[] = [];
  const extraCaSources: string[] = [];
  const add = (pems: readonly string[], source: string): void => {
    append(extraCaPems, pems);
    extraCaSources.push(`${source} (${pems.length} certificate${pems.length === 1 ? '' : 's'})`);
  };
  const publicPems = options.publicPems ?? tls.rootCertificates;
  for (const file of options.caFiles ?? []) add(readPemFile(file, '--ca-file', publicPems), `--ca-file ${file}`);
  const envFile = options.env['NODE_EXTRA_CA_CERTS'];
  if (envFile) add(readPemFile(envFile, 'NODE_EXTRA_CA_CERTS', publicPems), `NODE_EXTRA_CA_CERTS ${envFile}`);
  const systemPath = options.systemCaPath === undefined ? SYSTEM_CA_PATH : options.systemCaPath;
  if (systemPath) {
    const pems = readSystemBundle(systemPath, publicPems);
    if (pems.length > 0) add(pems, `system store ${systemPath}, beyond the public roots`);
  }
  return { publicPems, extraCaPems, extraCaSources };
}

/** A PEM's base64 body: the same certificate whatever its line breaks and labels. */
function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----|\s/g, '');
}

/** The PEMs of `pems` that `known` does not hold. */
export function beyond(pems: readonly string[], known: readonly string[]): string[] {
  if (pems.length === 0) return [];
  const bodies = new Set(known.map(pemBody));
  return pems.filter((pem) => !bodies.has(pemBody(pem)));
}

/**
 * The system bundle is optional: unreadable means absent; its unparsable entries are skipped.
 * Only what it adds to the public roots is kept: on most systems it repeats Mozilla's roots,
 * which Node bundles, and parsing ~140 certificates costs ~50 ms at every start.
 */
function readSystemBundle(path: string, publicPems: readonly string[]): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return beyond(text.match(PEM_BLOCK) ?? [], publicPems).filter((pem) => {
    try {
      new X509Certificate(pem);
      return true;
    } catch {
      return false;
    }
  });
}
