import type { ProxyVariables } from '../schema/index.js';

/** Parsing of the files a service's environment comes from: systemd units and drop-ins, env files. */

export const PROXY_VARIABLE_NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'] as const;

export function proxyVariablesOf(env: Readonly<Record<string, string | undefined>>): ProxyVariables {
  const out: Record<string, string> = {};
  for (const name of PROXY_VARIABLE_NAMES) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Splits a systemd value into words: whitespace-separated, "double" and 'single' quotes, backslash escapes. */
export function splitWords(value: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] ?? '';
    if (c === '\\' && i + 1 < value.length) {
      current += value[i + 1] ?? '';
      i += 1;
      inWord = true;
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function assignment(word: string): [string, string] | undefined {
  const eq = word.indexOf('=');
  if (eq <= 0) return undefined;
  return [word.slice(0, eq), word.slice(eq + 1)];
}

/** One environment directive of a unit, in file order. */
export type UnitDirective =
  | { readonly kind: 'Environment'; readonly assignments: readonly (readonly [string, string])[] }
  /** An empty `Environment=`: clears what earlier lines set. */
  | { readonly kind: 'Environment-reset' }
  | { readonly kind: 'EnvironmentFile'; readonly path: string; readonly optional: boolean };

/** Logical lines of an INI-like systemd file: comments dropped, `\` continuations joined. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (pending === '' && (line.startsWith('#') || line.startsWith(';'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(pending + line);
    pending = '';
  }
  if (pending !== '') lines.push(pending);
  return lines;
}

/**
 * The `Environment=` and `EnvironmentFile=` lines of a unit or drop-in's `[Service]` section
 * (`section` = `Manager` and `key` = `DefaultEnvironment` for system.conf).
 */
export function parseUnitEnvironment(text: string, section = 'Service', key = 'Environment'): UnitDirective[] {
  const directives: UnitDirective[] = [];
  let current = '';
  for (const line of logicalLines(text)) {
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = header[1] ?? '';
      continue;
    }
    if (current !== section) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (name === key) {
      if (value === '') directives.push({ kind: 'Environment-reset' });
      else directives.push({ kind: 'Environment', assignments: splitWords(value).flatMap((w) => {
        const pair = assignment(w);
        return pair ? [pair] : [];
      }) });
    } else if (name === 'EnvironmentFile' && key === 'Environment' && value !== '') {
      const optional = value.startsWith('-');
      directives.push({ kind: 'EnvironmentFile', path: optional ? value.slice(1) : value, optional });
    }
  }
  return directives;
}

/** An environment file (`/etc/default/docker`, `/etc/environment`): `KEY=value`, `export KEY="value"`, comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    const body = line.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq <= 0) continue;
    const name = body.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const words = splitWords(body.slice(eq + 1).replace(/\s+#.*$/, ''));
    env[name] = words.join(' ');
  }
  return env;
}

/** Docker's daemon.json `proxies` (Docker 23+): `http-proxy`, `https-proxy`, `no-proxy`. */
export function dockerDaemonProxies(text: string): ProxyVariables | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('proxies' in parsed)) return undefined;
  const proxies = parsed.proxies;
  if (typeof proxies !== 'object' || proxies === null) return undefined;
  const get = (name: string): string | undefined => {
    const value: unknown = (proxies as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  return proxyVariablesOf({ HTTPS_PROXY: get('https-proxy'), HTTP_PROXY: get('http-proxy'), NO_PROXY: get('no-proxy') });
}
