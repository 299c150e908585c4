import { defaultKnowledge, explain, explainNote, type CauseCode, type RemediationTable } from '../knowledge/index.js';
import { proxyPort } from '../net/index.js';
import type { StepResult } from '../schema/index.js';
import { wildcardNameHint } from '../topology/index.js';
import { describeSkew, SKEW_TOLERANCE_SECONDS, skewOf } from './classify-clock.js';
import { judgeDns } from './classify-dns.js';
import { judgeHttp } from './classify-http.js';
import { judgeProxy, withoutCredentials } from './classify-proxy.js';
import { judgeSsh } from './classify-ssh.js';
import { judgeTcp } from './classify-tcp.js';
import { judgeContextOf } from './classify-basis.js';
import { localLimitFacts, localLimitJudgement, localLimitOf } from './classify-local.js';
import { judgeTls } from './classify-tls.js';
import { facts, type ClassifyContext, type Facts, type Issue, type NoteDraft, type StepJudgement } from './classify-types.js';
import { judgeUdp } from './classify-udp.js';
import { judgeGreeting } from './peer-judge.js';
import { judgePull } from './classify-pull.js';
import { targetNotes } from './classify-target-notes.js';
import type { Finding, FindingBasis, Target } from '../schema/index.js';

export type { ClassifyContext } from './classify-types.js';

export interface ClassifyOptions {
  /** The remediation texts; the project's own by default. */
  readonly remediations?: RemediationTable;
}

/** Direct-route failures that a proxy would have avoided: with NO_PROXY to blame, the cause is `proxy.bypassed`. */
const BYPASSABLE: ReadonlySet<CauseCode> = new Set<CauseCode>([
  'dns.nxdomain',
  'dns.servfail',
  'dns.timeout',
  'dns.resolver-unreachable',
  'dns.refused',
  'dns.no-address',
  'dns.sinkhole',
  'dns.mismatch',
  'tcp.refused',
  'tcp.timeout',
  'tcp.reset',
  'tcp.unreachable',
  'tls.handshake-timeout',
  'tls.handshake-failed',
]);

/** The proxy could not or would not take the request onward: for the site's own host, NO_PROXY is the likely fix. */
const PROXY_REFUSALS: ReadonlySet<CauseCode> = new Set<CauseCode>(['proxy.upstream-failed', 'proxy.dns-failed', 'proxy.denied']);

const DEFAULT_PATHS: Readonly<Record<string, string>> = { 'registry-v2': '/v2/', 'pypi-simple': '/simple/' };

