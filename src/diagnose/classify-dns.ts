import type { CauseCode } from '../knowledge/index.js';
import type { DnsServerAnswer, DnsStep } from '../schema/index.js';
import { addressClass, isPublicName, localAnswer, sinkholeAddresses } from '../probes/index.js';
import { askingOrder, digServer, disagreementOf, GLIBC_DEFAULTS, mismatchFacts, slowResolvers, type ServerVerdict, type ServerView } from './classify-dns-order.js';
import {
  facts,
  interrupted,
  isAborted,
  OK,
  stopWith,
  type Facts,
  type Issue,
  type JudgeInput,
  type NoteDraft,
  type StepJudgement,
} from './classify-types.js';

export { digServer } from './classify-dns-order.js';

const TIMEOUTS = new Set(['ETIMEDOUT', 'ETIMEOUT', 'EAI_AGAIN']);
/** Socket errors that say the resolver cannot be reached from here at all: no route, no usable source address. */
const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);

/** One server's A and AAAA answers, as one verdict: did it say the name exists? */
function viewOf(server: string, answers: readonly DnsServerAnswer[]): ServerView {
  const addresses = answers.flatMap((a) => a.addresses);
  const rcodes = answers.map((a) => a.rcode?.toUpperCase()).filter((r): r is string => r !== undefined);
  const errors = answers.map((a) => a.error).filter((e): e is string => e !== undefined);
  const verdict = ((): ServerVerdict => {
    if (rcodes.includes('NXDOMAIN')) return 'nxdomain';
    if (addresses.length > 0) return 'answer';
    if (rcodes.includes('SERVFAIL')) return 'servfail';
    if (rcodes.includes('REFUSED')) return 'refused';
    if (rcodes.length > 0 && rcodes.length === answers.length && rcodes.every((r) => r === 'NOERROR')) return 'no-address';
    if (rcodes.some((r) => r !== 'NOERROR')) return 'servfail';
    if (errors.some((e) => e === 'ECONNREFUSED')) return 'refused';
    if (errors.length > 0 && errors.every((e) => TIMEOUTS.has(e))) return 'timeout';
    if (errors.some((e) => UNREACHABLE.has(e))) return 'unreachable';
    return 'error';
  })();
  const detail = verdict === 'answer' ? shortList(addresses) : (rcodes.find((r) => r !== 'NOERROR') ?? errors[0] ?? 'NOERROR, no address');
  return { server, verdict, addresses, detail };
}

function serverViews(answers: readonly DnsServerAnswer[]): ServerView[] {
  const byServer = new Map<string, DnsServerAnswer[]>();
  for (const answer of answers) byServer.set(answer.server, [...(byServer.get(answer.server) ?? []), answer]);
  return [...byServer].map(([server, list]) => viewOf(server, list));
}

function shortList(items: readonly string[], max = 4): string {
  const unique = [...new Set(items)];
  return unique.length > max ? `${unique.slice(0, max).join(', ')} (+${unique.length - max} more)` : unique.join(', ');
}

function answersSummary(views: readonly ServerView[]): string {
  return views.map((v) => `${v.server}: ${v.detail}`).join('; ');
}

/** Lookup outcomes that name their cause: `nxdomain` is `dns.nxdomain`. */
const OUTCOME_CAUSES = ['dns.nxdomain', 'dns.servfail', 'dns.timeout', 'dns.refused', 'dns.no-address'] as const;

/** The local lookup failed: which DNS cause, from the system's code refined by what each server said. */
function failureCause(code: string | undefined, outcome: string, views: readonly ServerView[]): CauseCode {
  const said = (verdict: ServerVerdict): boolean => views.some((v) => v.verdict === verdict);
  // getaddrinfo says only EAI_AGAIN when no resolver can be reached: the servers' own errors tell.
  if ((code !== undefined && UNREACHABLE.has(code)) || (views.length > 0 && views.every((v) => v.verdict === 'unreachable'))) {
    return 'dns.resolver-unreachable';
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
      // Node reports NXDOMAIN and "no address of this family" alike as ENOTFOUND.
      if (said('nxdomain')) return 'dns.nxdomain';
      if (views.length > 0 && views.every((v) => v.verdict === 'no-address')) return 'dns.no-address';
      return 'dns.nxdomain';
    case 'ENODATA':
    case 'EAI_NODATA':
      return 'dns.no-address';
    case 'ESERVFAIL':
    case 'EAI_FAIL':
      return 'dns.servfail';
    case 'EREFUSED':
    case 'ECONNREFUSED':
      return 'dns.refused';
    case 'EAI_AGAIN':
    case 'ETIMEOUT':
    case 'ETIMEDOUT':
      if (said('servfail')) return 'dns.servfail';
      if (said('refused')) return 'dns.refused';
      return 'dns.timeout';
    default:
      break;
  }
  const byOutcome = OUTCOME_CAUSES.find((cause) => cause === `dns.${outcome}`);
  if (byOutcome !== undefined) return byOutcome;
  for (const verdict of ['nxdomain', 'servfail', 'refused', 'no-address', 'timeout'] as const) {
    if (said(verdict)) return `dns.${verdict}`;
  }
  if (said('unreachable')) return 'dns.resolver-unreachable';
  return 'check.error';
}

