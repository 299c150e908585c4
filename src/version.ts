import { readFileSync } from 'node:fs';

/** Set by the single-file build from package.json. */
declare const __NETREQ_VERSION__: string | undefined;

function readPackageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (parsed && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string') {
    return parsed.version;
  }
  return '0.0.0';
}

export const VERSION: string = typeof __NETREQ_VERSION__ !== 'undefined' ? __NETREQ_VERSION__ : readPackageVersion();
