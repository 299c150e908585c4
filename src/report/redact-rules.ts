import { isMasked, MASK, type Redactor } from './redact.js';

/** A redactor from a global regex and a replacer that returns the new text, or undefined to keep the match. */
function regexRedactor(kind: string, pattern: RegExp, replace: (match: string, groups: readonly string[]) => string | undefined): Redactor {
  const untouched = { kind, count: 0 };
  return (text) => {
    // Most texts do not match at all: no replacer calls, one shared record.
    pattern.lastIndex = 0;
    if (!pattern.test(text)) return { text, record: untouched };
    pattern.lastIndex = 0;
    let count = 0;
    const out = text.replace(pattern, (match: string, ...rest: unknown[]) => {
      const groups = rest.filter((x): x is string => typeof x === 'string' || x === undefined).map((x) => x ?? '');
      const replaced = replace(match, groups);
      if (replaced === undefined || replaced === match) return match;
      count += 1;
      return replaced;
    });
    return { text: out, record: { kind, count } };
  };
}

const TOKEN_PREFIXES = /^(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|AKIA|ASIA|sk-|eyJ)/;

/**
 * A user name alone before `@` may be a token (`https://ghp_x@github.com`); a proxy user is kept
 * (the answers file needs it). Long or token-shaped names are treated as tokens.
 */
export function looksLikeToken(user: string): boolean {
  const plain = decodeURIComponentSafe(user);
  return TOKEN_PREFIXES.test(plain) || plain.length > 32 || (plain.length >= 20 && /\d/.test(plain) && /[A-Za-z]/.test(plain) && /^[A-Za-z0-9_-]+$/.test(plain));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `scheme://user:password@host` -> `scheme://user:***@host`; a token-like user alone -> `scheme://***@host`. */
export const urlCredentials: Redactor = regexRedactor('url-credentials', /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>\\]+)@/gi, (_m, [scheme = '', userinfo = '']) => {
  const colon = userinfo.indexOf(':');
  if (colon >= 0) {
    const password = userinfo.slice(colon + 1);
    if (password === '' || isMasked(password)) return undefined;
    return `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  }
  if (userinfo === '' || isMasked(userinfo) || !looksLikeToken(userinfo)) return undefined;
  return `${scheme}${MASK}@`;
});

const AUTH_SCHEME = /^(Basic|Bearer|Digest|NTLM|Negotiate|Kerberos|Token|AWS4-HMAC-SHA256|SharedKey|SharedAccessSignature)\s+/i;

/**
 * An Authorization value with its scheme kept. A one-token scheme's credential is the next word
 * (what follows is other text); a Digest or unknown value runs to the end of the line.
 */
/** A value that names only the kind of credential sent (a pull hop's `authorization`), holding none. */
const KIND_ONLY = /^(basic|bearer|digest|ntlm|negotiate|password|refresh-token)$/i;

function maskAuthValue(value: string): string | undefined {
  if (KIND_ONLY.test(value.trim())) return undefined;
  const scheme = AUTH_SCHEME.exec(value);
  const rest = scheme ? value.slice(scheme[0].length) : value;
  const oneToken = scheme !== null && !/^digest$/i.test(scheme[1] ?? '');
  const secret = oneToken ? (/^\S+/.exec(rest)?.[0] ?? '') : rest.trimEnd();
  if (secret === '' || isMasked(secret)) return undefined;
  const tail = rest.slice(secret.length);
  return scheme ? `${scheme[1] ?? ''} ${MASK}${tail}` : `${MASK}${tail}`;
}

/** `Authorization: Basic …` / `Proxy-Authorization: …` as header lines, and as JSON or YAML keys. */
export const authorizationHeaders: Redactor = (() => {
  const header = regexRedactor('authorization', /\b((?:proxy-)?authorization)([ \t]*:[ \t]*)([^\r\n"'`\\]+)/gi, (_m, [name = '', sep = '', value = '']) => {
    const masked = maskAuthValue(value);
    return masked === undefined ? undefined : `${name}${sep}${masked}`;
  });
  const json = regexRedactor('authorization', /("(?:proxy-)?authorization"\s*:\s*")((?:[^"\\]|\\.)*)"/gi, (_m, [head = '', value = '']) => {
    const masked = maskAuthValue(value);
    return masked === undefined ? undefined : `${head}${masked}"`;
  });
  return (text) => {
    const a = json(text);
    const b = header(a.text);
    return { text: b.text, record: { kind: 'authorization', count: a.record.count + b.record.count } };
  };
})();

/**
 * `Bearer <token>` anywhere. A challenge's parameters (`Bearer realm="…"`) and words in a sentence
 * ("a Bearer challenge") are not tokens: a token is 12 characters or more with a digit or a
 * token punctuation mark.
 */
export const bearerTokens: Redactor = regexRedactor('bearer-token', /\b(Bearer)(\s+)(?!(?:realm|scope|service|error)=)([A-Za-z0-9\-._~+/]+=*)/gi, (_m, [word = '', space = '', token = '']) => {
  if (isMasked(token) || token.length < 12 || !/[0-9._~+/-]/.test(token)) return undefined;
  return `${word}${space}${MASK}`;
});

