import { Profiler } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { SiteEvent } from '../../src/schema/index.js';
import type { RunEnd } from '../../src/ui/hooks/use-run.js';
import { LiveRunScreen } from '../../src/ui/screens/LiveRunScreen.js';
import type { RuleBrief } from '../../src/ui/types.js';
import { SUMMARY, channel, finding, target } from './fixtures.js';
import { KEY, renderUi, waitFor } from './render.js';

const briefs = new Map<string, RuleBrief>((SUMMARY.rules ?? []).map((r) => [r.id, r]));
const jfrog = target('runai.jfrog.io', 443, ['runai.jfrog']);
const registry = target('registry.runai.example', 443, ['runai.registry']);
const pypi = target('pypi.org', 443, ['runai.pypi']);

function mount(start: (signal: AbortSignal) => AsyncIterable<SiteEvent>, onRowRender?: (key: string) => void) {
  const ends: RunEnd[] = [];
  let commits = 0;
  const ui = renderUi(
    <Profiler id="live" onRender={() => (commits += 1)}>
      <LiveRunScreen start={start} briefs={briefs} isActive roles="installer" onEnd={(end) => ends.push(end)} flushMs={0} {...(onRowRender ? { onRowRender } : {})} />
    </Profiler>,
  );
  return { ui, ends, commits: () => commits };
}

