import { Product, Role } from '../vocabulary/index.js';
import { wildcardMatches } from '../wildcard.js';
import { TopologyError } from './errors.js';
import { finishTopology, type FieldReaders, type Origin } from './finish.js';
import { Cni, Workload, type Topology, type TopologyInput } from './schema.js';

/** The flags that describe the site (DESIGN.md, Command line); the CLI's parsed flags fit this shape. */
export interface TopologyFlags {
  readonly product?: readonly string[];
  readonly role?: readonly string[];
  readonly headnode?: readonly string[];
  readonly 'control-plane'?: string;
  readonly 'co-located'?: boolean;
  readonly workload?: string;
  readonly region?: string;
  readonly 'region-code'?: string;
  readonly wildcard?: readonly string[];
  readonly prereqs?: boolean;
  readonly proxy?: string;
  readonly 'no-proxy'?: string;
  readonly cni?: string;
  readonly 'runai-version'?: string;
  readonly 'arc-gateway'?: string;
  readonly 'azureml-arc-version'?: string;
  readonly image?: readonly string[];
  readonly mirror?: readonly string[];
  readonly 'helm-repo'?: string;
  readonly 'image-list'?: string;
}

const FLAG_FOR: Readonly<Record<string, string>> = {
  products: '--product',
  roles: '--role',
  bcm: '--headnode',
  controlPlane: '--control-plane',
  workload: '--workload',
  versions: '--runai-version or --azureml-arc-version',
  arcGateway: '--arc-gateway',
  region: '--region',
  wildcards: '--wildcard',
  proxy: '--proxy',
  cni: '--cni',
  images: '--image',
  mirrors: '--mirror',
  helmRepo: '--helm-repo',
  imageList: '--image-list',
};

const flagOrigin: Origin = {
  describe: (path) => {
    const [head, next] = path;
    if (head === 'region' && next === 'code') return '--region-code';
    if (head === 'proxy' && next === 'noProxy') return '--no-proxy';
    if (head === 'controlPlane' && next === 'coLocated') return '--co-located';
    return FLAG_FOR[String(head)] ?? `topology field '${path.map(String).join('.')}'`;
  },
};

function oneOf<T extends string>(flag: string, values: readonly string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((value) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new TopologyError(`${flag} '${value}' is not known; expected one of: ${allowed.join(', ')}`);
  });
}

/** `PATTERN=HOST` pairs, each host checked against its pattern. */
export function parseWildcardFlags(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const pattern = eq > 0 ? value.slice(0, eq).trim().toLowerCase() : '';
    const host = eq > 0 ? value.slice(eq + 1).trim().toLowerCase() : '';
    if (pattern === '' || host === '') throw new TopologyError(`--wildcard '${value}': expected PATTERN=HOST, e.g. '*.azurecr.io=myacr.azurecr.io'`);
    if (!pattern.includes('*')) throw new TopologyError(`--wildcard '${value}': '${pattern}' is not a wildcard pattern (it has no '*')`);
    if (host.includes('*') || host.includes('{')) throw new TopologyError(`--wildcard '${value}': '${host}' must be a concrete host name`);
    // A template label ({region}) stands for any one label until the region is known.
    if (!wildcardMatches(pattern.replace(/\{[^}]*\}/g, '*'), host)) {
      throw new TopologyError(`--wildcard '${value}': '${host}' is not covered by '${pattern}'`);
    }
    (out[pattern] ??= []).push(host);
  }
  return out;
}

function mergeWildcards(base: Readonly<Record<string, readonly string[]>> | undefined, extra: Record<string, string[]>): Record<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const [pattern, hosts] of [...Object.entries(base ?? {}), ...Object.entries(extra)]) {
    const set = sets.get(pattern) ?? new Set<string>();
    for (const host of hosts) set.add(host);
    sets.set(pattern, set);
  }
  return Object.fromEntries([...sets].map(([pattern, set]) => [pattern, [...set]]));
}

/** The first list, then the second's entries not among them (each trimmed): the answers' images and the flags'. */
function mergeLists(base: readonly string[] | undefined, extra: readonly string[] | undefined): string[] | undefined {
  if (base === undefined && (extra === undefined || extra.length === 0)) return undefined;
  return [...new Set([...(base ?? []), ...(extra ?? []).map((entry) => entry.trim())])];
}

