import { stripControl } from '../report/index.js';

/** Evidence in words, by placeholder name. */
export type Facts = Readonly<Record<string, string | undefined>>;

/**
 * Every placeholder the texts may use, with the words that stand in when the evidence lacks
 * it; a test keeps the YAML to this list, so no `{x}` ever reaches a person.
 */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  host: 'the host',
  port: 'the port',
  hostPort: 'the host and port',
  scheme: 'https',
  via: 'direct',
  route: 'directly',
  url: 'the service URL',
  check: 'the check',
  ruleIds: 'the rule',
  pattern: 'the wildcard',
  proxy: 'the proxy',
  curlProxy: '',
  opensslProxy: '',
  digServer: '',
  resolver: 'the configured resolver',
  answers: 'no direct answers recorded',
  addresses: 'the addresses',
  address: 'the address',
  family: 'one address family',
  familyFlag: '-4',
  workingFamily: 'the other family',
  code: 'no error code',
  rcode: 'no response code',
  localCause: 'a DNS failure',
  proxyError: 'no error identity',
  proxyProduct: 'the proxy',
  proxyCause: 'tcp.unreachable',
  method: 'CONNECT',
  status: 'the status',
  title: 'no page title',
  middlebox: 'the response headers',
  contentType: 'no content type',
  server: 'an unnamed server',
  location: 'no redirect',
  wwwAuthenticate: 'no challenge',
  retryAfter: 'unspecified',
  authSchemes: 'no scheme named',
  servername: 'the host',
  subject: 'the certificate subject',
  subjectAltNames: 'no alternative names',
  issuer: 'the issuing CA',
  certIssuer: 'the issuing CA',
  validFrom: 'its start date',
  validTo: 'its end date',
  localTime: 'the local time',
  fingerprint: 'the fingerprint',
  skew: 'far from',
  banner: 'nothing',
  step: 'a step',
  detail: 'no detail',
  flag: 'the missing input',
  matched: 'a NO_PROXY entry',
  curlDiffers: 'curl decides the same way',
  underlying: 'the direct route failed',
  runtime: 'the container runtime',
  runtimeProxy: 'no proxy',
  missing: 'the site\'s own names',
  noProxy: 'localhost,127.0.0.1,.svc,.cluster.local',
  direction: 'internal',
  source: 'this machine',
  transport: 'tcp',
  received: 'nothing',
  token: 'no token',
  expected: 'the token netreq listen printed',
  limit: 'a limit of this machine',
  /** Only when the run's site is unknown (a bare Finding): the answers file the wizard saves. */
  siteFlags: '--answers netreq-answers.yaml',
  nameHint: 'a name under it that this site uses',
};

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

const MAX_FACT = 300;

/** Untrusted evidence as words in a sentence: one line, no control characters, bounded; edges kept. */
function asWords(value: string): string {
  const stripped = stripControl(value, { newlines: false });
  const flat = stripped.includes('  ') ? stripped.replace(/ {2,}/g, ' ') : stripped;
  return flat.length > MAX_FACT ? `${flat.slice(0, MAX_FACT - 1)}…` : flat;
}

/** Facts that make a printed command whole: cut short, the command would no longer run. */
const WHOLE_FACTS = new Set(['siteFlags']);

/** Fills `{name}` from the facts (each made one safe line), else the placeholder's stand-in words. */
export function fillTemplate(template: string, facts: Facts): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = facts[name];
    if (value !== undefined) return WHOLE_FACTS.has(name) ? stripControl(value, { newlines: false }) : asWords(value);
    return PLACEHOLDERS[name] ?? whole;
  });
}