function judgeStep(step: StepResult, target: Target, context: ClassifyContext, steps: readonly StepResult[]): StepJudgement {
  // Out of descriptors or buffers: this machine's limit stopped the step, not the network.
  const limit = localLimitOf(step);
  if (limit !== undefined) return localLimitJudgement(step, limit);
  switch (step.step) {
    case 'dns':
      return judgeDns({ step, target, context, steps });
    case 'tcp':
      return judgeTcp({ step, target, context, steps });
    case 'proxy':
      return judgeProxy({ step, target, context, steps });
    case 'tls':
      return judgeTls({ step, target, context, steps });
    case 'http':
      return judgeHttp({ step, target, context, steps });
    case 'ssh':
      return judgeSsh({ step, target, context, steps });
    case 'udp':
      return judgeUdp({ step, target, context, steps });
    case 'greeting':
      return judgeGreeting({ step, target, context, steps });
    case 'pull':
      return judgePull(step, target, steps);
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function authority(host: string, port: number, defaultPort: number): string {
  const name = host.includes(':') ? `[${host}]` : host;
  return port === defaultPort ? name : `${name}:${port}`;
}

function defaultUrl(target: Target): string {
  if (target.scheme === 'https' || target.scheme === 'http') {
    const path = DEFAULT_PATHS[target.check] ?? '/';
    return `${target.scheme}://${authority(target.host, target.port, target.scheme === 'https' ? 443 : 80)}${path}`;
  }
  return `telnet://${authority(target.host, target.port, -1)}`;
}

function proxyUrlOf(context: ClassifyContext, steps: readonly StepResult[]): string | undefined {
  const fromStep = steps.find((s) => s.step === 'proxy');
  const url = fromStep?.step === 'proxy' ? fromStep.evidence.proxy : context.proxy;
  return url !== undefined ? withoutCredentials(url) : undefined;
}

function proxyHostPort(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${proxyPort(parsed)}`;
  } catch {
    return undefined;
  }
}

/** Facts every text may use, whatever the cause: the target, its route, the commands to verify it. */
function baseFacts(target: Target, context: ClassifyContext, steps: readonly StepResult[]): Facts {
  const proxy = proxyUrlOf(context, steps);
  const viaProxy = target.via === 'proxy' && proxy !== undefined;
  const http = steps.find((s) => s.step === 'http');
  const openssl = viaProxy ? proxyHostPort(proxy) : undefined;
  return {
    ...facts({
      host: target.host,
      port: target.port,
      hostPort: `${authority(target.host, target.port, -1)}`,
      scheme: target.scheme,
      via: target.via,
      route: target.via === 'proxy' ? 'through the proxy' : 'directly',
      check: target.check,
      ruleIds: target.ruleIds.join(', '),
      pattern: target.pattern,
      proxy,
      url: http?.step === 'http' ? http.evidence.url : defaultUrl(target),
      matched: target.proxyDecision?.matched,
      curlDiffers: target.proxyDecision?.curlDiffers,
    }),
    curlProxy: viaProxy ? `--proxy ${proxy} ` : '',
    opensslProxy: openssl ? `-proxy ${openssl} ` : '',
    digServer: '',
    ...(context.siteFlags !== undefined ? { siteFlags: context.siteFlags } : {}),
  };
}

function findingTarget(target: Target): Finding['target'] {
  return {
    host: target.host,
    ...(target.pattern !== undefined ? { pattern: target.pattern } : {}),
    port: target.port,
    transport: target.transport,
    scheme: target.scheme,
    via: target.via,
  };
}

/** The flag a `--flag` mention in a skip's detail names, for the "run again with" line. */
function flagOf(detail: string): string | undefined {
  return /--[a-z][a-z-]*(?:\s+[A-Z][A-Z_]*)?/.exec(detail)?.[0];
}

interface Verdict {
  readonly status: Finding['status'];
  readonly primary?: Issue;
  readonly notes: readonly NoteDraft[];
}

function inputVerdict(target: Target): Verdict | undefined {
  if (target.skip?.cause === 'registry.via-mirror') {
    const f = facts({ detail: target.skip.detail, registry: `${target.host}:${target.port}`, image: target.pull?.[0]?.ref });
    return { status: 'skip', primary: { status: 'skip', cause: 'registry.via-mirror', facts: f }, notes: [] };
  }
  if (target.skip?.cause === 'helm.via-site-repo') {
    const f = facts({ detail: target.skip.detail, host: target.host });
    return { status: 'skip', primary: { status: 'skip', cause: 'helm.via-site-repo', facts: f }, notes: [] };
  }
  if (target.skip) {
    const detail = target.skip.detail;
    const flag = flagOf(detail);
    const extra = target.skip.cause === 'input.wildcard-unresolved'
      ? { nameHint: wildcardNameHint(target.host) }
      // The wizard asks for every missing input but the peers: only a flag gives those.
      : flag?.startsWith('--peer') === true ? { variant: 'flag-only' } : {};
    return { status: 'skip', primary: { status: 'skip', cause: target.skip.cause, facts: facts({ detail, flag, ...extra }) }, notes: [] };
  }
  if (target.check === 'guidance') {
    const f = facts({ detail: target.ruleIds.join(', ') });
    return { status: 'skip', primary: { status: 'skip', cause: 'check.manual', facts: f }, notes: [{ code: 'check.manual', facts: f }] };
  }
  return undefined;
}

/** Walks the steps in order: the first one that stops the check decides; warnings wait for the end. */
function stepsVerdict(target: Target, steps: readonly StepResult[], context: ClassifyContext, table: RemediationTable | undefined): Verdict {
  if (steps.length === 0 && context.cutShort !== undefined) {
    const cut: Issue = { status: 'skip', cause: context.cutShort, facts: facts({ step: 'dns', variant: 'not-started' }) };
    return { status: 'skip', primary: cut, notes: [] };
  }
  if (steps.length === 0) {
    return { status: 'fail', primary: { status: 'fail', cause: 'check.error', facts: { step: 'first', code: 'no observation' } }, notes: [] };
  }
  const notes: NoteDraft[] = [];
  const warns: Issue[] = [];
  let stop: Issue | undefined;
  for (const step of steps) {
    const judged = judgeStep(step, target, context, steps);
    notes.push(...judged.notes);
    warns.push(...judged.warns);
    if (judged.stop) {
      stop = judged.stop;
      break;
    }
  }
  // A runtime client's proxy is its own service's: NO_PROXY sent it direct past that proxy.
  const proxyConfigured = target.runtimeRoute?.source === 'runtime' ? target.runtimeRoute.proxy !== undefined : context.proxyConfigured;
  if (stop?.status === 'fail' && target.via === 'direct' && proxyConfigured && target.proxyDecision?.matched !== undefined && BYPASSABLE.has(stop.cause)) {
    const underlying = explainNote(stop.cause, { ...baseFacts(target, context, steps), ...stop.facts }, table).replace(/\.$/, '');
    notes.push({ code: stop.cause, facts: stop.facts });
    stop = { status: 'fail', cause: 'proxy.bypassed', facts: { ...stop.facts, underlying } };
  }
  if (stop?.status === 'fail' && target.via === 'proxy' && target.siteDirect === true && PROXY_REFUSALS.has(stop.cause)) notes.push({ code: 'proxy.site-host', facts: {} });
  if (target.proxyDecision?.curlDiffers !== undefined) notes.push({ code: 'proxy.no-proxy-differs', facts: {} });
  notes.push(...targetNotes(target));
  // A step stopped by the abort says which abort it was: Ctrl-C, or the whole run's limit.
  if (stop?.cause === 'check.interrupted' && context.cutShort !== undefined) stop = { ...stop, cause: context.cutShort };
  if (!stop && context.cutShort !== undefined) {
    const last = steps[steps.length - 1];
    stop = { status: 'skip', cause: context.cutShort, facts: facts({ step: last?.step }) };
  }
  const issues = [...(stop ? [stop] : []), ...warns];
  const primary = mostImportant(issues, (context.knowledge ?? defaultKnowledge()).causeRank);
  for (const issue of issues) if (issue !== primary) notes.push({ code: issue.cause, facts: issue.facts });
  const skew = skewOf(steps);
  if (skew !== undefined && Math.abs(skew) > SKEW_TOLERANCE_SECONDS && primary?.cause !== 'clock.skew') {
    notes.push({ code: 'clock.skew', facts: { skew: describeSkew(skew) } });
  }
  // A failure stays a failure whichever cause the order puts first.
  const status = stop?.status === 'fail' ? 'fail' : (primary?.status ?? 'pass');
  if (status === 'fail' && target.retired) {
    return { status: 'warn', ...(primary ? { primary } : {}), notes: [...notes, { code: 'target.retired', facts: {} }] };
  }
  return { status, ...(primary ? { primary } : {}), notes };
}

const STATUS_WEIGHT: Readonly<Record<Issue['status'], number>> = { fail: 0, skip: 1, warn: 2 };

/**
 * The cause that matters most among a target's problems, by catalog/knowledge/cause-priority.yaml
 * (the reasoning is written there); a cause it does not list comes last; ties: the worse status,
 * then the earlier step.
 */
function mostImportant(issues: readonly Issue[], rank: ReadonlyMap<string, number>): Issue | undefined {
  let best: Issue | undefined;
  let bestKey: readonly [number, number] | undefined;
  for (const issue of issues) {
    const key = [rank.get(issue.cause) ?? Number.MAX_SAFE_INTEGER, STATUS_WEIGHT[issue.status]] as const;
    if (bestKey === undefined || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = issue;
      bestKey = key;
    }
  }
  return best;
}

/**
 * The verdict on one target from what its probes saw: a status, one primary cause unless it
 * passed, secondary notes, and the texts for the person on-site. Pure: runs again on a saved report.
 */
export function classify(target: Target, steps: readonly StepResult[], context: ClassifyContext, options: ClassifyOptions = {}): Finding {
  const table = options.remediations;
  return findingOf(target, steps, context, inputVerdict(target) ?? stepsVerdict(target, steps, context, table), table);
}

/** A check that threw on one of this machine's limits (EMFILE...): `skip check.local-limit`, with what it saw. */
export function classifyLocalLimit(target: Target, steps: readonly StepResult[], context: ClassifyContext, code: string, options: ClassifyOptions = {}): Finding {
  const primary: Issue = { status: 'skip', cause: 'check.local-limit', facts: localLimitFacts(code, steps[steps.length - 1]?.step) };
  return findingOf(target, steps, context, { status: 'skip', primary, notes: [] }, options.remediations);
}

function findingOf(target: Target, steps: readonly StepResult[], context: ClassifyContext, verdict: Verdict, table: RemediationTable | undefined): Finding {
  const base = baseFacts(target, context, steps);
  const notes: Finding['notes'] = [];
  for (const note of verdict.notes) {
    const text = explainNote(note.code, { ...base, ...note.facts }, table);
    if (!notes.some((n) => n.code === note.code && n.text === text)) notes.push({ code: note.code, text });
  }
  // What it was judged from, so a saved report can be judged again (src/diagnose/reclassify.ts).
  const basis: FindingBasis = { target: structuredClone(target), context: judgeContextOf(context) };
  const finding: Finding = {
    ruleIds: [...target.ruleIds],
    target: findingTarget(target),
    status: verdict.status,
    notes,
    steps: [...steps],
  };
  if (!verdict.primary || verdict.status === 'pass') return { ...finding, basis };
  const texts = explain(verdict.primary.cause, { ...base, ...verdict.primary.facts }, table);
  return {
    ...finding,
    cause: verdict.primary.cause,
    explanation: texts.explanation,
    remediation: texts.remediation,
    verify: texts.verify,
    basis,
  };
}
