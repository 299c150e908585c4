import { describe, expect, it } from 'vitest';
import { orderFindings } from '../../src/ui/finding-order.js';
import { itemWindow, resultList } from '../../src/ui/result-items.js';
import { explainedBy, standingAlone } from '../../src/ui/root-cause-groups.js';
import { DNS_CAUSE, TLS_CAUSE, blob, gcr, jfrog, pypi, quay, reportWithRootCauses } from './root-cause-fixtures.js';

const report = reportWithRootCauses();

describe('the results list with root causes', () => {
  it('root-causes 2: without root causes the list is the findings alone, failures first, without headings', () => {
    for (const rootCauses of [undefined, []]) {
      const list = resultList({ findings: report.findings, ...(rootCauses ? { rootCauses } : {}) }, 'all');
      expect(list.hasRootCauses).toBe(false);
      expect(list.items.map((i) => i.kind)).toEqual(Array(5).fill('finding'));
      expect(list.rows.map((r) => (r.kind === 'finding' ? r.finding : undefined))).toEqual(orderFindings(report.findings));
    }
  });

  it('root-causes 2: root causes under a heading, then the findings no root cause explains; each root cause carries its findings', () => {
    const list = resultList(report, 'all');
    expect(list.items.map((i) => (i.kind === 'heading' ? i.text : i.kind))).toEqual(['Root causes (2)', 'cause', 'cause', 'Findings no root cause explains (2)', 'finding', 'finding']);
    expect(list.at).toEqual([1, 2, 4, 5]);
    const [first] = list.rows;
    expect(first?.kind === 'cause' ? first.findings : []).toEqual([gcr, quay]);
    expect(explainedBy(report.findings, TLS_CAUSE)).toEqual([blob]);
    expect(standingAlone(report)).toEqual([pypi, jfrog]);
  });

  it('root-causes 2: a filter applies to root causes and findings alike; an empty section has no heading', () => {
    expect(resultList(report, 'warn').items.map((i) => (i.kind === 'heading' ? i.text : i.kind))).toEqual(['Root causes (1)', 'cause']);
    expect(resultList(report, 'pass').items.map((i) => (i.kind === 'heading' ? i.text : i.kind))).toEqual(['Findings no root cause explains (1)', 'finding']);
    expect(resultList(reportWithRootCauses([DNS_CAUSE]), 'skip').rows).toEqual([]);
  });

  it('root-causes 2: the window keeps the selected row in view, and the heading just above it when scrolling back up', () => {
    const { items } = resultList(report, 'all');
    expect(itemWindow(0, 5, 3, items)).toBe(3);
    expect(itemWindow(3, 4, 3, items)).toBe(3);
    // Back up to the first root cause: its heading comes into view too.
    expect(itemWindow(3, 2, 3, items)).toBe(2);
    expect(itemWindow(2, 1, 3, items)).toBe(0);
  });
});