describe('LiveRunScreen', () => {
  it('shows a row per target grouped by platform and section, the step in progress and the counts', async () => {
    const run = channel();
    const { ui, ends } = mount((signal) => run.stream(signal));
    run.push({ type: 'planned', targets: [jfrog, registry, pypi], at: 0 });
    await ui.waitForText('Checking 3 targets from this machine (installer)');
    const frame = ui.frame();
    expect(frame).toContain('Run:ai / installation');
    expect(frame).toContain('Run:ai / external access');
    expect(frame.indexOf('runai.jfrog.io')).toBeLessThan(frame.indexOf('Run:ai / external access'));
    expect(frame.indexOf('Run:ai / external access')).toBeLessThan(frame.indexOf('pypi.org'));

    run.push({ type: 'step-started', key: jfrog.key, step: 'tls', at: 1 });
    await ui.waitForText(/runai\.jfrog\.io:443\s+tls\.\.\./);
    expect(ui.frame()).toMatch(/pypi\.org:443\s+waiting/);

    run.push({ type: 'finding', key: jfrog.key, finding: finding(jfrog, 'fail', 'tcp.refused'), at: 2 });
    run.push({ type: 'finding', key: pypi.key, finding: finding(pypi, 'pass'), at: 3 });
    await ui.waitForText('2/3 done');
    expect(ui.frame()).toMatch(/x runai\.jfrog\.io:443\s+tcp\.refused/);
    expect(ui.frame()).toContain('x 1 fail');
    expect(ui.frame()).toContain('+ 1 pass');

    run.end();
    await waitFor(() => ends.length === 1);
    expect(ends[0]?.interrupted).toBe(false);
    expect(ends[0]?.findings.map((f) => f.target.host)).toEqual(['runai.jfrog.io', 'pypi.org']);
    ui.unmount();
  });

  it('stops on Ctrl-C and keeps what finished', async () => {
    const run = channel();
    const { ui, ends } = mount((signal) => run.stream(signal));
    run.push({ type: 'planned', targets: [jfrog, registry, pypi], at: 0 }, { type: 'finding', key: jfrog.key, finding: finding(jfrog, 'pass'), at: 1 });
    await ui.waitForText('1/3 done');
    await ui.press(KEY.ctrlC);
    await waitFor(() => ends.length === 1, () => ui.frame());
    expect(ends[0]).toMatchObject({ interrupted: true });
    expect(ends[0]?.findings).toHaveLength(1);
    ui.unmount();
  });

  it('a second Ctrl-C stops waiting for a runner that does not stop', async () => {
    const stuck = async function* () {
      yield { type: 'planned' as const, targets: [jfrog], at: 0 };
      await new Promise(() => undefined);
    };
    const { ui, ends } = mount(() => stuck());
    await ui.waitForText('Checking 1 targets');
    await ui.press(KEY.ctrlC);
    await ui.waitForText('Stopping: keeping what finished');
    expect(ends).toHaveLength(0);
    await ui.press(KEY.ctrlC);
    await waitFor(() => ends.length === 1);
    expect(ends[0]).toMatchObject({ interrupted: true, findings: [] });
    ui.unmount();
  });

  it('reports a runner that throws, keeping what finished', async () => {
    const broken = async function* () {
      yield { type: 'planned' as const, targets: [jfrog, pypi], at: 0 };
      yield { type: 'finding' as const, key: jfrog.key, finding: finding(jfrog, 'pass'), at: 1 };
      throw new Error('resolver exploded');
    };
    const { ui, ends } = mount(() => broken());
    await waitFor(() => ends.length === 1);
    expect(ends[0]).toMatchObject({ interrupted: true, error: 'resolver exploded' });
    expect(ends[0]?.findings).toHaveLength(1);
    ui.unmount();
  });

  it('fits 80x24 and scrolls: 200 targets never draw more lines than the terminal has', async () => {
    const targets = Array.from({ length: 200 }, (_, i) => target(`host-${String(i).padStart(3, '0')}.example.com`, 443, [i < 100 ? 'runai.jfrog' : 'runai.pypi']));
    const run = channel();
    const { ui } = mount((signal) => run.stream(signal));
    run.push({ type: 'planned', targets, at: 0 });
    await ui.waitForText('Checking 200 targets');
    expect(ui.frame().split('\n').length).toBeLessThanOrEqual(24);
    expect(Math.max(...ui.frame().split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    // Following the work: once the first 50 finish, the window shows the ones in progress.
    for (const t of targets.slice(0, 50)) run.push({ type: 'finding', key: t.key, finding: finding(t, 'pass'), at: 1 });
    await ui.waitForText('50/200 done');
    expect(ui.frame()).toContain('host-050.example.com');
    expect(ui.frame()).not.toContain('host-010.example.com');
    // The group's header stays on top while its rows scroll.
    expect(ui.frame().split('\n')[2]).toBe('Run:ai / installation');
    await ui.press(KEY.up, KEY.up, KEY.up);
    expect(ui.frame()).toContain('host-047.example.com');
    expect(ui.frame()).toContain('f follow');
    expect(ui.frame().split('\n').length).toBeLessThanOrEqual(24);
    run.end();
    ui.unmount();
  });

  it('updating 200 targets re-renders only the rows that changed', async () => {
    const renders = new Map<string, number>();
    const onRowRender = vi.fn((key: string) => renders.set(key, (renders.get(key) ?? 0) + 1));
    const targets = Array.from({ length: 200 }, (_, i) => target(`host-${String(i).padStart(3, '0')}.example.com`));
    const run = channel();
    const { ui, commits } = mount((signal) => run.stream(signal), onRowRender);
    run.push({ type: 'planned', targets, at: 0 });
    await ui.waitForText('Checking 200 targets');
    let events = 1;
    for (const [i, t] of targets.entries()) {
      const f = finding(t, i % 10 === 0 ? 'fail' : 'pass', i % 10 === 0 ? 'tcp.refused' : undefined);
      const seen = commits();
      run.push({ type: 'step-started', key: t.key, step: 'dns', at: 0 });
      for (const step of f.steps) run.push({ type: 'observed', key: t.key, result: step, at: 0 });
      run.push({ type: 'finding', key: t.key, finding: f, at: 0 });
      events += 2 + f.steps.length;
      await waitFor(() => commits() > seen);
    }
    await ui.waitForText('200/200 done');
    const screenRenders = commits();
    const total = [...renders.values()].reduce((a, b) => a + b, 0);
    // The figure (noted in the report): row renders against screen renders x visible rows,
    // which is what a tree re-rendering every row on each update would cost.
    console.log(`200 targets: ${events} events, ${screenRenders} screen renders, ${total} row renders (whole tree: ${screenRenders * 16})`);
    expect(screenRenders).toBeGreaterThan(100);
    expect(total).toBeLessThan(events);
    expect(total).toBeLessThan((screenRenders * 16) / 4);

    // One more event for one target re-renders that row alone.
    const before = new Map(renders);
    run.push({ type: 'finding', key: 'https://late.example.com:443/tcp via direct', finding: finding(target('late.example.com'), 'pass'), at: 0 });
    await ui.waitForText('201/201 done');
    const changed = [...renders.entries()].filter(([key, n]) => before.get(key) !== n).map(([key]) => key);
    expect(changed.length).toBeLessThanOrEqual(1);
    run.end();
    ui.unmount();
  });
});
