import { describe, it } from 'vitest';
import { PULL_CASES } from './classify-cases-pull.js';
import { runCase } from './classify-fixtures.js';

describe('follow-the-pull 1: a pull judged as the runtime would end it', () => {
  it.each(PULL_CASES.map((c) => [c.name, c] as const))('follow-the-pull 1: %s', (_name, c) => {
    runCase(c);
  });
});
