import { describe, it } from 'vitest';
import { HTTP_CASES, HTTP_EXTRA_CASES } from './classify-cases-http.js';
import { runCase } from './classify-fixtures.js';

describe('classify: http', () => {
  it.each([...HTTP_CASES, ...HTTP_EXTRA_CASES].map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });
});
