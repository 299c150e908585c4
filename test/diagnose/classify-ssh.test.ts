import { describe, it } from 'vitest';
import { SSH_CASES } from './classify-cases-http.js';
import { runCase } from './classify-fixtures.js';

describe('classify: ssh', () => {
  it.each(SSH_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });
});
