import { describe, expect, it } from 'vitest';
import { allSourceFiles, folderCycles, folderGraph, lineCount } from './import-graph.js';

describe('one-engine 4: folders that say what they hold', () => {
  const graph = folderGraph();

  it('has no import cycle between folders', () => {
    expect(folderCycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check is not vacuous)', () => {
    const withCycle = new Map([...graph].map(([k, v]) => [k, new Set(v)]));
    withCycle.get('schema')?.add('report');
    withCycle.get('report')?.add('schema');
    expect(folderCycles(withCycle)).toContain('report -> schema -> report');
  });

  it('report reads schemas and data only: no arrow to diagnose, probes, net or host', () => {
    const fromReport = [...(graph.get('report') ?? [])];
    expect(fromReport.filter((to) => ['diagnose', 'probes', 'net', 'host', 'ui', 'cli'].includes(to))).toEqual([]);
  });

  it('the leaf schemas import no folder but the shared vocabulary', () => {
    expect([...(graph.get('schema') ?? [])].filter((to) => to !== 'vocabulary')).toEqual([]);
  });

  it('host collection lives in src/host, its judge in src/diagnose', () => {
    const files = allSourceFiles();
    expect(files.filter((f) => f.startsWith('report/environment'))).toEqual([]);
    expect(files).toContain('host/gather.ts');
    expect(files).toContain('diagnose/runtime-findings.ts');
  });

  it('no source file is over 300 lines', () => {
    expect(allSourceFiles().filter((f) => lineCount(f) > 300)).toEqual([]);
  });
});
