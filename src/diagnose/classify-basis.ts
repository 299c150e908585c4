import { maskUrlUserinfo } from '../mask-userinfo.js';
import type { JudgeContext, Report } from '../schema/index.js';
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

/** The report with what every finding's basis shares (the site's flags) kept once, in `basisShared`. */
export function withSharedBasis(report: Report): Report {
  const flags = new Set(report.findings.flatMap((f) => (f.basis?.context.siteFlags !== undefined ? [f.basis.context.siteFlags] : [])));
  if (flags.size !== 1) return report;
  const [siteFlags] = flags;
  const findings = report.findings.map((f) => {
    if (f.basis === undefined) return f;
    const { siteFlags: _shared, ...context } = f.basis.context;
    return { ...f, basis: { ...f.basis, context } };
  });
  return { ...report, findings, basisShared: { ...report.basisShared, ...(siteFlags !== undefined ? { siteFlags } : {}) } };
}

/** Each finding's basis whole again: what the report keeps once put back into every context. */
export function withBasisExpanded(report: Report): Report {
  const siteFlags = report.basisShared?.siteFlags;
  if (siteFlags === undefined) return report;
  const findings = report.findings.map((f) => (f.basis === undefined || f.basis.context.siteFlags !== undefined ? f : { ...f, basis: { ...f.basis, context: { ...f.basis.context, siteFlags } } }));
  return { ...report, findings };
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
