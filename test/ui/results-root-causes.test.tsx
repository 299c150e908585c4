import { describe, expect, it } from 'vitest';
import { resultLines } from '../../src/ui/plain/plain-lines.js';
import { ResultsScreen } from '../../src/ui/screens/ResultsScreen.js';
import { DNS_CAUSE, TLS_CAUSE, reportWithRootCauses } from './root-cause-fixtures.js';
import { KEY, renderUi } from './render.js';

const report = reportWithRootCauses();

/** The selectable rows of a results frame: `> x ...` or `  ! ...`. */
function rows(frame: string): string[] {
  return frame.split('\n').filter((line) => /^[> ] [x!+-] /.test(line));
}

function widest(frame: string): number {
  return Math.max(...frame.split('\n').map((line) => line.length));
}

function mount(theme: { rows?: number; columns?: number } = {}) {
  let next = 0;
  const ui = renderUi(<ResultsScreen report={report} isActive onNext={() => (next += 1)} />, theme);
  return { ui, nexts: () => next };
}

describe('ResultsScreen with root causes', () => {
  it('root-causes 2: two root causes and a failure standing alone: the root causes come first, each with its symbol, title, count and summary', () => {
    const { ui } = mount();
    const frame = ui.frame();
    const listed = rows(frame);
    expect(listed.map((r) => r.slice(4, 30))).toEqual(['This machine resolves no p', 'A TLS inspector re-signs t', 'runai.jfrog.io:443', 'pypi.org:443'].map((s) => s.padEnd(26).slice(0, 26)));
    expect(listed[0]).toMatch(/^> x This machine resolves no public names\s+explains 2\s+Resolver 10\.0\.0\.2 /);
    expect(listed[1]).toMatch(/^ {2}! A TLS inspector.*explains 1\s+Corp CA issued/);
    expect(frame.indexOf('Root causes (2)')).toBeLessThan(frame.indexOf('This machine resolves'));
    expect(frame.indexOf('Findings no root cause explains (2)')).toBeLessThan(frame.indexOf('runai.jfrog.io'));
    // The findings a root cause explains are under it, not in the list.
    expect(frame).not.toContain('gcr.io:443');
    expect(frame).not.toContain('quay.io:443');
    expect(frame).toContain('Showing: all, root causes first (4)  Tab: fail');
    expect(frame).toContain('Enter details  Tab filter  up/down move  n next: save and quit');
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });

  it('root-causes 2: Enter on the first root cause shows its evidence, what to do, the command, and the findings it explains', async () => {
    const { ui } = mount();
    await ui.press(KEY.enter);
    await ui.waitForText('Findings it explains (2)');
    const frame = ui.frame();
    expect(frame).toContain('FAIL  This machine resolves no public names  (root.dns-public-unresolved)');
    expect(frame).toContain('Resolver 10.0.0.2 answered NXDOMAIN for all 24 public names checked;');
    expect(frame).toContain('Evidence: resolver 10.0.0.2, rcode NXDOMAIN, public names 24, internal');
    expect(frame).toContain('What to do: Ask the DNS team to forward public names from 10.0.0.2');
    expect(frame).toContain('Check by hand: dig @10.0.0.2 gcr.io A');
    expect(rows(frame).map((r) => r.slice(4).split(/\s+/)[0])).toEqual(['gcr.io:443', 'quay.io:443']);
    expect(frame).toContain('Enter details  d full root cause  up/down move  Esc back to the root causes');
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });

  it('root-causes 2: Enter on a finding under a root cause shows its detail; Esc returns to the root cause, Backspace to the root causes', async () => {
    const { ui, nexts } = mount();
    await ui.press(KEY.enter, KEY.down, KEY.enter);
    await ui.waitForText('Esc back to the list');
    expect(ui.frame()).toContain('FAIL  quay.io:443  (https)');
    expect(ui.frame()).toContain('Fix DNS for quay.io.');
    await ui.press(KEY.escape);
    await ui.waitForText('Findings it explains (2)');
    expect(rows(ui.frame())[1]).toMatch(/^> x quay\.io:443/);
    await ui.press(KEY.backspace);
    await ui.waitForText('Root causes (2)');
    expect(rows(ui.frame())[0]).toMatch(/^> x This machine resolves/);
    expect(nexts()).toBe(0);
    // Esc on the root causes' list moves on, as it always did.
    await ui.press(KEY.escape);
    expect(nexts()).toBe(1);
  });

  it('root-causes 2: Esc on a root cause returns to the root causes; a finding standing alone opens as before', async () => {
    const { ui } = mount();
    await ui.press(KEY.down, KEY.enter);
    await ui.waitForText('Findings it explains (1)');
    expect(ui.frame()).toContain('WARN  A TLS inspector re-signs traffic with Corp CA');
    await ui.press(KEY.escape);
    await ui.waitForText('Root causes (2)');
    await ui.press(KEY.down, KEY.enter);
    await ui.waitForText('Esc back to the list');
    expect(ui.frame()).toContain('FAIL  runai.jfrog.io:443  (https)');
    expect(ui.frame()).toContain('Cause: tcp.refused');
  });

  it('root-causes 2: d shows the whole root cause: what happened, the entries to ask for, the targets', async () => {
    const { ui } = mount();
    await ui.press(KEY.down, KEY.enter, 'd');
    await ui.waitForText('Esc back to the root cause');
    const frame = ui.frame();
    for (const text of ['What happened', 'An interceptor re-signs TLS.', 'issuer: CN=Corp CA', 'Allow-list entries to ask for', '*.blob.core.windows.net:443', 'openssl s_client', 'Targets it explains (1)']) {
      expect(frame).toContain(text);
    }
    await ui.press(KEY.escape);
    await ui.waitForText('Findings it explains (1)');
  });

  it('root-causes 2: Tab filters root causes and findings alike by status', async () => {
    const { ui } = mount();
    await ui.press(KEY.tab);
    await ui.waitForText('Showing: fail (2)');
    expect(rows(ui.frame()).map((r) => r.slice(4, 18))).toEqual(['This machine r', 'runai.jfrog.io']);
    await ui.press(KEY.tab, KEY.tab, KEY.tab);
    await ui.waitForText('Showing: pass (1)');
    expect(ui.frame()).not.toContain('Root causes');
    expect(rows(ui.frame())).toHaveLength(1);
  });

  it('root-causes 2: on a short terminal the root cause is cut to leave room for its findings, and says d shows it all', async () => {
    const { ui } = mount({ rows: 14 });
    await ui.press(KEY.enter);
    await ui.waitForText('Findings it explains (2)');
    expect(ui.frame()).toMatch(/\.\.\. \d+ more lines: d shows the full root cause/);
    expect(rows(ui.frame())).toHaveLength(2);
    expect(ui.frame().split('\n').length).toBeLessThanOrEqual(14);
  });

  it('root-causes 2: texts from the report are sanitised: no escape sequences, no bidi overrides, no credentials', async () => {
    const hostile = {
      ...DNS_CAUSE,
      title: 'Evil \u001b[2J\u001b]0;pwned\u0007title\u202e',
      summary: 'line one\nline two \u001b[31mred',
      evidence: { 'proxy\u001b[1A': 'http://bob:hunter2@proxy:3128' },
      verify: 'curl -x http://bob:hunter2@proxy:3128 https://gcr.io',
    };
    const ui = renderUi(<ResultsScreen report={reportWithRootCauses([hostile, TLS_CAUSE])} isActive onNext={() => undefined} />);
    const list = ui.frame();
    await ui.press(KEY.enter);
    await ui.waitForText('Findings it explains (2)');
    const detail = ui.frame();
    await ui.press('d');
    await ui.waitForText('Esc back to the root cause');
    const plain = resultLines(reportWithRootCauses([hostile, TLS_CAUSE])).join('\n');
    for (const text of [list, detail, ui.frame(), plain]) {
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      expect(text).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(text).not.toContain('hunter2');
      expect(text).toContain('Evil title');
    }
    expect(list).toMatch(/explains 2\s+line one line two red/);
  });
});

