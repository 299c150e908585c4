import type { DnsStep } from '../schema/index.js';
import { addressClass, sinkholeAddresses } from '../probes/index.js';
import { facts, type Facts } from './classify-types.js';

// How glibc goes through resolv.conf's nameservers, for dns.mismatch and dns.resolver-slow:
// the order they are asked in, which answer the platform gets, and what a silent one costs.

export type ServerVerdict = 'answer' | 'nxdomain' | 'servfail' | 'refused' | 'no-address' | 'timeout' | 'unreachable' | 'error';

export interface ServerView {
  readonly server: string;
  readonly verdict: ServerVerdict;
  readonly addresses: readonly string[];
  readonly detail: string;
}

/** `@10.0.0.2 ` or `@127.0.0.1 -p 5353 ` for a dig command line; empty for the system's resolver. */
export function digServer(label: string | undefined): string {
  if (!label) return '';
  const bracketed = /^\[(.+)\]:(\d+)$/.exec(label);
  if (bracketed) return `@${bracketed[1]} -p ${bracketed[2]} `;
  const v4port = /^([^:]+):(\d+)$/.exec(label);
  if (v4port) return `@${v4port[1]} -p ${v4port[2]} `;
  return `@${label} `;
}

export type Policy = NonNullable<DnsStep['evidence']['resolver']>;
/** glibc's defaults (resolv.h): what a report without resolv.conf's options (`--dns-server`, older reports) is judged by. */
export const GLIBC_DEFAULTS: Policy = { timeoutS: 5, attempts: 2, rotate: false };

/** Verdicts after which glibc asks the next server: no answer, or one it does not take (res_send.c). */
const GLIBC_MOVES_ON: ReadonlySet<ServerVerdict> = new Set(['timeout', 'unreachable', 'error', 'servfail', 'refused']);

export interface AskingOrder {
  readonly policy: Policy;
  /** The server whose answer the platform gets (without `rotate`): the first that answers with one glibc takes. */
  readonly used?: ServerView;
  readonly facts: Facts;
}

/** The servers as glibc asks them: in resolv.conf's order, the first that answers decides; `rotate`: each query starts at the next. */
export function askingOrder(views: readonly ServerView[], policy: Policy): AskingOrder {
  const used = policy.rotate ? undefined : views.find((v) => !GLIBC_MOVES_ON.has(v.verdict));
  return {
    policy,
    ...(used !== undefined ? { used } : {}),
    facts: facts({
      resolvers: views.map((v) => v.server).join(', '),
      order: policy.rotate ? 'rotate' : 'first-answering',
      usedResolver: used?.server,
      usedAnswer: used?.detail,
      timeoutS: policy.timeoutS,
      attempts: policy.attempts,
    }),
  };
}

export interface Disagreement {
  readonly answering: readonly ServerView[];
  /** Resolvers that say the name does not exist (or has no address, or answer a sinkhole). */
  readonly negative: readonly ServerView[];
  /** Resolvers whose answers differ in kind: a private address against a public one. */
  readonly split: boolean;
}

/**
 * Do the resolvers that answered disagree about the name? One says it exists and another that it
 * does not (NXDOMAIN, NODATA, SERVFAIL, REFUSED, a sinkhole), or one gives a private address and
 * another a public one (split horizon). Two public answers that differ are a CDN's doing, not this.
 */
export function disagreementOf(views: readonly ServerView[], host: string, siteOwned: boolean, publicName: boolean): Disagreement | undefined {
  const sinkholing = (v: ServerView): boolean => v.verdict === 'answer' && sinkholeAddresses(v.addresses, host, siteOwned).length > 0;
  const answering = views.filter((v) => v.verdict === 'answer' && !sinkholing(v));
  const negative = views.filter((v) => ['nxdomain', 'no-address', 'servfail', 'refused'].includes(v.verdict) || sinkholing(v));
  const split = publicName && new Set(answering.map((v) => v.addresses.some((a) => addressClass(a) === 'private'))).size > 1;
  return negative.length > 0 || split ? { answering, negative, split } : undefined;
}

/** The resolvers' answers side by side, and which one the platform gets. */
export function mismatchFacts(d: Disagreement, order: AskingOrder): Facts {
  const used = order.used;
  // The resolver that disagrees with the one used: a negative one, or the other side of a split.
  const other = d.negative.find((v) => v !== used) ?? d.answering.find((v) => v !== used && v.detail !== used?.detail) ?? d.negative[0] ?? d.answering[0];
  const variant = order.policy.rotate ? 'rotate' : d.split ? 'split-horizon' : used !== undefined && d.negative.includes(used) ? 'first-says-no' : 'servers-disagree';
  return facts({ variant, resolver: other?.server, rcode: other?.detail, digServer: digServer(other?.server) });
}

/**
 * glibc's wait for one silent server (res_send.c send_dg): the first server asked gets the full
 * `timeout`, the one at index i after it `timeout << i / nscount`, at least 1 s.
 */
function waitFor(index: number, count: number, timeoutS: number): number {
  if (index === 0) return timeoutS;
  return Math.max(1, Math.floor((timeoutS * 2 ** index) / count));
}

/**
 * Silent resolvers that glibc asks before the one that answers: every lookup waits for each of
 * them first. With `rotate`, any silent one costs that wait on its share of the lookups.
 */
export function slowResolvers(views: readonly ServerView[], order: AskingOrder): Facts | undefined {
  const { policy } = order;
  const firstAnswering = views.findIndex((v) => !GLIBC_MOVES_ON.has(v.verdict));
  if (firstAnswering < 0) return undefined;
  const silentBefore = views.slice(0, policy.rotate ? views.length : firstAnswering).map((v, index) => ({ v, index })).filter(({ v }) => v.verdict === 'timeout');
  if (silentBefore.length === 0) return undefined;
  const seconds = silentBefore.reduce((sum, { index }) => sum + waitFor(policy.rotate ? 0 : index, views.length, policy.timeoutS), 0);
  return facts({
    variant: policy.rotate ? 'rotate' : undefined,
    resolver: silentBefore.map(({ v }) => v.server).join(', '),
    seconds: policy.rotate ? waitFor(0, views.length, policy.timeoutS) : seconds,
    answeringResolver: views[firstAnswering]?.server,
    digServer: digServer(silentBefore[0]?.v.server),
  });
}
