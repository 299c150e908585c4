import type { MirrorHost, MirrorsOf } from '../diagnose/index.js';
import { registryName, resolvePullPlan, type ConfigIssue, type RegistryConfig } from '../host/index.js';
import type { Finding, Target } from '../schema/index.js';
import { explain, explainNote, type CauseCode } from '../knowledge/index.js';

/**
 * The mirrors the container runtime pulls each registry through, in its order, as its own
 * configuration (or --mirror) says: containerd's hosts.toml and older CRI mirrors, CRI-O's and
 * Podman's registries.conf, Docker's daemon.json, k3s/RKE2's registries.yaml.
 */
export function mirrorsFrom(config: RegistryConfig): MirrorsOf {
  return (registry) => {
    if (config.runtimes.length === 0) return undefined;
    const plan = resolvePullPlan(config, registry, { operation: 'pull' });
    const mirrors = plan.hosts.filter((host) => host.role === 'mirror');
    if (mirrors.length === 0) return undefined;
    const server = plan.hosts.find((host) => host.role === 'server');
    return {
      serverTried: server !== undefined,
      ...(server !== undefined ? { server: mirrorHost(server) } : {}),
      mirrors: mirrors.map(mirrorHost),
    };
  };
}

function mirrorHost(host: ReturnType<typeof resolvePullPlan>['hosts'][number]): MirrorHost {
  return {
    scheme: host.url.scheme,
    host: host.url.host.replace(/^\[|\]$/g, ''),
    port: host.url.port ?? (host.url.scheme === 'https' ? 443 : 80),
    apiPath: host.url.path,
    caFiles: host.caFiles,
    source: host.source,
    runtime: host.runtime,
    canPull: host.capabilities.includes('pull'),
  };
}

/** The registry a target pulls from, named as the runtimes' configuration names it (`docker.io` for Docker Hub). */
export function registryOfTarget(target: Target): string {
  return registryName(target.port === 443 ? target.host : `${target.host}:${target.port}`);
}

const STATUS = { error: 'fail', warning: 'warn', info: 'pass' } as const;

/** A registry file's problem as a finding of this machine (like the runtimes' proxy findings). */
export function mirrorConfigFindings(issues: readonly ConfigIssue[]): Finding[] {
  return issues.map((issue) => {
    const cause = issue.code as CauseCode;
    const file = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
    const facts = { file, detail: issue.detail, runtime: issue.runtime === 'planned' ? 'containerd' : issue.runtime, caFile: issue.subjectFile ?? issue.file };
    const text = explain(cause, facts);
    const status = STATUS[issue.severity];
    return {
      ruleIds: [`runtime.${issue.runtime}`],
      target: { host: issue.registry ?? 'localhost', port: 0, transport: 'tcp', scheme: 'tcp', via: 'direct' },
      status,
      ...(status === 'pass' ? {} : { cause }),
      notes: status === 'pass' ? [{ code: cause, text: explainNote(cause, facts) }] : [],
      steps: [],
      ...(status === 'pass' ? {} : { explanation: text.explanation, remediation: text.remediation, verify: text.verify }),
      source: 'runtime',
    };
  });
}
