// This machine's limits, as the probes record them: never a verdict on the network.
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { answers, attempt, dnsFail, dnsOk, runCase, tcp, type Case } from './classify-fixtures.js';

const HOST = 'registry.example.com';

const CASES: readonly Case[] = [
  { name: 'a connect that failed EMFILE', steps: [dnsOk(HOST, ['203.0.113.10']), tcp([attempt('203.0.113.10', 'error', 'EMFILE')])], status: 'skip', cause: 'check.local-limit', mentions: ['ulimit -n', 'EMFILE'] },
  { name: 'a connect that failed ENFILE', steps: [dnsOk(HOST, ['203.0.113.10']), tcp([attempt('203.0.113.10', 'error', 'ENFILE')])], status: 'skip', cause: 'check.local-limit', mentions: ['fs.file-max'] },
  { name: 'a DNS query never sent for lack of buffer space', steps: [dnsFail(HOST, 'ENOBUFS', 'error', answers('10.0.0.2', undefined, [], [], 'ENOBUFS'))], status: 'skip', cause: 'check.local-limit', mentions: ['socket buffer space'] },
  { name: 'a DNS socket that could not be opened', steps: [dnsFail(HOST, 'EAI_AGAIN', 'timeout', answers('10.0.0.2', undefined, [], [], 'EMFILE'))], status: 'skip', cause: 'check.local-limit', mentions: ['ulimit -n'] },
];

describe('classify: this machine\'s limits', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('field-ready 6: %s is skip check.local-limit, not the network', (_name, c) => {
    const finding = runCase(c);
    expect(exitCodeFor([finding], false)).toBe(1);
  });
});