describe('plain mode with root causes', () => {
  it('root-causes 2: plain mode prints the root causes first (title, summary, evidence, what to do, command, targets), then the findings standing alone', () => {
    const lines = resultLines(report, 80);
    const text = lines.join('\n');
    const order = [
      'Results, root causes first:',
      'FAIL This machine resolves no public names  (root.dns-public-unresolved)',
      '  Resolver 10.0.0.2 answered NXDOMAIN for all 24 public names checked; internal',
      '  Evidence: resolver 10.0.0.2, rcode NXDOMAIN, public names 24, internal',
      '  What to do: Ask the DNS team to forward public names from 10.0.0.2 to an',
      '  Check by hand: dig @10.0.0.2 gcr.io A',
      '  Explains 2 targets: gcr.io:443, quay.io:443',
      'WARN A TLS inspector re-signs traffic with Corp CA  (root.tls-inspection-ca)',
      '  Explains 1 target: acme.blob.core.windows.net:443',
      'Findings no root cause explains, failures first:',
      'FAIL runai.jfrog.io:443  tcp.refused',
      '1 other targets passed.',
      'Done: 1 pass, 1 warn, 3 fail, 0 skip.',
    ];
    const at = order.map((line) => lines.indexOf(line));
    expect(at.every((i) => i >= 0), `missing: ${order.filter((_, i) => at[i] === -1).join(' | ')}\n${text}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // A finding a root cause explains is not printed again on its own.
    expect(text).not.toMatch(/^(FAIL|WARN) (gcr\.io|quay\.io|acme\.blob\.core\.windows\.net):443/m);
    expect(Math.max(...lines.filter((l) => !l.includes('Check by hand')).map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('root-causes 2: with every non-passing finding explained, plain mode has no standing-alone section', () => {
    const text = resultLines(reportWithRootCauses([DNS_CAUSE], [report.findings[0]!, report.findings[2]!, report.findings[4]!]), 80).join('\n');
    expect(text).toContain('Results, root causes first:');
    expect(text).not.toContain('Findings no root cause explains');
    expect(text).toContain('1 other targets passed.');
  });
});
