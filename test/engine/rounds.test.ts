import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { watchIntervalMs, watchLine } from '../../src/cli/watch.js';
import { UsageError } from '../../src/cli/io.js';
import { classify, targetKey, type Target } from '../../src/diagnose/index.js';
import { isHostFinding, recheckTargets, updatedReport } from '../../src/engine/index.js';
import { findingKey } from '../../src/schema/index.js';
import { recheckRounds, type RoundsEnd } from '../../src/engine/rounds.js';
import { createNetwork, openListener, type Listener } from '../../src/net/index.js';
import { countsAsFailure, summarize, type Finding, type SiteEvent } from '../../src/report/index.js';
import { sampleReport } from '../report/sample-report.js';

const network = createNetwork({ systemCaPath: null });

type RecheckEvent = Exclude<SiteEvent, { readonly type: 'done' }> | { readonly type: 'done'; readonly reason: RoundsEnd; readonly findings: ReadonlyMap<string, Finding> };

interface RecheckOptions {
  readonly network: typeof network;
  readonly stepTimeoutMs: number;
  readonly maxTimeMs: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly intervalMs: number;
  readonly maxRounds?: number;
  readonly siteFlags?: string;
  readonly previous?: ReadonlyMap<string, Finding>;
}

/** The engine's rounds alone, ending with why they ended and the latest finding of each target. */
async function* recheck(targets: readonly Target[], options: RecheckOptions): AsyncGenerator<RecheckEvent> {
  const latest = new Map(options.previous ?? []);
  const { intervalMs, maxRounds, previous: _p, ...run } = options;
  const rounds = recheckRounds(targets, { ...run, proxyConcurrency: 4 }, { intervalMs, ...(maxRounds !== undefined ? { maxRounds } : {}) }, latest);
  for (;;) {
    const next = await rounds.next();
    if (next.done === true) {
      yield { type: 'done', reason: next.value, findings: latest };
      return;
    }
    yield next.value;
  }
}

function loopbackTarget(port: number): Target {
  const draft = { host: '127.0.0.1', port, transport: 'tcp' as const, scheme: 'tcp' as const, via: 'direct' as const };
  return { ...draft, key: targetKey(draft), pattern: '{peer}', check: 'listener', ruleIds: ['runai.internal.kubelet'], siteOwned: true, retired: false, peer: { direction: 'internal', listenerId: 'w4tch' } };
}

/** A free loopback port: opened by a listener and closed again. */
async function freePort(): Promise<number> {
  const probe = await openListener([{ port: 0, transport: 'tcp' }], { token: 'x0x0', host: '127.0.0.1' });
  const port = probe.opened[0]?.port ?? 0;
  await probe.close();
  return port;
}

describe('one-engine 1: re-check rounds (src/engine/rounds.ts)', () => {
  it('reruns a failing target until it passes, reporting fail -> pass as it happens', async () => {
    const port = await freePort();
    const target = loopbackTarget(port);
    const events: RecheckEvent[] = [];
    let listener: Listener | undefined;
    for await (const event of recheck([target], { network, stepTimeoutMs: 1_000, maxTimeMs: 5_000, concurrency: 4, signal: new AbortController().signal, intervalMs: 20, maxRounds: 5 })) {
      events.push(event);
      // The firewall change, between two rounds: the listener appears.
      if (event.type === 'change' && event.after.status === 'fail') listener = await openListener([{ port, transport: 'tcp' }], { token: 'w4tch', host: '127.0.0.1' });
    }
    await listener?.close();
    const changes = events.filter((e) => e.type === 'change').map((e) => `${e.before?.status ?? 'new'} -> ${e.after.status} ${e.after.cause ?? ''}`.trim());
    expect(changes).toEqual(['new -> fail peer.refused', 'fail -> pass']);
    const done = events[events.length - 1];
    expect(done?.type === 'done' && done.reason).toBe('all-passed');
    expect(events.filter((e) => e.type === 'round')).toHaveLength(2);
  });

  it('stops at the signal, between rounds', async () => {
    const controller = new AbortController();
    const target = loopbackTarget(await freePort());
    const reasons: string[] = [];
    for await (const event of recheck([target], { network, stepTimeoutMs: 500, maxTimeMs: 2_000, concurrency: 4, signal: controller.signal, intervalMs: 60_000 })) {
      if (event.type === 'change') controller.abort();
      if (event.type === 'done') reasons.push(event.reason);
    }
    expect(reasons).toEqual(['interrupted']);
  });

  it('field-ready 17: a re-checked finding prints commands with the site\'s flags', async () => {
    // A UDP port held by something that never answers: no echo, whose verify line is a netreq command.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((done) => silent.bind(0, '127.0.0.1', done));
    const draft = { host: '127.0.0.1', port: silent.address().port, transport: 'udp' as const, scheme: 'udp' as const, via: 'direct' as const };
    const udp: Target = { ...draft, key: targetKey(draft), pattern: '{peer}', check: 'listener', ruleIds: ['runai.internal.vxlan'], siteOwned: true, retired: false, peer: { direction: 'internal', listenerId: 'w4tch' } };
    let verify = '';
    for await (const e of recheck([udp], { network, stepTimeoutMs: 300, maxTimeMs: 2_000, concurrency: 1, signal: new AbortController().signal, intervalMs: 1, maxRounds: 1, siteFlags: '--product runai --role k8s-node' })) {
      if (e.type === 'change') verify = e.after.verify ?? '';
    }
    silent.close();
    expect(verify).toBe('netreq check --product runai --role k8s-node --peer 127.0.0.1');
  });

  it('does not rerun what already passes', async () => {
    const target = loopbackTarget(1);
    const passed = classify(target, [], { proxyConfigured: false });
    const events: RecheckEvent[] = [];
    for await (const e of recheck([target], { network, stepTimeoutMs: 100, maxTimeMs: 1_000, concurrency: 1, signal: new AbortController().signal, intervalMs: 1, previous: new Map([[target.key, { ...passed, status: 'pass' as const }]]) })) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['done']);
  });
});

