import { describe, expect, it } from 'vitest';
import { INITIAL_RUN, followLine, groupOf, runLines, runReducer } from '../../src/ui/run-state.js';
import type { RuleBrief } from '../../src/ui/types.js';
import { finding, target } from './fixtures.js';

const briefs = new Map<string, RuleBrief>([['runai.jfrog', { id: 'runai.jfrog', product: 'runai', section: 'installation' }]]);
const reduce = runReducer(briefs);
const a = target('a.example', 443, ['runai.jfrog']);
const b = target('b.example', 443, ['azureml.x']);

describe('run state', () => {
  it('groups rows by platform and section, or by the rule id prefix without a brief', () => {
    expect(groupOf(['runai.jfrog'], briefs)).toBe('Run:ai / installation');
    expect(groupOf(['azureml.x'], briefs)).toBe('azureml');
    const s = reduce(INITIAL_RUN, { type: 'events', events: [{ type: 'planned', targets: [a, b], at: 0 }] });
    expect(s.groups).toEqual([
      { label: 'Run:ai / installation', keys: [a.key] },
      { label: 'azureml', keys: [b.key] },
    ]);
    expect(runLines(s.groups).map((l) => l.kind)).toEqual(['group', 'row', 'group', 'row']);
  });

  it('tracks the step in progress, then the outcome and counts; unchanged rows keep their identity', () => {
    let s = reduce(INITIAL_RUN, { type: 'events', events: [{ type: 'planned', targets: [a, b], at: 0 }] });
    const rowB = s.rows[b.key];
    s = reduce(s, { type: 'events', events: [{ type: 'step-started', key: a.key, step: 'tcp', at: 1 }] });
    expect(s.rows[a.key]).toMatchObject({ status: 'running', step: 'tcp' });
    expect(s.rows[b.key]).toBe(rowB);
    s = reduce(s, { type: 'events', events: [{ type: 'finding', key: a.key, finding: finding(a, 'fail', 'tcp.refused'), at: 2 }] });
    expect(s.rows[a.key]).toMatchObject({ status: 'fail', cause: 'tcp.refused', ms: 6 });
    expect(s.counts).toEqual({ pass: 0, warn: 0, fail: 1, skip: 0 });
    expect(s.finished).toBe(1);
    // A second finding for the same target is not counted twice.
    s = reduce(s, { type: 'events', events: [{ type: 'finding', key: a.key, finding: finding(a, 'pass'), at: 3 }] });
    expect(s.counts.fail + s.counts.pass).toBe(1);
    s = reduce(s, { type: 'events', events: [{ type: 'done', interrupted: true, at: 4 }] });
    expect(s).toMatchObject({ done: true, interrupted: true });
  });

  it('follows the first row still pending or running', () => {
    let s = reduce(INITIAL_RUN, { type: 'events', events: [{ type: 'planned', targets: [a, b], at: 0 }] });
    expect(followLine(runLines(s.groups), s.rows)).toBe(0);
    s = reduce(s, { type: 'events', events: [{ type: 'finding', key: a.key, finding: finding(a, 'pass'), at: 1 }] });
    expect(followLine(runLines(s.groups), s.rows)).toBe(2);
  });
});
