// The leaf module, not catalog/index.js: catalog's selection imports report, and a cycle would follow.
import { CLUSTER_INTERNAL } from '../catalog/index.js';
import type { Finding } from '../schema/index.js';
import { goUseProxy, parseNoProxy, proxyPort, redactUrl, type NoProxyEntry } from '../net/index.js';
import type { RuntimeProxy } from '../schema/index.js';
import { explain, type RemediationTable } from '../knowledge/index.js';
import type { Report, RuntimeBasis } from '../schema/index.js';
import { summarize } from '../report/index.js';

/**
 * The shell reaching the internet proves nothing about image pulls: containerd, Docker and
 * kubelet run with their own environment. These findings compare the proxy settings those
 * services will run with against the ones this run used. Pure: gathered settings in, findings out.
 */

export const RUNTIME_CAUSES = ['runtime.proxy-missing', 'runtime.proxy-differs', 'runtime.no-proxy-incomplete'] as const;

export interface RuntimeExplained {
  readonly explanation: string;
  readonly remediation: string;
  readonly verify: string;
}

export interface RuntimeCheckInput {
  readonly runtimes: readonly RuntimeProxy[];
  /** The proxy this run went through (URLs as given; passwords never reach the findings), and its NO_PROXY. */
  readonly proxy: { readonly httpsProxy?: string | undefined; readonly httpProxy?: string | undefined; readonly noProxy: string };
  /** Names and addresses the services must reach directly: the control plane, headnodes, the node's own addresses. */
  readonly direct: readonly string[];
  /** The knowledge table's texts for a cause, filled from the facts (src/knowledge's `explain`). */
  readonly explain: (cause: string, facts: Readonly<Record<string, string | undefined>>) => RuntimeExplained;
}

function endpoint(url: string | undefined): { host: string; port: number } | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
    const port = proxyPort(parsed);
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(), port };
  } catch {
    return undefined;
  }
}

/** A name that an entry of the run's NO_PROXY sends direct, to test the service's list with. */
function exampleOf(entry: NoProxyEntry): string | undefined {
  switch (entry.kind) {
    case 'domain':
      return entry.matchHost ? entry.suffix.slice(1) : `host${entry.suffix}`;
    case 'ip':
      return entry.raw.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    case 'cidr':
    case 'all':
      return undefined;
    default: {
      const unreachable: never = entry;
      return unreachable;
    }
  }
}

/** What the service's NO_PROXY misses: names that must go direct, and entries of the run's NO_PROXY. */
export function missingNoProxy(serviceNoProxy: string | undefined, runNoProxy: string, direct: readonly string[]): string[] {
  const entries = parseNoProxy(serviceNoProxy ?? '');
  const proxied = (host: string): boolean => goUseProxy(host, 443, entries).useProxy;
  const missing = direct.filter((name) => name !== '' && proxied(name));
  const rawService = new Set(entries.map((e) => e.raw));
  for (const entry of parseNoProxy(runNoProxy)) {
    const example = exampleOf(entry);
    const covered = example !== undefined ? !proxied(example) : rawService.has(entry.raw) || entries.some((e) => e.kind === 'all');
    if (!covered) missing.push(entry.raw);
  }
  return [...new Set(missing)];
}

function suggestedNoProxy(current: string | undefined, runNoProxy: string, missing: readonly string[]): string {
  const base = (current ?? runNoProxy).split(',').map((x) => x.trim()).filter((x) => x !== '');
  return [...new Set([...base, ...missing, ...CLUSTER_INTERNAL])].join(',');
}

function finding(runtime: RuntimeProxy, cause: string, status: 'fail' | 'warn', at: { host: string; port: number }, text: RuntimeExplained): Finding {
  return {
    ruleIds: [`runtime.${runtime.name}`],
    target: { host: at.host, port: at.port, transport: 'tcp', scheme: 'http', via: 'proxy' },
    status,
    cause,
    notes: [],
    steps: [],
    explanation: text.explanation,
    remediation: text.remediation,
    verify: text.verify,
  };
}

/**
 * One finding per installed service whose settings differ from this run's: no HTTPS_PROXY while
 * the run needed a proxy (`fail`), a different proxy (`warn`), a NO_PROXY that would send the
 * control plane, the headnodes, the node's own addresses or the site's NO_PROXY entries through
 * the proxy (`warn`). A run that went direct checks only that the services do not use a proxy it
 * never tested.
 */
