// The wizard's questions, defined once as data; the Ink and plain front ends both render this list.
import { Product, regionCodeSource, Role } from '../vocabulary/index.js';
import { Workload } from './schema.js';
import { currentValue, type Question, type TextQuestion } from './questions-model.js';
import { SITE_RESOURCES, type SiteResource } from './questions-site-names.js';
import {
  checkHost,
  checkMirrors,
  checkProxy,
  envNoProxy,
  envProxy,
  findRegion,
  flag,
  hasProduct,
  list,
  resourceName,
  splitHosts,
  text,
  type Answers,
  type QuestionContext,
  type QuestionId,
} from './questions-values.js';

const always = (): boolean => true;
const runai = (a: Answers): boolean => hasProduct(a, 'runai');
const arc = (a: Answers): boolean => hasProduct(a, 'azureml-arc');
const orText = (a: Answers, id: QuestionId, fallback: string): string => text(a, id) ?? fallback;
const fixed = (prompt: string) => (): string => prompt;

const PRODUCT_LABELS: Readonly<Record<Product, string>> = { runai: 'NVIDIA Run:ai', 'azureml-arc': 'Azure Machine Learning on Azure Arc' };
const ROLE_HINTS: Readonly<Record<Role, string>> = {
  installer: 'the machine that runs the installation',
  'k8s-node': 'a Kubernetes node of the cluster',
  'system-node': 'runs the platform\'s system services (also a k8s node)',
  'bcm-headnode': 'a Base Command Manager headnode',
  workstation: 'a user\'s machine outside the cluster',
};

function siteNameQuestion(resource: SiteResource): TextQuestion {
  return {
    id: resource.id,
    kind: 'text',
    prompt: fixed(resource.prompt),
    help: resource.help,
    ask: arc,
    default: (a) => orText(a, resource.id, ''),
    validate: (value) => {
      const name = resourceName(value, resource.suffix);
      return name === '' || resource.valid.test(name) ? undefined : `'${value.trim()}' is not a valid name: ${resource.expected}`;
    },
  };
}