/** Flags over an optional base (an answers file, the environment's proxy); flags win. Throws TopologyError. `readers` read mirrors and the Helm repository in full. */
export function topologyFromFlags(flags: TopologyFlags, base: Partial<TopologyInput> = {}, readers?: FieldReaders): Topology {
  const products = oneOf('--product', flags.product, Product.options) ?? base.products;
  if (products === undefined || products.length === 0) {
    throw new TopologyError(`--product is required: ${Product.options.join(' | ')} (repeat for both)`);
  }
  const roles = oneOf('--role', flags.role, Role.options) ?? base.roles;
  if (roles === undefined || roles.length === 0) {
    throw new TopologyError(`--role is required: this machine's role, one or more of ${Role.options.join(' | ')}`);
  }
  const workload = flags.workload === undefined ? base.workload : oneOf('--workload', [flags.workload], Workload.options)?.[0];
  const cni = flags.cni === undefined ? base.cni : oneOf('--cni', [flags.cni], Cni.options)?.[0];
  if (flags['region-code'] !== undefined && flags.region === undefined && base.region === undefined) {
    throw new TopologyError('--region-code needs --region (the region it is the code of)');
  }
  const regionName = flags.region?.trim().toLowerCase() ?? base.region?.name;
  const regionCode = flags['region-code']?.trim().toLowerCase() ?? (flags.region === undefined ? base.region?.code : undefined);
  const proxyUrl = flags.proxy ?? base.proxy?.url;
  const noProxy = flags['no-proxy'] ?? base.proxy?.noProxy;
  if (proxyUrl === undefined && flags['no-proxy'] !== undefined) {
    throw new TopologyError('--no-proxy needs a proxy: give --proxy URL (or set HTTPS_PROXY)');
  }
  const headnodes = flags.headnode && flags.headnode.length > 0 ? [...flags.headnode] : undefined;
  const versions = {
    ...(base.versions ?? {}),
    ...(flags['runai-version'] !== undefined ? { runai: flags['runai-version'].trim() } : {}),
    ...(flags['azureml-arc-version'] !== undefined ? { 'azureml-arc': flags['azureml-arc-version'].trim() } : {}),
  };

  const images = mergeLists(base.images, flags.image);
  // The flags' mirrors are tried before the answers' (a runtime tries a registry's mirrors in order).
  const mirrors = mergeLists(flags.mirror, base.mirrors);
  const helmRepo = flags['helm-repo'] ?? base.helmRepo;
  const imageList = flags['image-list'] ?? base.imageList;

  const input: TopologyInput = {
    products,
    roles,
    bcm: headnodes ? { enabled: true, headnodes } : (base.bcm ?? { enabled: false, headnodes: [] }),
    controlPlane: {
      ...(base.controlPlane ?? {}),
      ...(flags['control-plane'] !== undefined ? { fqdn: flags['control-plane'] } : {}),
      ...(flags['co-located'] ? { coLocated: true } : {}),
    },
    ...(workload !== undefined ? { workload } : {}),
    ...(regionName !== undefined ? { region: { name: regionName, ...(regionCode !== undefined ? { code: regionCode } : {}) } } : {}),
    wildcards: mergeWildcards(base.wildcards, parseWildcardFlags(flags.wildcard ?? [])),
    prereqs: flags.prereqs === true || base.prereqs === true,
    ...(proxyUrl !== undefined ? { proxy: { url: proxyUrl, ...(noProxy !== undefined ? { noProxy } : {}) } } : {}),
    ...(cni !== undefined ? { cni } : {}),
    ...(Object.keys(versions).length > 0 ? { versions } : {}),
    ...(images !== undefined ? { images } : {}),
    ...(mirrors !== undefined && mirrors.length > 0 ? { mirrors } : {}),
    ...(helmRepo !== undefined ? { helmRepo } : {}),
    ...(imageList !== undefined ? { imageList } : {}),
    ...((flags['arc-gateway'] ?? base.arcGateway) !== undefined ? { arcGateway: (flags['arc-gateway'] ?? base.arcGateway ?? '').trim().toLowerCase() } : {}),
  };
  return finishTopology(input, flagOrigin, undefined, readers);
}
