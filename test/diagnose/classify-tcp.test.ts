import { describe, it } from 'vitest';
import { TCP_CASES, TCP_EXTRA_CASES } from './classify-cases-tcp.js';
import { runCase } from './classify-fixtures.js';

describe('classify: tcp', () => {
  it.each([...TCP_CASES, ...TCP_EXTRA_CASES].map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });
});
