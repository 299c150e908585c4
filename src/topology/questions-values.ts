// Small pure helpers behind the question flow: reading answers, checking names, masking credentials.
import type { Region } from '../vocabulary/index.js';
import { maskUrlUserinfo } from '../mask-userinfo.js';
import { readProxyUrl } from '../proxy-url.js';
import type { FieldReaders } from './finish.js';
import type { TopologyInput } from './schema.js';

export type QuestionId =
  | 'products'
  | 'roles'
  | 'bcm'
  | 'headnodes'
  | 'controlPlaneMode'
  | 'controlPlane'
  | 'proxy'
  | 'noProxy'
  | 'workload'
  | 'prereqs'
  | 'registryMirror'
  | 'mirrors'
  | 'runaiVersion'
  | 'region'
  | 'regionName'
  | 'regionCode'
  | 'acr'
  | 'storageAccount'
  | 'keyVault';

export type AnswerValue = string | readonly string[] | boolean;
/** What a person answered so far, by question id. */
export type Answers = Readonly<Partial<Record<QuestionId, AnswerValue>>>;

/** What the questions may read besides the answers: the environment, the region table, prefilled answers. */
export interface QuestionContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly regions: readonly Region[];
  /** Prefilled answers (an answers file, a demo scenario): fields no question asks are kept from it. */
  readonly initial?: TopologyInput | undefined;
  /** Each product's editions of the requirements, oldest first (catalog/editions.yaml): the version questions' choices. */
  readonly editions?: Readonly<Record<string, readonly EditionChoice[]>> | undefined;
  /** The front end's readers of mirror lines (src/host's, as for --mirror); absent: their shape only is checked. */
  readonly readers?: FieldReaders | undefined;
}

/** An edition as the version question offers it. */
export interface EditionChoice {
  readonly id: string;
  readonly title: string;
  readonly versions: readonly string[];
}

export function text(answers: Answers, id: QuestionId): string | undefined {
  const value = answers[id];
  return typeof value === 'string' ? value : undefined;
}

export function list(answers: Answers, id: QuestionId): readonly string[] | undefined {
  const value = answers[id];
  return Array.isArray(value) ? (value as readonly string[]) : undefined;
}

export function flag(answers: Answers, id: QuestionId): boolean | undefined {
  const value = answers[id];
  return typeof value === 'boolean' ? value : undefined;
}

export function hasProduct(answers: Answers, product: string): boolean {
  return (list(answers, 'products') ?? []).includes(product);
}

/** The proxy from the environment, as the platform's own components would read it. */
export function envProxy(env: QuestionContext['env']): string {
  return env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'] ?? '';
}

export function envNoProxy(env: QuestionContext['env']): string {
  return env['NO_PROXY'] ?? env['no_proxy'] ?? '';
}

/** `http://user:secret@proxy:3128` -> `http://user:***@proxy:3128`: credentials are never shown. */
export const maskCredentials = maskUrlUserinfo;

/** The proxy URL without its password, for anything written to disk (a password with an unencoded `@` included). */
export function withoutPassword(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const rest = maskUrlUserinfo(url).slice(scheme.length);
  const at = rest.indexOf('@');
  // No userinfo: no `@`, or one in a path.
  if (at < 0 || /[/?#]/.test(rest.slice(0, at))) return url;
  const userinfo = rest.slice(0, at);
  const user = userinfo === '***' ? '' : userinfo.endsWith(':***') ? userinfo.slice(0, -':***'.length) : userinfo;
  return `${scheme}${user === '' ? '' : `${user}@`}${rest.slice(at + 1)}`;
}

const HOST = /^[A-Za-z0-9_.:[\]-]+$/;

export function splitHosts(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function checkHost(value: string, what: string): string | undefined {
  if (/^[a-z]+:\/\//i.test(value)) return `${what}: give the host name only, without ${value.split('//')[0]}//`;
  if (value.includes('/')) return `${what}: give the host name only, without a path`;
  if (!HOST.test(value)) return `${what}: '${value}' is not a host name or address`;
  return undefined;
}

export function checkProxy(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const read = readProxyUrl(value);
  return 'problem' in read ? read.problem : undefined;
}

/** A site-specific Azure resource name: `myacr` or `myacr.azurecr.io`, lower-cased, its suffix removed. */
export function resourceName(value: string, suffix: string): string {
  const name = value.trim().toLowerCase();
  return name.endsWith(`.${suffix}`) ? name.slice(0, -suffix.length - 1) : name;
}

export function findRegion(regions: readonly Region[], name: string | undefined): Region | undefined {
  return name === undefined ? undefined : regions.find((region) => region.name === name);
}

/** Mirror lines as typed: `REGISTRY=URL[,ca=FILE]`, several separated by spaces or semicolons. */
export function splitMirrors(value: string): string[] {
  return value
    .split(/[\s;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** What is wrong with typed mirror lines: read as --mirror reads them when the front end gave the reader. */
export function checkMirrors(value: string, ctx: QuestionContext): string | undefined {
  const lines = splitMirrors(value);
  if (lines.length === 0) return 'Give at least one mirror (REGISTRY=URL), or answer No to the mirror question.';
  for (const line of lines) {
    const problem = ctx.readers !== undefined
      ? ctx.readers.mirror(line, 'mirror')
      : /^[^=]+=\S+$/.test(line) ? undefined : `mirror '${line}': expected REGISTRY=URL[,ca=FILE], e.g. docker.io=https://harbor.corp/v2/dockerhub`;
    if (problem !== undefined) return problem;
  }
  return undefined;
}