describe('watch helpers', () => {
  it('reads --watch seconds and rejects a bad value', () => {
    expect(watchIntervalMs('5')).toBe(5_000);
    expect(watchIntervalMs(undefined)).toBe(30_000);
    expect(() => watchIntervalMs('soon')).toThrow(UsageError);
  });

  it('finds the failed targets of a report and puts the new findings in place', () => {
    const report = sampleReport();
    const failing = report.findings.filter((f) => f.status === 'fail');
    const targets = failing.map((f, i) => ({ ...loopbackTarget(1000 + i), key: findingKey(f) }));
    const { targets: matched, unmatched } = recheckTargets(report, targets.slice(1), countsAsFailure);
    expect(matched).toHaveLength(failing.length - 1);
    expect(unmatched).toHaveLength(1);
    const first = failing[0];
    if (!first) throw new Error('the sample has failures');
    const updated = updatedReport(report, new Map([[findingKey(first), { ...first, status: 'pass' as const }]]), undefined, false, isHostFinding);
    expect(updated.summary).toEqual({ ...summarize(report.findings), fail: summarize(report.findings).fail - 1, pass: summarize(report.findings).pass + 1 });
  });

  it('prints each change with a timestamp', () => {
    const target = loopbackTarget(10250);
    const before = { ...classify(target, [], { proxyConfigured: false }), status: 'fail' as const, cause: 'peer.timeout' };
    const { cause: _c, ...passed } = before;
    const line = watchLine({ type: 'change', target, before, after: { ...passed, status: 'pass' }, at: new Date(2025, 0, 1, 9, 5, 7) });
    expect(line).toBe('09:05:07  fail peer.timeout -> pass  127.0.0.1:10250/tcp  (runai.internal.kubelet)');
  });
});

describe('a --watch round cut short', () => {
  it('field-ready 4: says the round was incomplete, and keeps the target as it was rather than taking the cut for a result', async () => {
    const { startSilentPort } = await import('../../src/sim/index.js');
    const silent = await startSilentPort();
    try {
      const target = loopbackTarget(silent.port);
      const before = { ...classify(target, [], { proxyConfigured: false }), status: 'fail' as const, cause: 'peer.timeout' };
      const events: RecheckEvent[] = [];
      // A step deadline far beyond the round's limit: the round ends on its limit.
      for await (const event of recheck([target], { network, stepTimeoutMs: 30_000, maxTimeMs: 300, concurrency: 1, signal: new AbortController().signal, intervalMs: 1, maxRounds: 1, previous: new Map([[target.key, before]]) })) events.push(event);
      const lines = events.flatMap((e) => (e.type === 'done' ? [] : [watchLine(e)])).filter((line): line is string => line !== undefined);
      expect(lines.some((line) => /round 1 incomplete: 1 target not finished/.test(line)), lines.join('\n')).toBe(true);
      expect(events.some((e) => e.type === 'change')).toBe(false);
      const done = events.at(-1);
      expect(done?.type === 'done' && done.findings.get(target.key)?.cause).toBe('peer.timeout');
    } finally {
      await silent.close();
    }
  });
});