export function runtimeProxyFindings(input: RuntimeCheckInput): Finding[] {
  const runUrl = input.proxy.httpsProxy ?? input.proxy.httpProxy;
  const run = endpoint(runUrl);
  const findings: Finding[] = [];
  for (const runtime of input.runtimes.filter((r) => r.present)) {
    const own = runtime.effective;
    const ownEndpoint = endpoint(own.httpsProxy);
    const missing = missingNoProxy(own.noProxy, input.proxy.noProxy, input.direct);
    const facts = {
      runtime: runtime.name,
      proxy: runUrl !== undefined ? redactUrl(runUrl) : 'no proxy (direct)',
      runtimeProxy: own.httpsProxy !== undefined ? redactUrl(own.httpsProxy) : own.httpProxy !== undefined ? `only HTTP_PROXY=${redactUrl(own.httpProxy)}` : 'no proxy',
      missing: missing.join(', '),
      noProxy: suggestedNoProxy(own.noProxy, input.proxy.noProxy, missing),
    };
    if (run === undefined) {
      if (ownEndpoint !== undefined) {
        findings.push(finding(runtime, 'runtime.proxy-differs', 'warn', ownEndpoint, input.explain('runtime.proxy-differs', { ...facts, variant: 'direct-run' })));
      }
      continue;
    }
    if (ownEndpoint === undefined) {
      findings.push(finding(runtime, 'runtime.proxy-missing', 'fail', run, input.explain('runtime.proxy-missing', facts)));
    } else if (ownEndpoint.host !== run.host || ownEndpoint.port !== run.port) {
      findings.push(finding(runtime, 'runtime.proxy-differs', 'warn', ownEndpoint, input.explain('runtime.proxy-differs', facts)));
    }
    if (ownEndpoint !== undefined && missing.length > 0) {
      const first = missing[0] ?? '';
      findings.push(finding(runtime, 'runtime.no-proxy-incomplete', 'warn', { host: first, port: 443 }, input.explain('runtime.no-proxy-incomplete', facts)));
    }
  }
  return findings;
}

/**
 * What the runtime findings are judged from, to keep in the report (`report.runtime`): the run's
 * proxy URLs with their passwords masked here (the findings never show them either), the rest as given.
 */
export function runtimeBasisOf(input: Omit<RuntimeCheckInput, 'explain'> & { readonly siteFlags?: string | undefined }): RuntimeBasis {
  const { httpsProxy, httpProxy, noProxy } = input.proxy;
  return {
    runtimes: structuredClone([...input.runtimes]),
    proxy: {
      ...(httpsProxy !== undefined ? { httpsProxy: redactUrl(httpsProxy) } : {}),
      ...(httpProxy !== undefined ? { httpProxy: redactUrl(httpProxy) } : {}),
      noProxy,
    },
    direct: [...input.direct],
    ...(input.siteFlags !== undefined ? { siteFlags: input.siteFlags } : {}),
  };
}

/**
 * The container-runtime findings from their basis, explained with this version's texts (the site's
 * flags filled in), each marked `source: 'runtime'` so judging the report again replaces them. Pure.
 */
export function runtimeFindingsOf(basis: RuntimeBasis, options: { readonly remediations?: RemediationTable } = {}): Finding[] {
  const siteFlags = basis.siteFlags !== undefined ? { siteFlags: basis.siteFlags } : {};
  const findings = runtimeProxyFindings({
    runtimes: basis.runtimes,
    proxy: basis.proxy,
    direct: basis.direct,
    explain: (cause, facts) => explain(cause, { ...facts, ...siteFlags }, options.remediations),
  });
  return findings.map((f) => ({ ...f, source: 'runtime' as const }));
}

/** The report with its runtime basis kept and the runtime findings made from it appended (summary recomputed). */
export function withRuntimeFindings(report: Report, basis: RuntimeBasis, options: { readonly remediations?: RemediationTable } = {}): Report {
  const findings = [...report.findings.filter((f) => f.source !== 'runtime'), ...runtimeFindingsOf(basis, options)];
  return { ...report, findings, summary: summarize(findings), runtime: basis };
}