export const QUESTIONS: readonly Question[] = [
  {
    id: 'products',
    kind: 'multiselect',
    prompt: fixed('Which platform(s) is this site installing?'),
    help: 'Space toggles; pick both when the site runs both.',
    ask: always,
    choices: () => Product.options.map((value) => ({ value, label: PRODUCT_LABELS[value] })),
    default: (a) => list(a, 'products') ?? ['runai'],
    validate: (value) => (value.length === 0 ? 'Pick at least one platform.' : undefined),
  },
  {
    id: 'roles',
    kind: 'multiselect',
    prompt: fixed('What is this machine\'s role?'),
    help: 'Rules needed from other roles are listed as "check from there".',
    ask: always,
    choices: () => Role.options.map((value) => ({ value, label: value, hint: ROLE_HINTS[value] })),
    default: (a) => list(a, 'roles') ?? ['installer'],
    validate: (value) => (value.length === 0 ? 'Pick at least one role for this machine.' : undefined),
  },
  {
    id: 'bcm',
    kind: 'confirm',
    prompt: fixed('Is the cluster installed through NVIDIA Base Command Manager (BCM)?'),
    help: 'The installer then needs SSH to the BCM headnodes.',
    ask: runai,
    default: (a) => flag(a, 'bcm') ?? (list(a, 'roles') ?? []).includes('bcm-headnode'),
  },
  {
    id: 'headnodes',
    kind: 'text',
    prompt: fixed('The BCM headnodes (names or addresses, comma-separated)'),
    help: 'Each one is checked for SSH on port 22.',
    ask: (a) => runai(a) && flag(a, 'bcm') === true,
    default: (a) => orText(a, 'headnodes', ''),
    validate: (value) => {
      const hosts = splitHosts(value);
      if (hosts.length === 0) return 'Give at least one headnode, or answer No to the BCM question.';
      return hosts.map((host) => checkHost(host, 'headnode')).find((message) => message !== undefined);
    },
  },
  {
    id: 'controlPlaneMode',
    kind: 'select',
    prompt: fixed('Where does the Run:ai control plane run?'),
    help: 'Self-hosted: installed on this cluster, reached through the cluster\'s own FQDN.',
    ask: runai,
    choices: () => [
      { value: 'saas', label: 'elsewhere', hint: 'NVIDIA SaaS or another cluster, reached by its FQDN' },
      { value: 'co-located', label: 'on this cluster', hint: 'self-hosted, co-located: the cluster\'s own FQDN' },
    ],
    default: (a) => orText(a, 'controlPlaneMode', 'saas'),
  },
  {
    id: 'controlPlane',
    kind: 'text',
    prompt: (a) =>
      text(a, 'controlPlaneMode') === 'co-located'
        ? 'The cluster\'s FQDN (its ingress), e.g. runai.example.com'
        : 'The control plane\'s FQDN, e.g. mycompany.run.ai',
    help: 'Empty: the cluster-sync and metrics rules are skipped, not checked.',
    ask: runai,
    default: (a) => orText(a, 'controlPlane', ''),
    validate: (value) => (value.trim() === '' ? undefined : checkHost(value.trim(), 'control plane FQDN')),
  },
  {
    id: 'proxy',
    kind: 'text',
    prompt: fixed('Outbound proxy URL (empty: direct)'),
    help: 'Default from HTTPS_PROXY/HTTP_PROXY; credentials are shown masked and never saved.',
    ask: always,
    default: (a, ctx) => orText(a, 'proxy', envProxy(ctx.env)),
    validate: (value) => checkProxy(value),
    secret: true,
  },
  {
    id: 'noProxy',
    kind: 'text',
    prompt: fixed('Hosts that bypass the proxy (NO_PROXY, comma-separated)'),
    help: 'Matched as the platform\'s components match them; default from NO_PROXY.',
    ask: (a) => (text(a, 'proxy') ?? '').trim() !== '',
    default: (a, ctx) => orText(a, 'noProxy', envNoProxy(ctx.env)),
    validate: (value) => (/[^\w.,*:/[\]\s-]/.test(value) ? 'Use host names, domains (.example.com) and CIDRs, comma-separated.' : undefined),
  },
  {
    id: 'registryMirror',
    kind: 'confirm',
    prompt: fixed('Do your nodes pull through a registry mirror?'),
    help: 'A Harbor, Artifactory or Nexus serving docker.io, nvcr.io... in their place: it is checked instead of them.',
    ask: always,
    default: (a) => flag(a, 'registryMirror') ?? false,
  },
  {
    id: 'mirrors',
    kind: 'text',
    prompt: fixed('The mirrors, each REGISTRY=URL[,ca=FILE], separated by spaces'),
    help: 'e.g. docker.io=https://harbor.corp/v2/dockerhub nvcr.io=https://harbor.corp/v2/nvcr,ca=/etc/pki/harbor-ca.pem',
    ask: (a) => flag(a, 'registryMirror') === true,
    default: (a) => orText(a, 'mirrors', ''),
    validate: (value, _a, ctx) => checkMirrors(value, ctx),
  },
  {
    id: 'workload',
    kind: 'select',
    prompt: fixed('Will the cluster run training, inference, or both?'),
    help: 'Some Azure ML endpoints are needed for training only.',
    ask: arc,
    choices: () => Workload.options.map((value) => ({ value, label: value })),
    default: (a) => orText(a, 'workload', 'both'),
  },
  {
    id: 'runaiVersion',
    kind: 'select',
    prompt: fixed('Which Run:ai version will you install?'),
    help: 'Each version has its own network requirements (its registries, its Helm repository).',
    ask: (a, ctx) => runai(a) && (ctx.editions?.['runai']?.length ?? 0) > 1,
    choices: (_a, ctx) => [...(ctx.editions?.['runai'] ?? [])].reverse().map((e) => ({ value: e.id, label: e.versions.length > 0 ? `Run:ai ${e.versions[0] ?? ''} to ${e.versions.at(-1) ?? ''}` : e.title, hint: e.versions.length > 0 ? e.title : e.id })),
    default: (a, ctx) => orText(a, 'runaiVersion', ctx.editions?.['runai']?.at(-1)?.id ?? ''),
  },
  {
    id: 'prereqs',
    kind: 'confirm',
    prompt: fixed('Do the prerequisites (ingress-nginx, GPU Operator, Knative...) come from public registries?'),
    help: 'Yes adds registry.k8s.io, gcr.io, quay.io and docker.io to the checks.',
    ask: runai,
    default: (a) => flag(a, 'prereqs') ?? false,
  },
  {
    id: 'region',
    kind: 'select',
    prompt: fixed('Which Azure region is the workspace in?'),
    help: 'Its region code is filled from the table; pick "other" for a region outside it.',
    ask: arc,
    choices: (_a, ctx) => [
      ...ctx.regions.map((region) => ({ value: region.name, label: region.name, hint: `${region.display}, code ${region.code}` })),
      { value: 'other', label: 'other', hint: 'type the region and its code' },
    ],
    default: (a, ctx) => orText(a, 'region', ctx.regions[0]?.name ?? 'other'),
  },
  {
    id: 'regionName',
    kind: 'text',
    prompt: fixed('The Azure region, lower-case, as Azure spells it in endpoint names'),
    help: 'The name without spaces: East US is eastus, West US 2 is westus2.',
    ask: (a) => arc(a) && text(a, 'region') === 'other',
    default: (a) => orText(a, 'regionName', ''),
    validate: (value) => (/^[a-z0-9]+$/.test(value.trim()) ? undefined : 'A lower-case Azure region name, letters and digits only (East US is eastus).'),
  },
  {
    id: 'regionCode',
    kind: 'text',
    prompt: (a) => `The region code of ${orText(a, 'regionName', 'that region')} (the prefix of <code>.his.arc.azure.com)`,
    help: `Not in the table netreq carries. ${regionCodeSource()}`,
    ask: (a, ctx) => arc(a) && text(a, 'region') === 'other' && findRegion(ctx.regions, text(a, 'regionName')) === undefined,
    default: (a) => orText(a, 'regionCode', ''),
    validate: (value) => (/^[a-z0-9]+$/.test(value.trim()) ? undefined : 'A lower-case code, letters and digits (East US\'s is eus).'),
  },
  ...SITE_RESOURCES.map(siteNameQuestion),
];

/** The questions a person will likely be asked: unanswered ones taken at their defaults (for "question 3 of 8"). */
export function expectedQuestions(answers: Answers, ctx: QuestionContext): Question[] {
  let filled: Answers = answers;
  for (const question of QUESTIONS) {
    if (question.ask(filled, ctx) && filled[question.id] === undefined) filled = { ...filled, [question.id]: currentValue(question, filled, ctx) };
  }
  return askedQuestions(filled, ctx);
}

/** The questions asked for the answers so far, in order. */
export function askedQuestions(answers: Answers, ctx: QuestionContext): Question[] {
  return QUESTIONS.filter((question) => question.ask(answers, ctx));
}

export function questionById(id: QuestionId): Question {
  const question = QUESTIONS.find((q) => q.id === id);
  if (!question) throw new Error(`no question '${id}'`);
  return question;
}
