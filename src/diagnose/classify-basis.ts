import { maskUrlUserinfo } from '../mask-userinfo.js';
import type { JudgeContext } from '../schema/index.js';
import type { ClassifyContext } from './classify-types.js';

/**
 * The classifier's context as data, to save with a finding (its `basis.context`): everything but
 * the knowledge, which is this version's. The proxy URL comes redacted from the runner; its
 * password is masked again here all the same (the texts never show it: `withoutCredentials`), so a
 * report never keeps one.
 */
export function judgeContextOf(context: ClassifyContext): JudgeContext {
  return {
    proxyConfigured: context.proxyConfigured,
    ...(context.proxy !== undefined ? { proxy: maskUrlUserinfo(context.proxy) } : {}),
    ...(context.now !== undefined ? { now: context.now } : {}),
    ...(context.clockSkewSeconds !== undefined ? { clockSkewSeconds: context.clockSkewSeconds } : {}),
    ...(context.cutShort !== undefined ? { cutShort: context.cutShort } : {}),
    ...(context.siteFlags !== undefined ? { siteFlags: context.siteFlags } : {}),
    ...(context.interceptors !== undefined ? { interceptors: [...context.interceptors] } : {}),
  };
}

/** A saved context made a ClassifyContext again, with this version's knowledge when one is given. */
export function classifyContextOf(saved: JudgeContext, knowledge?: ClassifyContext['knowledge']): ClassifyContext {
  return {
    proxyConfigured: saved.proxyConfigured,
    ...(saved.proxy !== undefined ? { proxy: saved.proxy } : {}),
    ...(saved.now !== undefined ? { now: saved.now } : {}),
    ...(saved.clockSkewSeconds !== undefined ? { clockSkewSeconds: saved.clockSkewSeconds } : {}),
    ...(saved.cutShort !== undefined ? { cutShort: saved.cutShort } : {}),
    ...(saved.siteFlags !== undefined ? { siteFlags: saved.siteFlags } : {}),
    ...(saved.interceptors !== undefined ? { interceptors: saved.interceptors } : {}),
    ...(knowledge !== undefined ? { knowledge } : {}),
  };
}
