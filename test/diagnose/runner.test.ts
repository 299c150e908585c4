import { afterEach, describe, expect, it } from 'vitest';
import { run, targetKey, type Finding, type RunEvent, type Target } from '../../src/diagnose/index.js';
import { startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';

const sites: SimSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function site(spec: SiteSpecInput): Promise<SimSite> {
  const started = await startSite(spec);
  sites.push(started);
  return started;
}

function target(host: string, port = 443): Target {
  const draft = { host, port, transport: 'tcp', scheme: 'https', via: 'direct' } as const;
  return { ...draft, key: targetKey(draft), check: 'https-reachable', ruleIds: [`test.${host}`], siteOwned: false, retired: false };
}

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const all: RunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const findings = (events: readonly RunEvent[]): (RunEvent & { type: 'finding' })[] =>
  events.filter((e): e is RunEvent & { type: 'finding' } => e.type === 'finding');

const TIMEOUT = 800;
const options = (s: SimSite, signal = new AbortController().signal) => ({
  network: s.network,
  signal,
  stepTimeoutMs: TIMEOUT,
  maxTimeMs: 30_000,
  concurrency: 64,
  proxyConcurrency: 16,
});

describe('the runner', () => {
  it('checks 50 targets of which 10 never answer in about one deadline, not ten', async () => {
    const silent = Array.from({ length: 10 }, (_, i) => `silent-${i}.example.com`);
    const healthy = Array.from({ length: 40 }, (_, i) => `ok-${i}.example.com`);
    const s = await site({ hosts: Object.fromEntries(silent.map((h) => [h, { ports: { 443: 'silent' } }])) });
    const events = await collect(run([...silent, ...healthy].map((h) => target(h)), options(s)));
    const byHost = new Map(findings(events).map((e) => [e.finding.target.host, e]));
    expect(byHost.size).toBe(50);
    for (const host of silent) expect(byHost.get(host)?.finding).toMatchObject({ status: 'fail', cause: 'tcp.timeout' });
    for (const host of healthy) expect(byHost.get(host)?.finding.status).toBe('pass');
    // Each silent host costs one deadline; had they waited on each other, the last would finish near ten.
    const silentDone = silent.map((h) => byHost.get(h)?.at ?? Infinity);
    expect(Math.max(...silentDone)).toBeLessThan(2 * TIMEOUT + 1_000);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', interrupted: false });
  });

  it('serves every rule of a shared target with one finding', async () => {
    const s = await site({});
    const shared = { ...target('runai.jfrog.io'), ruleIds: ['runai.registry', 'runai.helm-repo'] };
    const events = await collect(run([shared], options(s)));
    const only = findings(events);
    expect(only).toHaveLength(1);
    expect(only[0]?.finding.ruleIds).toEqual(['runai.registry', 'runai.helm-repo']);
  });

  it('stops at once on abort and lists what did not finish as skip check.interrupted', async () => {
    const silent = Array.from({ length: 5 }, (_, i) => `silent-${i}.example.com`);
    const s = await site({ hosts: Object.fromEntries(silent.map((h) => [h, { ports: { 443: 'silent' } }])) });
    const controller = new AbortController();
    const seen: RunEvent[] = [];
    for await (const event of run([target('fast.example.com'), ...silent.map((h) => target(h))], { ...options(s, controller.signal), stepTimeoutMs: 20_000 })) {
      seen.push(event);
      if (event.type === 'finding') controller.abort();
    }
    const byHost = new Map(findings(seen).map((e) => [e.finding.target.host, e.finding]));
    expect(byHost.get('fast.example.com')?.status).toBe('pass');
    for (const host of silent) expect(byHost.get(host)).toMatchObject({ status: 'skip', cause: 'check.interrupted' });
    expect(seen.at(-1)).toMatchObject({ type: 'done', interrupted: true });
    // The abort ended the silent connects long before their 20 s deadline.
    expect(seen.at(-1)?.at ?? Infinity).toBeLessThan(10_000);
  });

  it('turns targets the whole-run limit cuts short into skips, never passes', async () => {
    const s = await site({ hosts: { 'slow.example.com': { ports: { 443: 'silent' } } } });
    const events = await collect(run([target('slow.example.com')], { ...options(s), stepTimeoutMs: 20_000, maxTimeMs: 300 }));
    const finding: Finding | undefined = findings(events)[0]?.finding;
    expect(finding?.status).toBe('skip');
    expect(finding?.cause).toBe('check.time-limit');
    expect(finding?.steps.map((step) => step.step)).toEqual(['dns', 'tcp']);
  });
});
