// Answers -> TopologyInput (only the questions asked count), and back, for prefilled answers.
import { Product, Role } from '../vocabulary/index.js';
import { Topology, Workload, type TopologyInput } from './schema.js';
import { askedQuestions } from './questions-list.js';
import { currentValue } from './questions-model.js';
import { OWNED_PATTERNS, SITE_RESOURCES, concreteHost } from './questions-site-names.js';
import { findRegion, resourceName, splitHosts, splitMirrors, type AnswerValue, type Answers, type QuestionContext, type QuestionId } from './questions-values.js';

type Asked = (id: QuestionId) => AnswerValue | undefined;

function askedValues(answers: Answers, ctx: QuestionContext): Asked {
  const values = new Map<QuestionId, AnswerValue>(askedQuestions(answers, ctx).map((q) => [q.id, currentValue(q, answers, ctx)]));
  return (id) => values.get(id);
}

const str = (value: AnswerValue | undefined): string => (typeof value === 'string' ? value.trim() : '');
const strings = (value: AnswerValue | undefined): readonly string[] => (Array.isArray(value) ? (value as readonly string[]) : []);

function wildcards(get: Asked, initial: TopologyInput | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [pattern, hosts] of Object.entries(initial?.wildcards ?? {})) {
    if (!OWNED_PATTERNS.has(pattern)) out[pattern] = [...hosts];
  }
  for (const resource of SITE_RESOURCES) {
    const name = resourceName(str(get(resource.id)), resource.suffix);
    if (name === '') continue;
    for (const pattern of resource.patterns) out[pattern] = [concreteHost(name, pattern)];
  }
  return out;
}

function region(get: Asked, ctx: QuestionContext): TopologyInput['region'] {
  const picked = str(get('region'));
  if (picked === '') return undefined;
  const name = picked === 'other' ? str(get('regionName')).toLowerCase() : picked;
  const code = findRegion(ctx.regions, name)?.code ?? str(get('regionCode')).toLowerCase();
  return { name, ...(code !== '' ? { code } : {}) };
}

/** The versions the answers choose: Run:ai's edition from its question; the others kept from the prefilled answers. */
function versionsOf(runaiVersion: string, ctx: QuestionContext): Pick<TopologyInput, 'versions'> {
  const versions = { ...(ctx.initial?.versions ?? {}), ...(runaiVersion !== '' ? { runai: runaiVersion } : {}) };
  return Object.keys(versions).length > 0 ? { versions } : {};
}

/** The fields no question asks, kept from the prefilled answers (an answers file, a scenario): the site's images, its Arc gateway, its network plugin, its chart repository and image list. */
function unasked(initial: TopologyInput | undefined): Partial<TopologyInput> {
  if (initial === undefined) return {};
  const { images, arcGateway, cni, helmRepo, imageList } = initial;
  return {
    ...(images !== undefined ? { images: [...images] } : {}),
    ...(arcGateway !== undefined ? { arcGateway } : {}),
    ...(cni !== undefined ? { cni } : {}),
    ...(helmRepo !== undefined ? { helmRepo } : {}),
    ...(imageList !== undefined ? { imageList } : {}),
  };
}

/** The topology the answers describe. Answers to questions no longer asked are ignored; fields no question asks come from `ctx.initial`. */
export function applyAnswers(answers: Answers, ctx: QuestionContext): TopologyInput {
  const get = askedValues(answers, ctx);
  // In the choices' order, whichever front end (a multiselect, a typed list) gave them.
  const products = Product.options.filter((p) => strings(get('products')).includes(p));
  const roles = Role.options.filter((r) => strings(get('roles')).includes(r));
  const bcm = get('bcm') === true;
  const proxy = str(get('proxy'));
  const workload = Workload.safeParse(get('workload'));
  const fqdn = str(get('controlPlane'));
  const where = region(get, ctx);
  const mirrors = get('registryMirror') === true ? splitMirrors(str(get('mirrors'))) : [];
  return {
    products,
    roles,
    bcm: { enabled: bcm, headnodes: bcm ? splitHosts(str(get('headnodes'))) : [] },
    controlPlane: { coLocated: get('controlPlaneMode') === 'co-located', ...(fqdn !== '' ? { fqdn } : {}) },
    ...(proxy !== '' ? { proxy: { url: proxy, noProxy: str(get('noProxy')) } } : {}),
    ...(workload.success ? { workload: workload.data } : {}),
    ...(where !== undefined ? { region: where } : {}),
    wildcards: wildcards(get, ctx.initial),
    prereqs: get('prereqs') === true,
    ...(mirrors.length > 0 ? { mirrors } : {}),
    ...unasked(ctx.initial),
    ...versionsOf(str(get('runaiVersion')), ctx),
  };
}

function siteName(input: TopologyInput, patterns: readonly string[]): string {
  for (const pattern of patterns) {
    const host = input.wildcards?.[pattern]?.[0];
    if (host !== undefined && host.endsWith(pattern.slice(1))) return host.slice(0, -(pattern.length - 1));
  }
  return '';
}

/** The edition id a version stands for among the question's choices (the version itself when none lists it). */
function editionIdOf(version: string, ctx: QuestionContext): string {
  const editions = ctx.editions?.['runai'] ?? [];
  const majorMinor = version.split('.').slice(0, 2).join('.');
  return editions.find((e) => e.id === version || e.versions.includes(majorMinor))?.id ?? version;
}

/** The answers a topology input stands for: the wizard's starting point when answers are prefilled. */
export function answersFromTopology(input: TopologyInput, ctx: QuestionContext): Answers {
  const regionName = input.region?.name;
  const known = findRegion(ctx.regions, regionName);
  const out: Partial<Record<QuestionId, AnswerValue>> = {
    products: [...input.products],
    roles: [...input.roles],
    // Headnodes imply BCM, as `--headnode` does.
    bcm: (input.bcm?.enabled ?? false) || (input.bcm?.headnodes?.length ?? 0) > 0,
    headnodes: (input.bcm?.headnodes ?? []).join(', '),
    controlPlaneMode: input.controlPlane?.coLocated === true ? 'co-located' : 'saas',
    controlPlane: input.controlPlane?.fqdn ?? '',
    proxy: input.proxy?.url ?? '',
    noProxy: input.proxy?.noProxy ?? '',
    workload: input.workload ?? 'both',
    prereqs: input.prereqs ?? false,
    registryMirror: (input.mirrors ?? []).length > 0,
    mirrors: (input.mirrors ?? []).join(' '),
    ...(input.versions?.runai !== undefined ? { runaiVersion: editionIdOf(input.versions.runai, ctx) } : {}),
  };
  if (regionName !== undefined) {
    out.region = known ? known.name : 'other';
    if (!known) {
      out.regionName = regionName;
      out.regionCode = input.region?.code ?? '';
    }
  }
  for (const resource of SITE_RESOURCES) out[resource.id] = siteName(input, resource.patterns);
  return out;
}

export type FinishedAnswers = { readonly ok: true; readonly topology: Topology } | { readonly ok: false; readonly error: string };

/** The answers as a validated Topology, or what is wrong with them (field: message). */
export function finishAnswers(answers: Answers, ctx: QuestionContext): FinishedAnswers {
  const parsed = Topology.safeParse(applyAnswers(answers, ctx));
  if (parsed.success) return { ok: true, topology: parsed.data };
  return { ok: false, error: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'answers'}: ${issue.message}`).join('\n') };
}