/** Azure SAS signatures (`sig=…`) and storage or Service Bus keys in connection strings. */
export const azureSecrets: Redactor = (() => {
  const sig = regexRedactor('azure-sas', /(^|[?&;\s"'])(sig=)([^&\s"'<>#;\\]+)/gi, (_m, [lead = '', key = '', value = '']) =>
    isMasked(value) ? undefined : `${lead}${key}${MASK}`,
  );
  const keys = regexRedactor('azure-key', /\b((?:AccountKey|SharedAccessKey)=)([^;\s"'<>\\]+)/gi, (_m, [key = '', value = '']) =>
    isMasked(value) ? undefined : `${key}${MASK}`,
  );
  return (text) => {
    const a = sig(text);
    const b = keys(a.text);
    return { text: b.text, record: { kind: 'azure-sas', count: a.record.count + b.record.count } };
  };
})();

const SECRET_NAME = '[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_]*';

/** `…PASSWORD=value`, `api_key: value` and `"token": "value"`: the value of a name that says it is secret. */
export const secretAssignments: Redactor = (() => {
  const json = regexRedactor('secret-assignment', new RegExp(`("${SECRET_NAME}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)"`, 'gi'), (_m, [head = '', value = '']) =>
    value === '' || isMasked(value) ? undefined : `${head}${MASK}"`,
  );
  const plain = regexRedactor('secret-assignment', new RegExp(`\\b(${SECRET_NAME})([ \\t]*[=:][ \\t]*)(["']?)([^\\s"'&;,\\\\]+)`, 'gi'), (_m, [name = '', sep = '', quote = '', value = '']) =>
    isMasked(value) || /^(?:true|false|null|none)$/i.test(value) ? undefined : `${name}${sep}${quote}${MASK}`,
  );
  return (text) => {
    const a = json(text);
    const b = plain(a.text);
    return { text: b.text, record: { kind: 'secret-assignment', count: a.record.count + b.record.count } };
  };
})();

/** Every occurrence of secrets the run knows (the proxy password in its forms); shortest ones ignored. */
export function knownSecrets(values: readonly string[]): Redactor {
  const secrets = [...new Set(values.filter((v) => v.length >= 4 && !isMasked(v)))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => ({ text, record: { kind: 'known-secret', count: 0 } });
  const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'g');
  return regexRedactor('known-secret', pattern, () => MASK);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A bad `--redact` pattern, named. */
export class RedactPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedactPatternError';
  }
}

/**
 * `--redact PATTERN`: a JavaScript regular expression; a leading `(?i)` makes it case-insensitive.
 * Every match becomes `***`. Throws for a pattern that does not compile or matches the empty string.
 * The record names the pattern by its position, never by its text (it may hold the secret itself).
 */
export function patternRedactor(source: string, index: number): Redactor {
  const insensitive = source.startsWith('(?i)');
  const body = insensitive ? source.slice(4) : source;
  let pattern: RegExp;
  try {
    pattern = new RegExp(body, insensitive ? 'gi' : 'g');
  } catch (error: unknown) {
    throw new RedactPatternError(`--redact pattern #${index}: not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
  }
  if (pattern.test('')) throw new RedactPatternError(`--redact pattern #${index}: it matches the empty string`);
  pattern.lastIndex = 0;
  return regexRedactor(`--redact #${index}`, pattern, (match) => (isMasked(match) ? undefined : MASK));
}

/**
 * The forms a URL's password can take in output: as typed, percent-decoded, percent-encoded, and
 * the Basic credential a client sends (`base64(user:password)`) as a proxy or filter may echo it:
 * with and without its `=` padding, as base64url, and percent-encoded (either case of hex).
 */
export function secretsOfUrl(url: URL | string | undefined): string[] {
  if (url === undefined) return [];
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return [];
  }
  if (parsed.password === '') return [];
  const raw = parsed.password;
  const decoded = decodeURIComponentSafe(raw);
  const user = decodeURIComponentSafe(parsed.username);
  const credentials = [...new Set([`${user}:${decoded}`, `${parsed.username}:${raw}`])];
  return [raw, decoded, encodeURIComponent(decoded), ...credentials.flatMap(base64Forms)];
}

/** base64 of a text in the forms it travels in: padded, unpadded, base64url, percent-encoded. */
export function base64Forms(text: string): string[] {
  const padded = Buffer.from(text).toString('base64');
  const bare = padded.replace(/=+$/, '');
  const url = bare.replace(/\+/g, '-').replace(/\//g, '_');
  const percent = encodeURIComponent(padded);
  const percentLower = percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  // Unpadded forms are prefixes of padded ones: knownSecrets tries the longest first.
  return [...new Set([padded, bare, url, `${url}${padded.slice(bare.length)}`, percent, percentLower])];
}