const VERDICT_OF_CAUSE: Readonly<Record<string, ServerVerdict>> = {
  'dns.nxdomain': 'nxdomain',
  'dns.servfail': 'servfail',
  'dns.refused': 'refused',
  'dns.no-address': 'no-address',
  'dns.timeout': 'timeout',
  'dns.resolver-unreachable': 'unreachable',
};
/** Judge the local answer: what the site's software would get from its resolvers. */
function judgeLocal({ step, target }: JudgeInput<DnsStep>): StepJudgement {
  const ev = step.evidence;
  const views = serverViews(ev.servers);
  const system = localAnswer(step);
  const publicName = isPublicName(target.host, target.siteOwned);
  // Texts for a cause or a note: most lookups pass without any, so they are made only when needed.
  let baseFacts: ReturnType<typeof facts> | undefined;
  const base = (): ReturnType<typeof facts> => (baseFacts ??= facts({ resolver: ev.system.via, answers: answersSummary(views), digServer: digServer(views[0]?.server) }));

  if (system.length === 0) {
    if (isAborted(step) || ev.system.code === 'ABORT_ERR') return { ...interrupted(step) };
    const answering = views.filter((v) => v.verdict === 'answer');
    const code = ev.system.code ?? step.code;
    const order = askingOrder(views, ev.resolver ?? GLIBC_DEFAULTS);
    if (answering.length > 0) {
      // A silent resolver asked first, and the lookup gave up waiting before glibc moved on to one that answers.
      const slow = code !== undefined && TIMEOUTS.has(code) ? slowResolvers(views, order) : undefined;
      if (slow !== undefined) {
        return stopWith('warn', 'dns.resolver-slow', { ...base(), ...order.facts, ...slow, ...facts({ variant: 'past-deadline', code, addresses: shortList(answering.flatMap((v) => v.addresses)) }) });
      }
      const negative = views.find((v) => v.verdict !== 'answer');
      return stopWith('fail', 'dns.mismatch', {
        ...base(),
        ...order.facts,
        ...facts({ variant: 'lookup-failed', code, resolver: negative?.server ?? ev.system.via, addresses: shortList(answering.flatMap((v) => v.addresses)), digServer: digServer(negative?.server ?? views[0]?.server) }),
      });
    }
    const cause = failureCause(code, step.outcome, views);
    const culprit = views.find((v) => v.verdict === VERDICT_OF_CAUSE[cause]);
    // For an unreachable resolver the errno is the socket's (ENETUNREACH), not getaddrinfo's EAI_AGAIN.
    const errno = cause === 'dns.resolver-unreachable' && culprit !== undefined ? culprit.detail : code;
    return stopWith('fail', cause, {
      ...base(),
      ...facts({ code: errno, rcode: culprit?.detail, resolver: culprit?.server ?? ev.system.via, digServer: digServer(culprit?.server ?? views[0]?.server) }),
    });
  }

  const addresses = shortList(system);
  // The one definition of a sinkhole answer, which the chain's rule (`continues`) stops at too.
  const sinkholes = sinkholeAddresses(system, target.host, target.siteOwned);
  if (sinkholes.length > 0) {
    return stopWith('fail', 'dns.sinkhole', { ...base(), addresses: shortList(sinkholes) });
  }

  const notes: NoteDraft[] = [];
  const warns: Issue[] = [];
  const privates = system.filter((a) => addressClass(a) === 'private');
  if (publicName && privates.length > 0) notes.push({ code: 'dns.private-endpoint', facts: { ...base(), addresses: shortList(privates) } });

  const order = askingOrder(views, ev.resolver ?? GLIBC_DEFAULTS);
  const disagreement = disagreementOf(views, target.host, target.siteOwned, publicName);
  if (disagreement !== undefined) {
    if (disagreement.answering.length === 0) {
      // No resolver has it, yet the system lookup does: /etc/hosts or another local source.
      const first = disagreement.negative[0];
      warns.push({
        status: 'warn',
        cause: 'dns.mismatch',
        facts: { ...base(), ...order.facts, ...facts({ variant: 'local-only', addresses, resolver: first?.server, rcode: first?.detail, digServer: digServer(first?.server) }) },
      });
    } else {
      warns.push({ status: 'warn', cause: 'dns.mismatch', facts: { ...base(), ...order.facts, ...mismatchFacts(disagreement, order), addresses } });
    }
  }
  const slow = slowResolvers(views, order);
  if (slow !== undefined) warns.push({ status: 'warn', cause: 'dns.resolver-slow', facts: { ...base(), ...order.facts, ...slow } });
  const reported = new Set(slow?.['resolver']?.split(', ') ?? []);
  for (const silent of views.filter((v) => v.verdict === 'timeout' && !reported.has(v.server))) {
    notes.push({ code: 'dns.timeout', facts: { ...base(), resolver: silent.server, digServer: digServer(silent.server) } });
  }
  for (const cutOff of views.filter((v) => v.verdict === 'unreachable')) {
    notes.push({ code: 'dns.resolver-unreachable', facts: { ...base(), ...facts({ resolver: cutOff.server, code: cutOff.detail, digServer: digServer(cutOff.server) }) } });
  }
  return { warns, notes };
}

/**
 * DNS, as DESIGN.md says: the local answer decides, unless the route is a proxy that resolves
 * for us; then what went wrong locally is only a note and the proxy's answer decides.
 */
export function judgeDns(input: JudgeInput<DnsStep>): StepJudgement {
  const local = judgeLocal(input);
  const proxyResolves = input.target.via === 'proxy' && input.step.evidence.proxyResolves === true;
  if (!proxyResolves || local.stop?.status === 'skip') return local;
  const demoted: NoteDraft[] = [...local.notes];
  for (const issue of [...(local.stop ? [local.stop] : []), ...local.warns]) {
    const noteFacts: Facts = { ...issue.facts, localCause: issue.cause };
    demoted.push({ code: 'dns.local-only', facts: noteFacts });
  }
  return demoted.length > 0 ? { warns: [], notes: demoted } : OK;
}
