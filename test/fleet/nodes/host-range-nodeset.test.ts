// Host ranges against ClusterShell's nodeset itself: each expression is expanded by nodeset and
// by expandHostRange, each expansion folded by nodeset -f and by foldHostRange. nodeset runs
// through its own entry point, many times in one Python process (test/fixtures/fleet/nodeset-batch.py;
// a process per row costs a quarter second), and the first rows through /usr/bin/nodeset too, to
// show the batch answers as the command does.
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeWithDeps } from '../../harness/deps.js';
import { execTracked } from '../../harness/proc.js';
import { expandHostRange, foldHostRange, HostRangeError } from '../../../src/fleet/nodes/index.js';

const BATCH = fileURLToPath(new URL('../../fixtures/fleet/nodeset-batch.py', import.meta.url));

/** Expressions both expand the same way (order and duplicates included). */
const VALID = [
  'gpu[001-003,7],sys[1-2]',
  'gpu[001-064]',
  'gpu[1-10]',
  'gpu[08-11]',
  'gpu[098-101]',
  'n[1-9/2]',
  'n[01-10/3]',
  'n[1-4/2,7]',
  'n[3,1,2]',
  'n[1-3],n2',
  'a,b,a',
  'b1,a1,a',
  'n1,n01',
  'n[09-10],n9,n8',
  'n00,n0,n000',
  'n[0-0]',
  'node',
  'x[1-2],y',
  'r[1-2]n[01-02]',
  'n[1-3]a[1-2]',
  'rack[1-2]-node[01-04]',
  'n[1-2]x[3-4]y[5-6],n3x3y5',
  'r3n[1-5],r[1-2]n1',
  'r1n2,r2n1,r1n1',
  'x1y2,x2y1,x1y1,x2y2',
  'r[1-2]n[1-2],r3n1,r1n3',
  'n[1-3]-ib',
  'n[1-3]-ib,n[1-3]',
  'foo[1-2]bar',
  'n1.example.com',
  'n[1-2].x[1-2]',
  'gpu[01-02].cluster.local',
  '10.0.0.[1-3]',
  '10.0.[0-1].[1-2],10.0.2.1',
  '192.168.[1-2].[10-12],192.168.3.10',
  'dgx-a100-[001-004]',
  'dgx-h100-[1-2]-ib[0-1]',
  'n1[01-03]',
  'n0[1-3]',
  'n1[1-5/2]',
  'n[1-2,5]0',
  'n[01-02]0',
  '5[1-2]',
  '[1-3]',
  'node_[1-2]',
  ' a , b ',
  'gpu[001-064],gpu[033-096],sys[1-3]',
  'n[1-10000]',
];

/** Expressions nodeset refuses too. */
const INVALID = [
  'n[]',
  'n[1-',
  'n[3-1]',
  'n[a-c]',
  'n[9-011]',
  'n[001-3]',
  'n[01-2]',
  'n[1-]',
  'n[1-2/0]',
  'n[5/2]',
  'n[1,,2]',
  'n[1-2],',
  ',n1',
  'a,,b',
  'n[1-2][3-4]',
  'n[1-2]5[3-4]',
  'n0[8-10]',
  'n[1-9/2]0',
  'n[1-2]]',
  'n[[1-2]]',
  'n[1-2]x]',
  'n]',
];

/** Name lists folded by both (beyond the expansions above). */
const FOLDS: readonly (readonly string[])[] = [
  ['gpu017', 'gpu018', 'gpu019'],
  ['gpu019', 'gpu017', 'gpu018', 'gpu017'],
  ['n1', 'n3', 'n5', 'n6', 'n7', 'n10'],
  ['n8', 'n9', 'n09', 'n10', 'n010'],
  ['sys1', 'gpu2', 'gpu1', 'login'],
  ['10.0.0.1', '10.0.0.2', '10.0.1.1', '10.0.1.2', '10.0.2.7', '10.1.0.1'],
  ['r1n1', 'r1n2', 'r2n2', 'r3n1', 'r3n2', 'r3n3'],
  Array.from({ length: 300 }, (_, i) => `10.0.${Math.floor(i / 50)}.${(i * 7) % 50}`),
];

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function nodesetBatch(runs: readonly (readonly string[])[]): Promise<Run[]> {
  const result = await execTracked(BATCH, [], { input: JSON.stringify(runs), timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`nodeset-batch failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Run);
}

const words = (out: string): string[] => out.trim().split(/\s+/).filter((w) => w !== '');

describeWithDeps('fleet 1: host ranges expand and fold as ClusterShell nodeset does', ['nodeset', 'python3'], () => {
  let expanded: Run[] = [];
  let invalid: Run[] = [];
  let foldedOurs: Run[] = [];
  let folds: Run[] = [];

  beforeAll(async () => {
    expanded = await nodesetBatch(VALID.map((e) => ['-e', e]));
    invalid = await nodesetBatch(INVALID.map((e) => ['-e', e]));
    foldedOurs = await nodesetBatch(VALID.map((e) => ['-f', ...words(expanded[VALID.indexOf(e)]?.out ?? '')]));
    folds = await nodesetBatch(FOLDS.map((names) => ['-f', ...names]));
  }, 60_000);

  it('fleet 1: the batch answers as /usr/bin/nodeset does', async () => {
    for (const [i, e] of VALID.slice(0, 3).entries()) {
      const real = await execTracked('nodeset', ['-e', e], { timeoutMs: 20_000 });
      expect(real.stdout).toBe(expanded[i]?.out);
    }
    const real = await execTracked('nodeset', ['-e', 'n[3-1]'], { timeoutMs: 20_000 });
    expect(real.code).not.toBe(0);
    expect(invalid[INVALID.indexOf('n[3-1]')]?.code).toBe(real.code);
  });

  it.each(VALID.map((e, i) => [e, i] as const))('fleet 1: %j expands as nodeset -e expands it', (expression, i) => {
    const reference = expanded[i];
    expect(reference?.code, reference?.err).toBe(0);
    expect(expandHostRange(expression)).toEqual(words(reference?.out ?? ''));
  });

  it.each(VALID.map((e, i) => [e, i] as const))('fleet 1: the names of %j fold as nodeset -f folds them', (expression, i) => {
    const reference = foldedOurs[i];
    expect(reference?.code, reference?.err).toBe(0);
    expect(foldHostRange(expandHostRange(expression))).toBe(reference?.out.trim());
  });

  it.each(FOLDS.map((names, i) => [names.slice(0, 4).join(' '), i] as const))('fleet 1: %s... fold as nodeset -f folds them', (_, i) => {
    const names = FOLDS[i] ?? [];
    expect(foldHostRange(names)).toBe(folds[i]?.out.trim());
    // The fold is a host range that gives the names back.
    expect(new Set(expandHostRange(foldHostRange(names)))).toEqual(new Set(names));
  });

  it.each(INVALID.map((e, i) => [e, i] as const))('fleet 1: %j is refused, as nodeset refuses it', (expression, i) => {
    expect(invalid[i]?.code, invalid[i]?.out).not.toBe(0);
    expect(() => expandHostRange(expression)).toThrow(HostRangeError);
  });
});
