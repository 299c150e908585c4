/** How much one host range may say: names it expands to, characters it may have. */
export const HOST_RANGE_LIMITS = { names: 10_000, characters: 16_384 } as const;

const SHOWN = 60;

/** The part of a long expression around `position`, so a message stays one line. */
function excerpt(expression: string, position: number): string {
  if (expression.length <= SHOWN) return expression;
  const from = Math.max(0, Math.min(position - SHOWN / 2, expression.length - SHOWN));
  return `${from > 0 ? '...' : ''}${expression.slice(from, from + SHOWN)}${from + SHOWN < expression.length ? '...' : ''}`;
}

/** A host range that does not parse, or says too much: the expression, where (0-based), what was expected there. */
export class HostRangeError extends Error {
  readonly expression: string;
  readonly position: number;
  readonly expected: string;

  constructor(expression: string, position: number, expected: string) {
    super(`host range "${excerpt(expression, position)}", at character ${position + 1}: expected ${expected}`);
    this.name = 'HostRangeError';
    this.expression = expression;
    this.position = position;
    this.expected = expected;
  }
}
