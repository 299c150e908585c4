// foldHostNames against ClusterShell's own `nodeset -f` (Debian's clustershell, /usr/bin/nodeset):
// the same names, the same folded text; zero padding kept. Names nodeset would read as a group,
// an option or markup are listed as they are, never folded and never dropped.
import { beforeAll, expect, it } from 'vitest';
import { describeWithDeps } from '../../harness/deps.js';
import { execTracked } from '../../harness/proc.js';
import { expandHostRange, foldHostNames } from '../../../src/fleet/nodes/index.js';

/** Names both fold (nodeset run on each row). */
const TABLE: readonly (readonly string[])[] = [
  ['gpu017', 'gpu018', 'gpu019'],
  ['gpu019', 'gpu017', 'gpu018', 'gpu017'],
  ['gpu001', 'gpu002', 'gpu004', 'sys1', 'sys2'],
  ['dgx01', 'dgx02', 'dgx03', 'dgx10', 'dgx11'],
  ['n8', 'n9', 'n09', 'n10', 'n010'],
  ['n098', 'n099', 'n100', 'n101'],
  ['r1n01', 'r1n02', 'r2n01', 'r2n02'],
  ['198.18.7.11', '198.18.7.12', '198.18.7.13', '198.18.8.1'],
  ['login', 'gpu1'],
  ['fe80::1', 'fe80::2'],
  ['node'],
];

let reference: string[] = [];

describeWithDeps('fleet 4: node names fold into host ranges as nodeset -f folds them', ['nodeset'], () => {
  beforeAll(async () => {
    reference = [];
    for (const names of TABLE) {
      const result = await execTracked('nodeset', ['-f', ...names], { timeoutMs: 20_000 });
      if (result.code !== 0) throw new Error(`nodeset -f ${names.join(' ')}: ${result.stderr}`);
      reference.push(result.stdout.trim());
    }
  }, 60_000);

  it.each(TABLE.map((names, i) => [names.join(' '), i] as const))('fleet 4: %s', (_, i) => {
    const names = TABLE[i] ?? [];
    expect(foldHostNames(names)).toBe(reference[i]);
    // The fold gives the names back.
    expect(new Set(expandHostRange(foldHostNames(names)))).toEqual(new Set(names));
  });
});

it('fleet 4: zero padding is kept and the example of the issue folds', () => {
  expect(foldHostNames(['gpu017', 'gpu018', 'gpu019'])).toBe('gpu[017-019]');
  expect(foldHostNames(['gpu7', 'gpu007'])).toBe('gpu[7,007]');
  expect(foldHostNames([])).toBe('');
});

it('fleet 4: a name that is no plain node name is listed as it is, never dropped, never thrown on', () => {
  expect(foldHostNames(['n1', 'n2', 'x<script>', 'root@n3', '-o', ''])).toBe('n[1-2],x<script>,root@n3,-o');
  expect(foldHostNames(['a,b'])).toBe('a,b');
  expect(foldHostNames(['n[1-2]', 'n3'])).toBe('n3,n[1-2]');
  const many = Array.from({ length: 10_001 }, (_, i) => `n${i}`);
  expect(foldHostNames(many).split(',')).toHaveLength(10_001);
});
