// Plain data for the UI tests: targets, findings, a report builder, and event streams.
import type { Finding, FindingInput, RunEvent, SiteEvent, Target } from '../../src/schema/index.js';

/** The engine's events before its `done`, as the fakes below yield them. */
export type RowEvent = Exclude<RunEvent, { readonly type: 'done' }>;
import { Finding as FindingSchema } from '../../src/schema/index.js';
import type { Report } from '../../src/schema/index.js';
import type { Topology } from '../../src/topology/schema.js';
import type { RuleSummary } from '../../src/ui/types.js';

export function target(host: string, port = 443, ruleIds: string[] = [`runai.${host.split('.')[0] ?? 'x'}`]): Target {
  return { key: `https://${host}:${port}/tcp via direct`, host, port, transport: 'tcp', scheme: 'https', via: 'direct', check: 'https-reachable', ruleIds, siteOwned: false, retired: false };
}

const DNS_OK = (host: string) => ({
  step: 'dns' as const,
  ok: true,
  outcome: 'resolved',
  ms: 4,
  evidence: { host, system: { via: 'getaddrinfo', addresses: ['203.0.113.10'] }, servers: [], addresses: ['203.0.113.10'] },
});

export function finding(t: Target, status: Finding['status'], cause?: string, extra: Partial<FindingInput> = {}): Finding {
  const steps =
    status === 'fail' && cause === 'tcp.refused'
      ? [DNS_OK(t.host), { step: 'tcp' as const, ok: false, outcome: 'refused', code: 'ECONNREFUSED', ms: 2, evidence: { port: t.port, to: 'host' as const, attempts: [{ address: '203.0.113.10', family: 4 as const, outcome: 'refused' as const, code: 'ECONNREFUSED', ms: 2 }] } }]
      : [DNS_OK(t.host)];
  return FindingSchema.parse({
    ruleIds: t.ruleIds,
    target: { host: t.host, port: t.port, transport: t.transport, scheme: t.scheme, via: t.via },
    status,
    ...(cause !== undefined ? { cause } : {}),
    steps,
    ...(status === 'fail'
      ? {
          explanation: `Nothing accepted a connection to ${t.host} on port ${t.port}: a firewall rejects it.`,
          remediation: `Allow outbound TCP ${t.port} from the cluster's nodes to ${t.host}.`,
          verify: `curl -v https://${t.host}:${t.port}/`,
        }
      : {}),
    ...extra,
  });
}

export function buildReport(findings: readonly Finding[], topology: Topology, interrupted: boolean): Report {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const f of findings) summary[f.status] += 1;
  return {
    schemaVersion: 1,
    tool: { name: 'netreq', version: '0.0.0-test' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    interrupted,
    topology: { ...topology },
    environment: {},
    findings: [...findings],
    elsewhere: [{ ruleId: 'runai.cluster-sync', fromRoles: ['system-node'], host: 'cp.example.com', port: '443', purpose: 'sync' }],
    summary,
  };
}

export const SUMMARY: RuleSummary = {
  total: 9,
  here: 6,
  elsewhere: [
    { ruleId: 'runai.registry', fromRoles: ['k8s-node'] },
    { ruleId: 'runai.gcr', fromRoles: ['k8s-node'] },
    { ruleId: 'runai.cluster-sync', fromRoles: ['system-node'] },
  ],
  byRole: { installer: 6, 'k8s-node': 2, 'system-node': 1 },
  rules: [
    { id: 'runai.jfrog', product: 'runai', section: 'installation' },
    { id: 'runai.registry', product: 'runai', section: 'installation' },
    { id: 'runai.pypi', product: 'runai', section: 'external access' },
  ],
};

/**
 * The `done` of a fake engine, without a Report: the screens then build one from the findings
 * they saw with `services.buildReport`, as they do when a real engine is stopped twice. The
 * real engine's `done` (with its Report) is exercised by test/engine/front-ends.test.ts.
 */
export function fakeDone(interrupted: boolean): SiteEvent {
  return { type: 'done', interrupted } as unknown as SiteEvent;
}

/** A stream that yields the events, then `done`; stops early (interrupted) when the signal aborts. */
export async function* eventsOf(events: readonly RowEvent[], signal: AbortSignal): AsyncIterable<SiteEvent> {
  for (const event of events) {
    if (signal.aborted) break;
    await Promise.resolve();
    yield event;
  }
  yield fakeDone(signal.aborted);
}

/** A stream the test drives: push events, then end; it also ends (interrupted) when the signal aborts. */
export function channel() {
  const queue: RowEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(...events: RowEvent[]) {
      queue.push(...events);
      poke();
    },
    end() {
      closed = true;
      poke();
    },
    stream(signal: AbortSignal): AsyncIterable<SiteEvent> {
      signal.addEventListener('abort', poke);
      return (async function* () {
        for (;;) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          if (signal.aborted || closed) break;
          await new Promise<void>((resolve) => (wake = resolve));
        }
        yield fakeDone(signal.aborted);
      })();
    },
  };
}

/** The events of a whole run: planned, each target's steps, its finding. */
export function runEvents(findings: readonly { target: Target; finding: Finding }[]): RowEvent[] {
  const events: RowEvent[] = [{ type: 'planned', targets: findings.map((f) => f.target), at: 0 }];
  for (const { target: t, finding: f } of findings) {
    events.push({ type: 'step-started', key: t.key, step: 'dns', at: 0 });
    for (const step of f.steps) events.push({ type: 'observed', key: t.key, result: step, at: 0 });
    events.push({ type: 'finding', key: t.key, finding: f, at: 0 });
  }
  return events;
}
